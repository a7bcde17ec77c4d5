import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type CaseState, type Workflow, decideInput, evolve, initialState, instantFromMillis, mediationWorkflow, mediationWorkflowV1 } from '@casefold/core';
import { modelCommand as modelled, sampleDirectory } from '@casefold/core/testing';

/**
 * Model-based test: the decider against a small reference model of the mediation lifecycle,
 * written independently of the workflow data (a plain table of what each command needs),
 * for both versions of the mediation workflow: version 1 closes after any call-back,
 * version 2 after one that reached the citizen or three attempts.
 */
interface Model {
  stage: string;
  unit: string;
  notarizable: boolean;
  /** Per call-back purpose: attempts made and whether one reached the citizen. */
  callbacks: Map<string, { attempts: number; reached: boolean }>;
  version: number;
}
interface Real {
  state: CaseState;
  events: AnyCaseEvent[];
  clock: number;
  workflow: Workflow;
}

/** Whether the model's call-backs let a case close from its stage under the model's version. */
const callbackDone = (m: Model): boolean => {
  const needed = CALLBACK_NEEDED[m.stage];
  if (needed === undefined) return true;
  const made = m.callbacks.get(needed);
  if (made === undefined) return false;
  return m.version === 1 || made.reached || made.attempts >= 3;
};

const directory = sampleDirectory();
const PARENT: Record<string, string> = { 'majie-north': 'majie', majie: 'xishan', xishan: 'kunming' };
const CALLBACK_NEEDED: Record<string, string | undefined> = { rejected: 'rejectionExplained', agreement: 'followUp', noAgreement: 'followUp', notarized: 'followUp' };

let commandNo = 0;
const step = (real: Real, role: string, unit: string, command: Record<string, unknown>) => {
  real.clock += 3_600_000;
  const result = decideInput({ commandId: `m-${++commandNo}`, caseId: 'MB-1', ...command }, real.state, {
    now: instantFromMillis(real.clock),
    actor: { id: `${role}-1`, role, unit },
    directory,
    workflow: real.workflow,
  });
  if (E.isRight(result)) {
    for (const event of result.right) {
      real.state = evolve(real.state, event);
      real.events.push(event);
    }
  }
  return E.isRight(result);
};

/** A model command: whether the model expects acceptance, what it does to the model, and the real command. */
const modelCommand = (name: string, expected: (m: Model) => boolean, update: (m: Model) => void, send: (m: Model) => { role: string; unit: string; command: Record<string, unknown> }) =>
  modelled({
    name,
    expected,
    update,
    send,
    decide: (r: Real, { role, unit, command }) => step(r, role, unit, command),
    stageOf: (r) => r.state.stage,
    check: (m, r) => expect(r.state.handlingUnit ?? 'majie').toBe(m.unit),
  });

const at = (m: Model) => m.unit;
const commands = [
  fc.constant(
    modelCommand(
      'Submit',
      (m) => m.stage === 'new',
      (m) => void (m.stage = 'submitted'),
      () => ({
        role: 'intakeClerk',
        unit: 'majie',
        command: {
          type: 'Submit',
          channel: 'window',
          category: 'tenancy',
          summary: 's',
          receivingUnit: 'majie',
          area: 'majie-north',
          claimedAmountFen: null,
          parties: [{ subjectId: 'requester-1', side: 'applicant', pii: { name: 'n', phone: null, idNumber: null } }],
        },
      }),
    ),
  ),
  fc.constantFrom('accepted', 'rejected').map((outcome) =>
    modelCommand(
      `Review ${outcome}`,
      (m) => m.stage === 'submitted',
      (m) => void (m.stage = outcome),
      (m) => ({ role: 'intakeClerk', unit: at(m), command: { type: 'Review', decision: outcome === 'accepted' ? { outcome, note: null } : { outcome, reason: 'outOfArea', note: 'n' } } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Dispatch',
      (m) => ['accepted', 'routed'].includes(m.stage) && m.unit !== 'majie-north',
      (m) => {
        m.stage = 'routed';
        m.unit = 'majie-north';
      },
      (m) => ({ role: 'dispatcher', unit: at(m), command: { type: 'Dispatch', to: 'majie-north', reason: null } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Escalate',
      (m) => ['accepted', 'routed', 'inMediation'].includes(m.stage) && PARENT[m.unit] !== undefined,
      (m) => {
        m.stage = 'routed';
        m.unit = PARENT[m.unit]!;
      },
      (m) => ({ role: 'leaderInCharge', unit: at(m), command: { type: 'Escalate', to: PARENT[m.unit] ?? 'kunming', reason: 'r' } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'StartMediation',
      (m) => ['accepted', 'routed'].includes(m.stage),
      (m) => void (m.stage = 'inMediation'),
      (m) => ({ role: 'mediator', unit: at(m), command: { type: 'StartMediation', track: 'people' } }),
    ),
  ),
  fc.constantFrom('written', 'oral', 'noAgreement', 'withdrawn').map((kind) =>
    modelCommand(
      `RecordMediation ${kind}`,
      (m) => m.stage === 'inMediation',
      (m) => {
        m.stage = kind === 'written' || kind === 'oral' ? 'agreement' : kind;
        m.notarizable = kind === 'written';
      },
      (m) => ({
        role: 'mediator',
        unit: at(m),
        command: {
          type: 'RecordMediation',
          result:
            kind === 'written' || kind === 'oral'
              ? { outcome: 'agreement', form: kind, terms: 't', amountFen: 100, paymentTerms: kind === 'written' ? { dueDate: '2027-01-01', instalments: 1 } : null }
              : { outcome: kind, reason: 'r' },
        },
      }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Notarize',
      (m) => m.stage === 'agreement' && m.notarizable,
      (m) => void (m.stage = 'notarized'),
      () => ({ role: 'notary', unit: 'kunming', command: { type: 'Notarize', notaryOffice: 'n', certificateNo: 'c' } }),
    ),
  ),
  fc.boolean().map((reached) =>
    modelCommand(
      `RecordCallback ${reached ? 'reached' : 'not reached'}`,
      (m) => ['rejected', 'agreement', 'noAgreement', 'notarized', 'withdrawn'].includes(m.stage),
      (m) => {
        const purpose = m.stage === 'rejected' ? 'rejectionExplained' : 'followUp';
        const made = m.callbacks.get(purpose) ?? { attempts: 0, reached: false };
        m.callbacks.set(purpose, { attempts: made.attempts + 1, reached: made.reached || reached });
      },
      (m) => ({
        role: 'followUpAgent',
        unit: 'majie',
        command: { type: 'RecordCallback', purpose: m.stage === 'rejected' ? 'rejectionExplained' : 'followUp', reached, satisfaction: null, note: null },
      }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Close',
      (m) => ['rejected', 'agreement', 'noAgreement', 'notarized', 'withdrawn'].includes(m.stage) && callbackDone(m),
      (m) => void (m.stage = 'closed'),
      () => ({ role: 'intakeClerk', unit: 'majie', command: { type: 'Close', referredTo: null, note: null } }),
    ),
  ),
  fc.constant(
    modelCommand(
      'Withdraw',
      (m) => ['submitted', 'accepted', 'routed'].includes(m.stage),
      (m) => void (m.stage = 'closed'),
      () => ({ role: 'requester', unit: 'majie', command: { type: 'Withdraw', reason: 'r' } }),
    ),
  ),
];

describe('the decider against a reference model', () => {
  it.each([mediationWorkflowV1, mediationWorkflow])('accepts exactly what the model accepts, and ends in the model’s stage and unit (mediation@$version)', (workflow) => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: 'max' }), (cmds) => {
        fc.modelRun(
          () => ({
            model: { stage: 'new', unit: 'majie', notarizable: false, callbacks: new Map(), version: workflow.version },
            real: { state: initialState, events: [], clock: Date.UTC(2026, 4, 4), workflow },
          }),
          cmds,
        );
      }),
      { numRuns: 1000 },
    );
  });
});
