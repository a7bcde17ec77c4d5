import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { type AnyCaseEvent, type CaseState, type JurisdictionDirectory, type Rejection, type Unit, createDirectory, decideInput, evolve, gridEventWorkflow, initialState } from '@casefold/core';
import { type PayloadArbitraries, SAMPLE_UNITS, type Weights } from '@casefold/core/testing';

/**
 * The sample slice of Kunming with the departments that take grid events: the district's
 * sanitation station, parks bureau and enforcement team, and the sub-district's enforcement team.
 */
export const GRID_UNITS: readonly Unit[] = [
  ...SAMPLE_UNITS,
  { id: 'xishan-sanitation', name: '西山区环卫站', level: 'department', parent: 'xishan', departmentKind: 'sanitation' },
  { id: 'xishan-parks', name: '西山区园林绿化局', level: 'department', parent: 'xishan', departmentKind: 'parks' },
  { id: 'xishan-enforcement', name: '西山区城市管理综合执法大队', level: 'department', parent: 'xishan', departmentKind: 'urbanEnforcement' },
  { id: 'majie-enforcement', name: '马街街道综合执法队', level: 'department', parent: 'majie', departmentKind: 'urbanEnforcement' },
];

/** {@link GRID_UNITS} as a directory. */
export const gridDirectory = (): JurisdictionDirectory =>
  E.getOrElseW((errors) => {
    throw new Error(`grid directory is invalid: ${JSON.stringify(errors)}`);
  })(createDirectory(GRID_UNITS));

const text = (...values: string[]) => fc.constantFrom(...values);

/**
 * Payloads for the grid event's own commands: mostly valid, with empty evidence now and then
 * (the evidence guard) and unconfirmed verifications (the filing guard).
 */
export const gridEventPayloads: PayloadArbitraries<typeof gridEventWorkflow> = {
  ResolveOnTheSpot: fc.record({ action: text('Moved the bicycles out of the stairwell', 'Talked the neighbours round'), evidence: fc.constantFrom([], ['photo-1'], ['photo-1', 'photo-2']) }),
  RequestVerification: fc.record({ note: text('Please confirm on site') }),
  VerifyOnSite: fc.record({ confirmed: fc.constantFrom(true, true, true, false), findings: text('Seen on site', 'Nothing found at the address') }),
  FileEvent: fc.record({
    fiveFixes: fc.record({
      matter: text('Rubbish heaped at the corner of Majie North Road', 'Water standing after rain'),
      grid: fc.constantFrom('grid-7', 'grid-7-b3'),
      person: fc.constantFrom('gridWorker-7'),
      responsibility: fc.constantFrom('xishan-sanitation', 'xishan-parks', 'majie-enforcement'),
      closure: text('Cleared', 'Demolished', 'Replanted'),
    }),
  }),
  AcceptEvent: fc.record({ note: fc.constantFrom(null, 'Accepted') }),
  RecordInterimMeasure: fc.record({ measure: fc.constantFrom('workStopped', 'penaltyIssued'), note: text('Done on site') }),
  DisposeEvent: fc.record({ result: text('Cleared', 'Demolished'), evidence: fc.constantFrom([], ['photo-3'], ['photo-3', 'photo-4']) }),
  RecordCheck: fc.record({ result: fc.constantFrom('passed', 'failed'), findings: text('Matches the report', 'Still there') }),
  StartRework: fc.record({ note: fc.constantFrom(null, 'Back on it') }),
  RequestPark: fc.record({ explanation: text('Needs a budget decision by the district', 'Owner abroad; demolition order pending') }),
  DecidePark: fc.record({ decision: fc.constantFrom('approved', 'refused'), note: text('Checked by the centre') }),
  LiftPark: fc.record({ reason: text('Budget approved') }),
  EvaluateEvent: fc.record({ score: fc.integer({ min: 0, max: 100 }), note: fc.constantFrom(null, 'On time') }),
};

/** Weights that keep most generated events going to the check and the score: cancellations, conversions, parks and escalations are rarer. */
export const GRID_EVENT_WEIGHTS: Weights = {
  commands: { 'Review:rejected': 0.2, Escalate: 0.3, LinkCase: 0.1, ResolveOnTheSpot: 0.5, RequestPark: 0.4, LiftPark: 0.5, RaiseSupervision: 0.5, ExtendDeadline: 6, FileEvent: 2 },
};

/** One step of a grid-event scenario: who acts (role at unit), when, with which command. */
export interface GridStep {
  readonly at: string;
  readonly role: string;
  readonly unit: string;
  /** The actor's id; `role@unit` when absent (a citizen's id is their subject id). */
  readonly id?: string;
  readonly command: Record<string, unknown>;
}

const directory = gridDirectory();
let commandNo = 0;

/** Decides one step under the grid-event workflow in {@link gridDirectory}. */
export const decideGrid = (state: CaseState, step: GridStep): E.Either<Rejection<string>, readonly AnyCaseEvent[]> =>
  decideInput({ commandId: `grid-cmd-${++commandNo}`, ...step.command }, state, {
    now: step.at,
    actor: { id: step.id ?? `${step.role}@${step.unit}`, role: step.role, unit: step.unit },
    directory,
    workflow: gridEventWorkflow,
  });

/** Runs steps in order, failing loudly on a rejection; returns the history and the final state. */
export const runGrid = (steps: readonly GridStep[], start: { readonly state: CaseState; readonly events: readonly AnyCaseEvent[] } = { state: initialState, events: [] }) => {
  let state = start.state;
  const events = [...start.events];
  for (const step of steps) {
    const decided = decideGrid(state, step);
    if (E.isLeft(decided)) throw new Error(`step ${JSON.stringify(step.command)} rejected: ${decided.left.message}`);
    for (const event of decided.right) {
      state = evolve(state, event);
      events.push(event);
    }
  }
  return { state, events };
};

/** The rejection of one more step (failing if it was accepted). */
export const gridRejection = (state: CaseState, step: GridStep): Rejection<string> => {
  const decided = decideGrid(state, step);
  if (E.isRight(decided)) throw new Error(`expected a rejection, got ${JSON.stringify(decided.right.map((e) => e.type))}`);
  return decided.left;
};

/** The reporter of generated and example events (every case names an applicant: here, whoever reported it). */
export const reporter = { subjectId: 'reporter-1', side: 'applicant' as const, pii: { name: '王五', phone: '13900000000', idNumber: null } };

/** A report (G1) with sensible defaults: exposed rubbish seen on an inspector's patrol in grid 7, recorded at the Majie centre. */
export const report = (caseId: string, overrides: Partial<Record<string, unknown>> = {}): Record<string, unknown> => ({
  type: 'Submit',
  caseId,
  channel: 'patrol',
  category: 'exposedRubbish',
  summary: 'Rubbish heaped at the corner of Majie North Road',
  receivingUnit: 'majie',
  area: 'grid-7',
  claimedAmountFen: null,
  parties: [reporter],
  ...overrides,
});

/** The five fixes of an exposed-rubbish event in grid 7, given to the district sanitation station. */
export const FIVE_FIXES = { matter: 'Exposed rubbish at the corner of Majie North Road', grid: 'grid-7', person: 'gridWorker-7', responsibility: 'xishan-sanitation', closure: 'Cleared' };
