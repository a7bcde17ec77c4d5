import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type CaseState, evolve, initialState, instantFromMillis } from '@casefold/core';
import { modelCommand as modelled } from '@casefold/core/testing';
import { decideGrid, report } from './gridEventFixtures.js';

/**
 * Model-based test: the decider under the grid-event workflow against a small reference
 * model of one exposed-rubbish event (docs/domain.md §3c, G1–G12), written from the rule
 * table, not from the workflow data: the Majie centre receives, files, dispatches, checks
 * and closes; the district sanitation station handles.
 */
interface Model {
  stage: string;
  unit: string;
  channel: string;
  verified: boolean;
  /** The disposal clock: `null` when none runs, else how far it was extended. */
  clock: { extendedBy: number } | null;
  reworks: number;
  supervision: number;
}
interface Real {
  state: CaseState;
  events: AnyCaseEvent[];
  clock: number;
}

const CENTRE = 'majie';
const UNIT = 'xishan-sanitation';
const RULE = 'disposal.exposedRubbish';
const EXTENSION_CAP = 4; // the limit again: 4 working hours
const FIELD_STAFF = ['inspector', 'gridWorker'];
const NEEDS_VERIFICATION = ['citizen', 'hotline', 'media'];
const OPEN = ['filed', 'dispatched', 'inHandling', 'parkRequested', 'parked', 'disposed', 'rework'];

const decideStep = (real: Real, role: string, unit: string, command: Record<string, unknown>): boolean => {
  real.clock += 3_600_000;
  const result = decideGrid(real.state, { at: instantFromMillis(real.clock), role, unit, command: { caseId: 'GM-1', ...command } });
  if (E.isLeft(result)) return false;
  for (const event of result.right) {
    real.state = evolve(real.state, event);
    real.events.push(event);
  }
  return true;
};

/** A model command: whether the model accepts it, how it changes the model, and who sends which real command. */
const modelCommand = (name: string, accepts: (m: Model) => boolean, update: (m: Model) => void, send: (m: Model) => { role: string; unit: string; command: Record<string, unknown> }) =>
  modelled({
    name,
    expected: accepts,
    update,
    send,
    decide: (r: Real, { role, unit, command }) => decideStep(r, role, unit, command),
    stageOf: (r) => r.state.stage,
    check: (m, r) => {
      expect(r.state.handlingUnit ?? CENTRE).toBe(m.unit);
      const clock = r.state.clocks[RULE];
      expect(clock !== undefined && clock.stoppedAt === null ? { extendedBy: clock.extendedBy } : null).toEqual(m.clock);
      expect(r.state.facts['ReworkStarted']?.count ?? 0).toBe(m.reworks);
    },
  });

const at = (m: Model, ...stages: string[]) => stages.includes(m.stage);
const centre = (role: string, command: Record<string, unknown>) => () => ({ role, unit: CENTRE, command });
const station = (role: string, command: Record<string, unknown>) => () => ({ role, unit: UNIT, command });
const SUPERVISION = ['normal', 'yellow', 'red'];

const commands = [
  fc.tuple(fc.constantFrom('patrol', 'citizen', 'hotline', 'video'), fc.constantFrom('inspector', 'intakeClerk')).map(([channel, role]) =>
    modelCommand(
      `Submit ${channel} by ${role}`,
      (m) => m.stage === 'new' && (channel !== 'patrol' || FIELD_STAFF.includes(role)),
      (m) => {
        m.stage = 'reported';
        m.channel = channel;
      },
      centre(role, report('GM-1', { channel })),
    ),
  ),
  fc.constant(
    modelCommand(
      'RequestVerification',
      (m) => at(m, 'reported'),
      (m) => void (m.stage = 'verifying'),
      centre('intakeClerk', { type: 'RequestVerification', note: 'Please confirm' }),
    ),
  ),
  fc.boolean().map((confirmed) =>
    modelCommand(
      `VerifyOnSite ${confirmed}`,
      (m) => at(m, 'verifying'),
      (m) => void (m.verified = confirmed),
      centre('inspector', { type: 'VerifyOnSite', confirmed, findings: 'On site' }),
    ),
  ),
  fc.constant(
    modelCommand(
      'FileEvent',
      (m) => at(m, 'reported', 'verifying') && (!NEEDS_VERIFICATION.includes(m.channel) || m.verified),
      (m) => void (m.stage = 'filed'),
      centre('shiftLead', { type: 'FileEvent', fiveFixes: { matter: 'Rubbish', grid: 'grid-7', person: 'gridWorker-7', responsibility: UNIT, closure: 'Cleared' } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Cancel',
      (m) => at(m, 'reported', 'verifying'),
      (m) => void (m.stage = 'cancelled'),
      centre('shiftLead', { type: 'Review', decision: { outcome: 'rejected', reason: 'duplicate', note: 'Reported twice' } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Dispatch',
      (m) => at(m, 'filed'),
      (m) => {
        m.stage = 'dispatched';
        m.unit = UNIT;
        m.clock = { extendedBy: 0 };
      },
      centre('dispatcher', { type: 'Dispatch', to: UNIT, reason: null }),
    ),
  ),
  fc.constantFrom(UNIT, CENTRE).map((unit) =>
    modelCommand(
      `AcceptEvent at ${unit}`,
      (m) => at(m, 'dispatched') && unit === m.unit,
      (m) => void (m.stage = 'inHandling'),
      () => ({ role: 'unitHandler', unit, command: { type: 'AcceptEvent', note: null } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'ReturnToSender',
      (m) => at(m, 'dispatched', 'inHandling'),
      (m) => {
        m.stage = 'filed';
        m.unit = CENTRE;
        m.clock = null;
      },
      station('unitHandler', { type: 'ReturnToSender', reason: 'Private land' }),
    ),
  ),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(UNIT, CENTRE)).map(([by, unit]) =>
    modelCommand(
      `ExtendDeadline by ${by} at ${unit}`,
      (m) => at(m, 'dispatched', 'inHandling', 'parkRequested') && m.clock !== null && unit !== m.unit && m.clock.extendedBy + by <= EXTENSION_CAP,
      (m) => void (m.clock = { extendedBy: (m.clock?.extendedBy ?? 0) + by }),
      () => ({ role: 'leaderInCharge', unit, command: { type: 'ExtendDeadline', rule: RULE, by, reason: 'Rain' } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'RequestPark',
      (m) => at(m, 'inHandling'),
      (m) => void (m.stage = 'parkRequested'),
      station('unitHandler', { type: 'RequestPark', explanation: 'Budget' }),
    ),
  ),
  fc.constantFrom('approved', 'refused').map((decision) =>
    modelCommand(
      `DecidePark ${decision}`,
      (m) => at(m, 'parkRequested'),
      (m) => {
        m.stage = decision === 'approved' ? 'parked' : 'inHandling';
        if (decision === 'approved') m.clock = null;
      },
      centre('shiftLead', { type: 'DecidePark', decision, note: 'Checked' }),
    ),
  ),
  fc.constant(
    modelCommand(
      'LiftPark',
      (m) => at(m, 'parked'),
      (m) => void (m.stage = 'inHandling'),
      centre('shiftLead', { type: 'LiftPark', reason: 'Budget approved' }),
    ),
  ),
  fc.boolean().map((withEvidence) =>
    modelCommand(
      `DisposeEvent ${withEvidence ? 'with' : 'without'} evidence`,
      (m) => at(m, 'inHandling') && withEvidence,
      (m) => {
        m.stage = 'disposed';
        m.clock = null;
      },
      station('unitHandler', { type: 'DisposeEvent', result: 'Cleared', evidence: withEvidence ? ['photo-1'] : [] }),
    ),
  ),
  fc.constantFrom('passed', 'failed').map((result) =>
    modelCommand(
      `RecordCheck ${result}`,
      (m) => at(m, 'disposed'),
      (m) => void (m.stage = result === 'passed' ? 'checked' : 'rework'),
      centre('inspector', { type: 'RecordCheck', result, findings: 'On site' }),
    ),
  ),
  fc.constant(
    modelCommand(
      'StartRework',
      (m) => at(m, 'rework'),
      (m) => {
        m.stage = 'inHandling';
        m.reworks += 1;
      },
      station('unitHandler', { type: 'StartRework', note: null }),
    ),
  ),
  fc.constant(
    modelCommand(
      'EvaluateEvent',
      (m) => at(m, 'checked'),
      (m) => void (m.stage = 'evaluated'),
      centre('shiftLead', { type: 'EvaluateEvent', score: 90, note: null }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Close',
      (m) => at(m, 'cancelled', 'evaluated', 'parked'),
      (m) => void (m.stage = 'closed'),
      centre('shiftLead', { type: 'Close', referredTo: null, note: null }),
    ),
  ),
  fc.constantFrom('yellow', 'red').map((level) =>
    modelCommand(
      `RaiseSupervision ${level}`,
      (m) => at(m, ...OPEN) && SUPERVISION.indexOf(level) > m.supervision,
      (m) => void (m.supervision = SUPERVISION.indexOf(level)),
      centre('leaderInCharge', { type: 'RaiseSupervision', level, reason: 'Slow' }),
    ),
  ),
];

describe('the grid-event decider against a reference model', () => {
  it('accepts exactly what the model accepts, and ends in the model’s stage, unit, clock and rework count', () => {
    let closed = 0;
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80, size: 'max' }), (cmds) => {
        const real: Real = { state: initialState, events: [], clock: Date.UTC(2026, 5, 1) };
        fc.modelRun(() => ({ model: { stage: 'new', unit: CENTRE, channel: '', verified: false, clock: null, reworks: 0, supervision: 0 }, real }), cmds);
        if (real.state.stage === 'closed') closed += 1;
      }),
      { numRuns: 1000 },
    );
    expect(closed).toBeGreaterThan(50);
  });
});
