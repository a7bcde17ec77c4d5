import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Workflow, initialState, instantFromMillis, legalAidWorkflow, legalConsultationWorkflow } from '@casefold/core';
import { modelCommand as modelled } from '@casefold/core/testing';
import { type Played, attempt, submitCommand } from './legalServicesFixtures.js';

/*
 * Model-based tests: the decider against small reference models of the two legal-service
 * kinds, written independently of the workflow data (plain tables of what each command
 * needs), over random command sequences.
 */

interface Real {
  played: Played;
  clock: number;
}

/** Decides one command at the next hour; true when accepted. */
const decideNext = (workflow: Workflow, real: Real, role: string, unit: string, command: Record<string, unknown>, id?: string): boolean => {
  real.clock += 3_600_000;
  const next = attempt(workflow, real.played, { at: instantFromMillis(real.clock), role, unit, ...(id === undefined ? {} : { id }), command: { caseId: 'MB-1', ...command } });
  if (E.isLeft(next)) return false;
  real.played = next.right;
  return true;
};

/** What a model command sends: who, and the command (with the command id when it matters). */
interface Sent {
  role: string;
  unit: string;
  id?: string;
  command: Record<string, unknown>;
}

/** A model command: whether the model expects acceptance, what it does to the model, the real command, and a check after it. */
const modelCommand = <M extends { stage: string }>(workflow: Workflow, name: string, expected: (m: M) => boolean, update: (m: M) => void, send: (m: M) => Sent, check: (m: M, r: Real) => void) =>
  modelled<M, Real, Sent>({ name, expected, update, send, decide: (r, { role, unit, command, id }) => decideNext(workflow, r, role, unit, command, id), stageOf: (r) => r.played.state.stage, check });

describe('legal consultation against a reference model', () => {
  interface Model {
    stage: string;
    route: string | null;
  }
  const W = legalConsultationWorkflow;
  const cmd = (name: string, expected: (m: Model) => boolean, update: (m: Model) => void, real: (m: Model) => { role: string; unit: string; id?: string; command: Record<string, unknown> }) =>
    modelCommand<Model>(W, name, expected, update, real, (m, r) => {
      expect(r.played.state.facts['ConsultationReferred']?.data['route'] ?? null).toBe(m.route);
      expect(r.played.events.every((e) => e.meta.workflow.id === 'legalConsultation' && e.meta.workflow.version === 1)).toBe(true);
    });
  const commands = [
    fc.constantFrom('window', 'legalHotline12348', 'wechatMiniProgram').chain((channel) =>
      fc.boolean().map((citizen) =>
        cmd(
          `Submit ${channel} by ${citizen ? 'citizen' : 'clerk'}`,
          // A citizen asks only online; staff record any channel.
          (m) => m.stage === 'new' && (!citizen || channel !== 'window'),
          (m) => void (m.stage = 'submitted'),
          () => ({ role: citizen ? 'requester' : 'intakeClerk', unit: 'majie', ...(citizen ? { id: 'MB-1-a' } : {}), command: submitCommand('MB-1', { channel }) }),
        ),
      ),
    ),
    fc.constantFrom('lawyer', 'intakeClerk').map((role) =>
      cmd(
        `AnswerConsultation by ${role}`,
        (m) => m.stage === 'submitted' && role === 'lawyer',
        (m) => void (m.stage = 'answered'),
        () => ({ role, unit: 'majie', command: { type: 'AnswerConsultation', answer: 'Keep the pay slips and apply for mediation' } }),
      ),
    ),
    fc.constantFrom('mediation', 'legalAid', 'notarization', 'astrologer').map((route) =>
      cmd(
        `ReferConsultation ${route}`,
        (m) => m.stage === 'submitted' && route !== 'astrologer',
        (m) => {
          m.stage = 'referred';
          m.route = route;
        },
        () => ({ role: 'intakeClerk', unit: 'majie', command: { type: 'ReferConsultation', route, note: null } }),
      ),
    ),
    fc.constant(
      cmd(
        'Withdraw',
        (m) => m.stage === 'submitted',
        (m) => void (m.stage = 'closed'),
        () => ({ role: 'intakeClerk', unit: 'majie', command: { type: 'Withdraw', reason: 'Left the centre' } }),
      ),
    ),
    fc.constantFrom('majie', 'guandu').map((unit) =>
      cmd(
        `Close at ${unit}`,
        (m) => (m.stage === 'answered' || m.stage === 'referred') && unit === 'majie',
        (m) => void (m.stage = 'closed'),
        () => ({ role: 'lawyer', unit, command: { type: 'Close', referredTo: null, note: null } }),
      ),
    ),
  ];

  it('accepts exactly what the model accepts, and ends in the model’s stage with its referral route', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 30, size: 'max' }), (cmds) => {
        fc.modelRun(() => ({ model: { stage: 'new', route: null }, real: { played: { state: initialState, events: [] }, clock: Date.UTC(2026, 4, 4) } }), cmds);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('legal-aid application against a reference model', () => {
  interface Model {
    stage: string;
    unit: string;
    paused: boolean;
  }
  const W = legalAidWorkflow;
  const OFFICE = 'xishan-legal-aid';
  /** Which clock runs in which stage: the decision clock until the decision, the assignment clock until assignment. */
  const RUNNING: Record<string, readonly string[]> = { submitted: ['legalAid.decision'], referred: ['legalAid.decision'], granted: ['legalAid.assignment'] };
  const cmd = (name: string, expected: (m: Model) => boolean, update: (m: Model) => void, real: (m: Model) => { role: string; unit: string; id?: string; command: Record<string, unknown> }) =>
    modelCommand<Model>(W, name, expected, update, real, (m, r) => {
      const state = r.played.state;
      expect(state.handlingUnit ?? 'majie').toBe(m.unit);
      const running = Object.keys(state.clocks).filter((rule) => state.clocks[rule]?.stoppedAt === null);
      expect(running).toEqual(RUNNING[m.stage] ?? []);
      if (m.stage === 'submitted' || m.stage === 'referred') expect(state.clocks['legalAid.decision']?.pausedSince !== null).toBe(m.paused);
    });
  const open = (m: Model) => m.stage === 'submitted' || m.stage === 'referred';
  const commands = [
    fc.constant(
      cmd(
        'Submit',
        (m) => m.stage === 'new',
        (m) => void (m.stage = 'submitted'),
        () => ({ role: 'intakeClerk', unit: 'majie', command: submitCommand('MB-1') }),
      ),
    ),
    fc.constantFrom(OFFICE, 'xishan-labour').map((to) =>
      cmd(
        `Dispatch to ${to}`,
        // Only a legal-aid office (not the labour bureau) takes it, and not from itself.
        (m) => open(m) && to === OFFICE && m.unit !== OFFICE,
        (m) => {
          m.stage = 'referred';
          m.unit = to;
        },
        (m) => ({ role: 'intakeClerk', unit: m.unit, command: { type: 'Dispatch', to, reason: null } }),
      ),
    ),
    fc.boolean().map((advance) =>
      cmd(
        `GrantLegalAid${advance ? ' in advance' : ''}`,
        open,
        (m) => {
          m.stage = 'granted';
          m.paused = false;
        },
        (m) => ({ role: 'legalAidOfficer', unit: m.unit, command: { type: 'GrantLegalAid', advance, note: null } }),
      ),
    ),
    fc.constantFrom('notFinanciallyEligible', 'matterNotCovered', 'whim').map((reason) =>
      cmd(
        `RefuseLegalAid ${reason}`,
        (m) => open(m) && reason !== 'whim',
        (m) => {
          m.stage = 'refused';
          m.paused = false;
        },
        (m) => ({ role: 'legalAidOfficer', unit: m.unit, command: { type: 'RefuseLegalAid', reason, explanation: 'Written reasons' } }),
      ),
    ),
    fc.constant(
      cmd(
        'AssignLegalAid',
        (m) => m.stage === 'granted',
        (m) => void (m.stage = 'assigned'),
        (m) => ({ role: 'legalAidOfficer', unit: m.unit, command: { type: 'AssignLegalAid', provider: 'lawyer-17', organisation: null } }),
      ),
    ),
    fc.constant(
      cmd(
        'PauseClock',
        (m) => open(m) && !m.paused,
        (m) => void (m.paused = true),
        (m) => ({ role: 'legalAidOfficer', unit: m.unit, command: { type: 'PauseClock', rule: 'legalAid.decision', reason: 'supplementingMaterials' } }),
      ),
    ),
    fc.constant(
      cmd(
        'ResumeClock',
        (m) => open(m) && m.paused,
        (m) => void (m.paused = false),
        (m) => ({ role: 'legalAidOfficer', unit: m.unit, command: { type: 'ResumeClock', rule: 'legalAid.decision' } }),
      ),
    ),
    fc.constant(
      cmd(
        'Withdraw',
        (m) => open(m) || m.stage === 'granted',
        (m) => {
          m.stage = 'closed';
          m.paused = false;
        },
        (m) => ({ role: 'applicant', unit: m.unit, id: 'MB-1-a', command: { type: 'Withdraw', reason: 'Materials not supplemented' } }),
      ),
    ),
    fc.constant(
      cmd(
        'Close',
        (m) => m.stage === 'refused' || m.stage === 'assigned',
        (m) => void (m.stage = 'closed'),
        (m) => ({ role: 'legalAidOfficer', unit: m.unit, command: { type: 'Close', referredTo: null, note: null } }),
      ),
    ),
  ];

  it('accepts exactly what the model accepts, and ends in the model’s stage, unit and running clocks', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 30, size: 'max' }), (cmds) => {
        fc.modelRun(() => ({ model: { stage: 'new', unit: 'majie', paused: false }, real: { played: { state: initialState, events: [] }, clock: Date.UTC(2026, 4, 4) } }), cmds);
      }),
      { numRuns: 1000 },
    );
  });
});
