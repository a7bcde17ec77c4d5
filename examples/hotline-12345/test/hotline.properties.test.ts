import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseState, caseBoardProjection, decideInput, evolve, initialState, isGuardRejection } from '@casefold/core';
import { historyInvariantViolations, modelCommand as modelled, workflowHistoryArbitrary, workflowStoreArbitrary } from '@casefold/core/testing';
import { applyEnvelopes } from '@casefold/engine';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { HOTLINE_UNITS, hotlineDirectory } from '../src/hotlineDirectory.js';
import { hotlineWorkflow } from '../src/hotlineWorkflow.js';

const directory = hotlineDirectory();
const RUNS = { numRuns: 1_000 };

/*
 * The testing kit drives a workflow core has never heard of: the generic generator picks
 * rows of the hotline's transitions, actors of its roles, and payloads for its own commands
 * from these arbitraries (the shared lifecycle's payloads are the kit's defaults).
 */
// #region histories
const payloads = {
  AnswerOnTheSpot: fc.record({ workOrderNo: fc.constantFrom('WO-1', 'WO-2'), answer: fc.constantFrom('Answered on the phone', ' ', '\ud800') }),
  Reply: fc.record({ workOrderNo: fc.constant('WO-1'), reply: fc.constantFrom('Streetlight repaired', 'Wages paid'), resolved: fc.boolean() }),
  RecordVerdict: fc.record({ verdict: fc.constantFrom('satisfied', 'basicallySatisfied', 'dissatisfied') }),
};
const histories = workflowHistoryArbitrary({
  workflow: hotlineWorkflow,
  directory,
  payloads,
  // Extensions often (the director guard), few rejections at review, the director now and then.
  weights: { commands: { 'Review:rejected': 0.3, ExtendDeadline: 3 }, roles: { director: 0.5 } },
});
// #endregion histories

/** Command-shaped input for the hotline: one of its command types with random fields. */
const commandLike = fc
  .record({ type: fc.constantFrom(...hotlineWorkflow.transitions.map((t) => t.command), 'Withdraw', 'Nope'), commandId: fc.constantFrom('c-1', ''), caseId: fc.constantFrom('W-1', 'case-1') })
  .chain((base) => fc.dictionary(fc.constantFrom('workOrderNo', 'answer', 'reply', 'resolved', 'verdict', 'rule', 'by', 'to', 'decision'), fc.anything()).map((extra) => ({ ...extra, ...base })));
const roles = hotlineWorkflow.roles.map((r) => r.id);
const contextLike = fc.oneof(
  fc.record({
    now: fc.constantFrom('2026-06-01T00:00:00.000Z', '2040-01-01T00:00:00.000Z', 'yesterday'),
    actor: fc.record({ id: fc.constantFrom('caller-1', 'case-1-a', 'x'), role: fc.constantFrom(...roles, 'mayor'), unit: fc.constantFrom(...HOTLINE_UNITS.map((u) => u.id), 'elsewhere') }),
    directory: fc.constant(directory),
    workflow: fc.constant(hotlineWorkflow),
  }),
  fc.anything(),
);

describe('the 12345 workflow, for all histories the testing kit generates', () => {
  it('a store of work orders (workflowStoreArbitrary) folds into the case board: every case once, in the stage its history ended in', () => {
    // #region caseBoard
    fc.assert(
      fc.property(workflowStoreArbitrary({ workflow: hotlineWorkflow, directory, payloads, maxCases: 4 }), (store) => {
        const board = applyEnvelopes(caseBoardProjection, caseBoardProjection.initialState, store.envelopes);
        const started = store.cases.filter((c) => c.events.length > 0);
        expect(board.counts.total).toBe(started.length);
        const byStage: Record<string, number> = {};
        for (const c of started) byStage[c.state.stage] = (byStage[c.state.stage] ?? 0) + 1;
        expect(board.counts.byStage).toEqual(byStage);
      }),
      RUNS,
    );
    // #endregion caseBoard
  });

  it('decide is total: for any command-shaped input, a generated case state and any context, it returns an Either', () => {
    fc.assert(
      fc.property(histories, commandLike, contextLike, (history, command, context) => {
        const result = decideInput(command, history.state, context);
        expect(E.isLeft(result) || E.isRight(result)).toBe(true);
      }),
      RUNS,
    );
  });

  it('every accepted sequence keeps the invariants: closed stays closed, stages and statuses as defined, the director and verdict guards hold, one level up', () => {
    // #region invariants
    const seen = { closed: 0, DirectorApprovalRequired: 0, VerdictRequired: 0, reHandled: 0 };
    fc.assert(
      fc.property(histories, (history) => {
        expect(historyInvariantViolations(history)).toEqual([]);
        if (history.state.stage === 'closed') seen.closed += 1;
        for (const step of history.steps) {
          if (E.isLeft(step.result) && isGuardRejection(step.result.left)) seen[step.result.left.code as 'VerdictRequired'] += 1;
          if (step.before.stage === 'replied' && step.after.stage === 'routed') seen.reHandled += 1;
        }
      }),
      RUNS,
    );
    // Not vacuous: orders get closed and re-handled, and both guards refuse commands.
    expect(seen.closed).toBeGreaterThan(100);
    expect(seen.reHandled).toBeGreaterThan(20);
    expect(seen.DirectorApprovalRequired).toBeGreaterThan(20);
    expect(seen.VerdictRequired).toBeGreaterThan(20);
    // #endregion invariants
  });
});

/**
 * Model-based test: the decider under the hotline workflow against a small reference model
 * written from the example's README rules (not from the workflow data).
 */
interface Model {
  stage: string;
  unit: string;
  verdicts: number;
  /** Call-backs by purpose: whether one reached the caller, and how many were made. */
  callbacks: Record<'followUp' | 'rejectionExplained', { reached: boolean; attempts: number }>;
  /** The unit-reply clock's extension so far; null when no clock runs. */
  extended: number | null;
  supervision: number;
}
interface Real {
  state: CaseState;
  clock: number;
}

const CHILD: Record<string, string | undefined> = { xishan: 'majie', majie: 'majie-north' };
const SUPERVISION = { yellow: 1, red: 2 } as const;
let commandNo = 0;

const decideStep = (real: Real, role: string, unit: string, command: Record<string, unknown>): boolean => {
  real.clock += 3_600_000;
  const actor = { id: `${role}@${unit}`, role, unit };
  const result = decideInput({ commandId: `h-${++commandNo}`, caseId: 'W-1', ...command }, real.state, { now: new Date(real.clock).toISOString(), actor, directory, workflow: hotlineWorkflow });
  if (E.isLeft(result)) return false;
  for (const event of result.right) real.state = evolve(real.state, event);
  return true;
};

/** A model command: whether the model expects acceptance, what acceptance does to the model, and the real command. */
const modelCommand = (name: string, expected: (m: Model) => boolean, update: (m: Model) => void, send: (m: Model) => { role: string; unit: string; command: Record<string, unknown> }) =>
  modelled({
    name,
    expected,
    update,
    send,
    decide: (r: Real, { role, unit, command }) => decideStep(r, role, unit, command),
    stageOf: (r) => r.state.stage,
    check: (m, r) => expect(r.state.handlingUnit ?? 'xishan').toBe(m.unit),
  });

const callbackDone = (c: { reached: boolean; attempts: number }): boolean => c.reached || c.attempts >= 3;
const HANDLED = ['replied', 'answered'];

const modelCommands = [
  fc.constant(
    modelCommand(
      'Submit',
      (m) => m.stage === 'new',
      (m) => void (m.stage = 'submitted'),
      () => ({
        role: 'operator',
        unit: 'xishan',
        command: {
          type: 'Submit',
          channel: 'hotline12345',
          category: 'labour',
          summary: 'Unpaid wages',
          receivingUnit: 'xishan',
          area: 'majie-north',
          claimedAmountFen: null,
          parties: [{ subjectId: 'caller-1', side: 'applicant', pii: { name: 'n', phone: null, idNumber: null } }],
        },
      }),
    ),
  ),
  fc.constant(
    modelCommand(
      'AnswerOnTheSpot',
      (m) => m.stage === 'submitted',
      (m) => void (m.stage = 'answered'),
      () => ({ role: 'operator', unit: 'xishan', command: { type: 'AnswerOnTheSpot', workOrderNo: 'WO-1', answer: 'Answered' } }),
    ),
  ),
  fc.constantFrom('accepted', 'rejected').map((outcome) =>
    modelCommand(
      `Review ${outcome}`,
      (m) => m.stage === 'submitted',
      (m) => void (m.stage = outcome),
      () => ({ role: 'dispatcher', unit: 'xishan', command: { type: 'Review', decision: outcome === 'accepted' ? { outcome, note: null } : { outcome, reason: 'duplicate', note: 'Same as WO-1' } } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Dispatch down',
      (m) => ['accepted', 'routed'].includes(m.stage) && CHILD[m.unit] !== undefined,
      (m) => {
        m.stage = 'routed';
        m.unit = CHILD[m.unit] as string;
        m.extended = 0;
      },
      (m) => ({ role: 'dispatcher', unit: m.unit, command: { type: 'Dispatch', to: CHILD[m.unit] ?? 'xishan', reason: null } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Reply',
      (m) => m.stage === 'routed',
      (m) => {
        m.stage = 'replied';
        m.extended = null;
      },
      (m) => ({ role: 'unitHandler', unit: m.unit, command: { type: 'Reply', workOrderNo: 'WO-1', reply: 'Done', resolved: true } }),
    ),
  ),
  // Most call-backs do not reach the caller, so the three-attempts rule is reached often.
  fc.constantFrom(false, false, false, true).map((reached) =>
    modelCommand(
      `RecordCallback reached=${reached}`,
      (m) => ['replied', 'answered', 'rejected'].includes(m.stage),
      (m) => {
        const c = m.callbacks[m.stage === 'rejected' ? 'rejectionExplained' : 'followUp'];
        c.attempts += 1;
        c.reached ||= reached;
      },
      (m) => ({
        role: 'callbackAgent',
        unit: 'xishan',
        command: { type: 'RecordCallback', purpose: m.stage === 'rejected' ? 'rejectionExplained' : 'followUp', reached, satisfaction: null, note: null },
      }),
    ),
  ),
  fc.constantFrom('satisfied', 'basicallySatisfied', 'dissatisfied').map((verdict) =>
    modelCommand(
      `RecordVerdict ${verdict}`,
      (m) => (verdict === 'dissatisfied' ? m.stage === 'replied' : HANDLED.includes(m.stage)),
      (m) => {
        m.verdicts += 1;
        if (verdict === 'dissatisfied') m.stage = 'routed';
      },
      () => ({ role: 'callbackAgent', unit: 'xishan', command: { type: 'RecordVerdict', verdict } }),
    ),
  ),
  fc.constantFrom('operator', 'director').map((role) =>
    modelCommand(
      `Close by ${role}`,
      (m) =>
        (HANDLED.includes(m.stage) && m.verdicts >= 1 && (m.stage === 'answered' || callbackDone(m.callbacks.followUp))) || (m.stage === 'rejected' && callbackDone(m.callbacks.rejectionExplained)),
      (m) => void (m.stage = 'closed'),
      () => ({ role, unit: 'xishan', command: { type: 'Close', referredTo: null, note: null } }),
    ),
  ),
  fc.tuple(fc.constantFrom('supervisor', 'director'), fc.integer({ min: 1, max: 6 })).map(([role, by]) =>
    modelCommand(
      `ExtendDeadline by ${by} (${role})`,
      (m) => m.stage === 'routed' && m.extended !== null && (m.extended + by < 5 || role === 'director') && m.extended + by <= 10,
      (m) => void (m.extended = (m.extended ?? 0) + by),
      () => ({ role, unit: 'xishan', command: { type: 'ExtendDeadline', rule: 'unitReply', by, reason: 'Busy season' } }),
    ),
  ),
  fc.constantFrom('yellow', 'red' as const).map((level) =>
    modelCommand(
      `RaiseSupervision ${level}`,
      (m) => ['accepted', 'routed', 'replied'].includes(m.stage) && SUPERVISION[level] > m.supervision,
      (m) => void (m.supervision = SUPERVISION[level]),
      () => ({ role: 'supervisor', unit: 'xishan', command: { type: 'RaiseSupervision', level, reason: 'Slow' } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Withdraw (not a hotline command)',
      () => false,
      () => undefined,
      () => ({ role: 'operator', unit: 'xishan', command: { type: 'Withdraw', reason: 'Caller hung up' } }),
    ),
  ),
];

describe('the 12345 decider against a reference model', () => {
  it('accepts exactly what the model accepts, and ends in the model’s stage and unit', () => {
    fc.assert(
      fc.property(fc.commands(modelCommands, { maxCommands: 60, size: 'max' }), (cmds) => {
        const model: Model = {
          stage: 'new',
          unit: 'xishan',
          verdicts: 0,
          callbacks: { followUp: { reached: false, attempts: 0 }, rejectionExplained: { reached: false, attempts: 0 } },
          extended: null,
          supervision: 0,
        };
        fc.modelRun(() => ({ model, real: { state: initialState, clock: Date.UTC(2026, 5, 1) } }), cmds);
      }),
      RUNS,
    );
  });
});

describe('the example', () => {
  it('imports only the public entry points of casefold (no relative path out of the example, no package internals)', () => {
    const root = join(import.meta.dirname, '..');
    const files = ['src', 'test'].flatMap((dir) => readdirSync(join(root, dir)).map((f) => join(root, dir, f)));
    const specifiers = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? ''));
    expect(specifiers.length).toBeGreaterThan(10);
    expect(specifiers).toContain('@casefold/core/testing');
    const offending = specifiers.filter(
      (s) => !(/^(@casefold\/(core|core\/testing|engine|sqlite)|io-ts|fp-ts\/lib\/[A-Za-z]+\.js|fast-check|vitest|node:[a-z]+)$/.test(s) || /^\.\.?\/(src\/)?[A-Za-z]+\.js$/.test(s)),
    );
    expect(offending).toEqual([]);
  });
});
