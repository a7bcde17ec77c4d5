import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import {
  type AnyCaseEvent,
  type CaseState,
  type DecisionContext,
  type Envelope,
  type JurisdictionDirectory,
  type Workflow,
  decideInput,
  escalationTarget,
  evolve,
  initialState,
  instantFromMillis,
  instantMillis,
  isWithinReach,
  mediationWorkflow,
} from '../index.js';
import { mobileNumberOf, residentIdNumberOf } from './personalDataArbitrary.js';
import { SAMPLE_UNITS, sampleDirectory } from './sampleJurisdiction.js';
import { type PayloadArbitraries, type Weights, intentsArbitrary, payloadArbitrariesFor, playWorkflow } from './workflowHistories.js';

/*
 * Random but valid multi-case stores for property tests of projections: each case is
 * driven through the real decider by a list of random numbers (so fast-check shrinks a
 * failing store to a short one), and the cases' events are merged in time order (ties at
 * random), as concurrent cases are in a real store. Unlike `playIntents`, which also probes
 * rejections, every step here tries commands until the decider accepts one, so cases
 * reach every stage (notarized, escalated to the district, breached deadlines) often.
 */

type Role = 'requester' | 'intakeClerk' | 'dispatcher' | 'gridWorker' | 'mediator' | 'notary' | 'leaderInCharge' | 'followUpAgent';

/** Where generated cases play out: the workflow, the directory, and the units commands name. */
export interface CaseSetting {
  readonly workflow: Workflow;
  readonly directory: JurisdictionDirectory;
  /** Units that receive submissions (repeats as weights). */
  readonly receivingUnits: readonly string[];
  /** Areas a submission names (repeats as weights). */
  readonly areas: readonly string[];
  /** The unit a grid patrol submits from, or null when the directory has no grid. */
  readonly gridUnit: string | null;
  /** The unit notaries are recorded at (the directory's root). */
  readonly notaryUnit: string;
  readonly categories: readonly string[];
  readonly units: readonly string[];
}

/** The sample directory's weights: most requests reach the sub-district and its communities. */
const SAMPLE_PLACES = {
  receivingUnits: ['majie', 'majie', 'majie-north', 'xizhan', 'xishan', 'guandu', 'kunming'],
  areas: ['majie-north', 'majie-north', 'xizhan', 'grid-7', 'majie', 'guandu', 'xishan'],
  gridUnit: 'grid-7',
};

/**
 * The setting for a workflow and directory. Without a directory, the sample directory
 * ({@link SAMPLE_UNITS}) with its weights; with one, every territorial unit above the grid
 * receives requests and every territorial unit may be the area.
 */
export const caseSetting = (workflow: Workflow = mediationWorkflow, directory?: JurisdictionDirectory): CaseSetting => {
  const dir = directory ?? sampleDirectory();
  const units = [...dir.units.values()];
  const territorial = units.filter((u) => u.level !== 'department');
  const places =
    directory === undefined
      ? SAMPLE_PLACES
      : { receivingUnits: territorial.filter((u) => u.level !== 'grid').map((u) => u.id), areas: territorial.map((u) => u.id), gridUnit: units.find((u) => u.level === 'grid')?.id ?? null };
  return {
    workflow,
    directory: dir,
    ...places,
    notaryUnit: units.find((u) => u.parent === null)?.id ?? '',
    categories: workflow.categories.includes('labour') ? ['labour', 'labour', ...workflow.categories] : workflow.categories,
    units: units.map((u) => u.id),
  };
};

const SAMPLE_SETTING = caseSetting();

const context = (setting: CaseSetting, now: string, role: Role, unit: string): DecisionContext => ({
  now,
  actor: { id: `${role}@${unit}`, role, unit },
  directory: setting.directory,
  workflow: setting.workflow,
});

/** Every generated party's name contains this marker (phone and ID number are valid numbers, without it: search for {@link personalDataOf} too); no read model may contain it. */
export const PII_MARKER = 'PII-';

/** A command to decide: who acts, where, and the command without its ids. */
interface Candidate {
  readonly role: Role;
  readonly unit: string;
  readonly command: Record<string, unknown>;
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/** Minutes between two steps: from none to three weeks, so deadlines are sometimes met and sometimes breached. */
const GAPS_MINUTES = [0, 7, 60, 6 * 60, 24 * 60, 3 * 24 * 60, 9 * 24 * 60, 21 * 24 * 60];
const CLAIMS = [null, 0, 5_000_000, 20_000_000];
const SATISFACTION = ['verySatisfied', 'satisfied', 'basicallySatisfied', 'dissatisfied', 'veryDissatisfied', null] as const;

const submission = (setting: CaseSetting, caseId: string, alt: number): Candidate => {
  const channel = pick(setting.workflow.channels, alt);
  const online = setting.workflow.onlineChannels.includes(channel);
  const patrol = channel === 'gridPatrol' && setting.gridUnit !== null;
  const receivingUnit = patrol ? (setting.gridUnit as string) : pick(setting.receivingUnits, alt >> 3);
  const party = (side: 'applicant' | 'respondent', n: number) => ({
    subjectId: `${caseId}-${side}`,
    side,
    pii: { name: `${PII_MARKER}name-${side}-${n}`, phone: mobileNumberOf(n), idNumber: n % 2 === 0 ? null : residentIdNumberOf(n) },
  });
  return {
    role: patrol ? 'gridWorker' : online ? 'requester' : 'intakeClerk',
    unit: receivingUnit,
    command: {
      type: 'Submit',
      caseId,
      channel,
      category: pick(setting.categories, alt >> 6),
      summary: `Generated request ${caseId}`,
      receivingUnit,
      area: pick(setting.areas, alt >> 9),
      claimedAmountFen: (alt >> 12) % 5 === 4 ? (alt % 997) * 10_000 : pick(CLAIMS, alt >> 12),
      parties: alt % 3 === 0 ? [party('applicant', alt)] : [party('applicant', alt), party('respondent', alt + 1)],
    },
  };
};

/** The commands that move a case on from its stage (with repeats as weights). */
const moves = (setting: CaseSetting, state: CaseState, caseId: string, alt: number): Candidate[] => {
  const { workflow, directory } = setting;
  const here = state.handlingUnit ?? '';
  const owner = state.owner ?? here;
  const at = (role: Role, unit: string, command: Record<string, unknown>): Candidate => ({ role, unit, command: { caseId, ...command } });
  const reachable = setting.units.filter((u) => isWithinReach(directory, here, u));
  const up = escalationTarget(directory, here);
  const dispatch = reachable.length > 0 ? [at('dispatcher', here, { type: 'Dispatch', to: pick(reachable, alt), reason: alt % 2 === 0 ? null : 'Generated dispatch' })] : [];
  const escalate = up !== null ? [at('leaderInCharge', here, { type: 'Escalate', to: up.id, reason: 'Generated escalation' })] : [];
  const mediate = at('mediator', here, { type: 'StartMediation', track: pick(workflow.tracks, alt >> 2) });
  const reached = alt % 5 !== 0;
  const callback = at('followUpAgent', owner, {
    type: 'RecordCallback',
    purpose: state.stage === 'rejected' ? 'rejectionExplained' : 'followUp',
    reached,
    satisfaction: reached ? pick(SATISFACTION, alt >> 3) : null,
    note: null,
  });
  const close = at('intakeClerk', owner, { type: 'Close', referredTo: state.stage === 'noAgreement' && alt % 2 === 0 ? pick(workflow.referralRoutes, alt >> 1) : null, note: null });
  const withdraw = at('requester', here, { type: 'Withdraw', reason: 'Generated withdrawal' });
  switch (state.stage) {
    case 'submitted': {
      const accept = at('intakeClerk', here, { type: 'Review', decision: { outcome: 'accepted', note: null } });
      const reject = at('intakeClerk', here, { type: 'Review', decision: { outcome: 'rejected', reason: pick(workflow.rejectionReasons, alt), note: 'Generated rejection' } });
      return [accept, accept, accept, reject, withdraw];
    }
    case 'accepted':
      return [...dispatch, ...dispatch, ...escalate, mediate, mediate, ...(alt % 7 === 0 ? [withdraw] : [])];
    case 'routed':
      return [...dispatch, ...escalate, at('leaderInCharge', here, { type: 'ReturnToSender', reason: 'Generated return' }), mediate, mediate, mediate];
    case 'inMediation': {
      const written = alt % 3 !== 0;
      const agreement = at('mediator', here, {
        type: 'RecordMediation',
        result: {
          outcome: 'agreement',
          form: written ? 'written' : 'oral',
          terms: 'Generated terms',
          amountFen: (alt % 500) * 10_000,
          paymentTerms: written && alt % 2 === 0 ? { dueDate: '2027-01-31', instalments: 1 + (alt % 4) } : null,
        },
      });
      const ended = (outcome: string) => at('mediator', here, { type: 'RecordMediation', result: { outcome, reason: 'Generated end' } });
      return [agreement, agreement, agreement, ended('noAgreement'), ended('withdrawn'), ...escalate];
    }
    case 'agreement':
      return [at('notary', setting.notaryUnit, { type: 'Notarize', notaryOffice: 'km-notary-1', certificateNo: `cert-${caseId}` }), callback, callback, close];
    case 'notarized':
    case 'noAgreement':
    case 'withdrawn':
    case 'rejected':
      return [callback, callback, close, close];
    default:
      return [];
  }
};

/** Commands that keep the stage: extend, pause or resume a running clock, raise supervision. */
const sideCommands = (setting: CaseSetting, state: CaseState, caseId: string, alt: number): Candidate[] => {
  const here = state.handlingUnit ?? '';
  const running = Object.keys(state.clocks).filter((rule) => state.clocks[rule]?.stoppedAt === null);
  const rule = running.length > 0 ? pick(running, alt) : null;
  const clock =
    rule === null
      ? []
      : [
          { role: 'leaderInCharge' as const, unit: here, command: { type: 'ExtendDeadline', caseId, rule, by: 1 + (alt % 3), reason: 'Generated extension' } },
          { role: 'mediator' as const, unit: here, command: { type: 'PauseClock', caseId, rule, reason: pick(setting.workflow.pauseReasons, alt >> 2) } },
          { role: 'mediator' as const, unit: here, command: { type: 'ResumeClock', caseId, rule } },
        ];
  return [...clock, { role: 'leaderInCharge', unit: here, command: { type: 'RaiseSupervision', caseId, level: alt % 2 === 0 ? 'yellow' : 'red', reason: 'Generated supervision' } }];
};

const firstAccepted = (setting: CaseSetting, candidates: readonly Candidate[], state: CaseState, now: string, commandId: string): readonly AnyCaseEvent[] | null => {
  for (const c of candidates) {
    const decided = decideInput({ commandId, ...c.command }, state, context(setting, now, c.role, c.unit));
    if (E.isRight(decided)) return decided.right;
  }
  return null;
};

/** One generated case: its id, stream, accepted history and final decider state. */
export interface GeneratedCase {
  readonly caseId: string;
  readonly streamId: string;
  readonly events: readonly AnyCaseEvent[];
  readonly state: CaseState;
}

/**
 * Drives one case of the sample directory through the real decider. Each step takes three
 * numbers (gap, pick, payload); the picked command is tried first and, if the decider
 * refuses it, the others in turn, so every step that can produce an event does. Stops when the numbers run out,
 * the case closes, or nothing is accepted. `setting` defaults to the mediation workflow in
 * the sample directory.
 */
export const generateCase = (caseId: string, streamId: string, startAt: string, numbers: readonly number[], setting: CaseSetting = SAMPLE_SETTING): GeneratedCase => {
  let state = initialState;
  let nowMs = instantMillis(startAt);
  const events: AnyCaseEvent[] = [];
  for (let i = 0; i + 2 < numbers.length && state.stage !== 'closed'; i += 3) {
    const [gap, choice, alt] = [numbers[i] ?? 0, numbers[i + 1] ?? 0, numbers[i + 2] ?? 0];
    if (events.length > 0) nowMs += pick(GAPS_MINUTES, gap) * 60_000;
    const side = state.stage === 'new' ? [] : sideCommands(setting, state, caseId, alt);
    const main = state.stage === 'new' ? [submission(setting, caseId, alt)] : moves(setting, state, caseId, alt);
    const first = choice % 5 === 0 && side.length > 0 ? side : main;
    const others = first === side ? main : side;
    const start = choice % Math.max(1, first.length);
    const ordered = [...first.slice(start), ...first.slice(0, start), ...others];
    const now = instantFromMillis(nowMs);
    const decided = firstAccepted(setting, ordered, state, now, `${caseId}-cmd-${i / 3}`);
    if (decided === null) break;
    for (const event of decided) {
      state = evolve(state, event);
      events.push(event);
    }
  }
  return { caseId, streamId, events, state };
};

/** A generated store: the cases and their events merged in time order as envelopes (positions 1…). */
export interface GeneratedStore {
  readonly cases: readonly GeneratedCase[];
  readonly envelopes: readonly Envelope<AnyCaseEvent>[];
  /** The latest event time in the store (or the base time when empty). */
  readonly lastAt: string;
}

const BASE_MS = instantMillis('2026-03-02T01:00:00.000Z');

/** One line per envelope: position, stream, revision, event type and time. */
const describeStore = (store: GeneratedStore): string =>
  [
    `GeneratedStore(${store.cases.length} cases, ${store.envelopes.length} events, lastAt ${store.lastAt})`,
    ...store.envelopes.map((e) => `  #${e.position} ${e.streamId}@${e.revision} ${e.event.type} ${e.recordedAt}`),
  ].join('\n');

/**
 * Merges the cases' events (keeping each case's order) by `occurredAt`, so positions and
 * `recordedAt` follow time; when several cases' next events are at the same instant, the
 * merge numbers choose among them (then round-robin).
 */
export const buildStore = (cases: readonly GeneratedCase[], merge: readonly number[]): GeneratedStore => {
  const next = cases.map(() => 0);
  const envelopes: Envelope<AnyCaseEvent>[] = [];
  const nextAt = (i: number): number => {
    const event = cases[i]?.events[next[i] ?? 0];
    return event === undefined ? Infinity : instantMillis(event.meta.occurredAt);
  };
  for (let k = 0; ; k += 1) {
    const earliest = Math.min(...cases.map((_, i) => nextAt(i)));
    if (earliest === Infinity) break;
    const i = pick(
      cases.map((_, i) => i).filter((i) => nextAt(i) === earliest),
      merge[k] ?? k,
    );
    const c = cases[i] as GeneratedCase;
    const revision = next[i] ?? 0;
    const event = c.events[revision] as AnyCaseEvent;
    next[i] = revision + 1;
    envelopes.push({ streamId: c.streamId, revision: BigInt(revision), position: BigInt(envelopes.length + 1), eventId: `${c.streamId}/${revision}`, recordedAt: event.meta.occurredAt, event });
  }
  const lastMs = Math.max(BASE_MS, ...envelopes.map((e) => instantMillis(e.event.meta.occurredAt)));
  const store: GeneratedStore = { cases, envelopes, lastAt: instantFromMillis(lastMs) };
  // fast-check prints a failing store in this short form rather than every event in full.
  return Object.defineProperty(store, fc.toStringMethod, { value: () => describeStore(store) });
};

/** Every string under a `pii` key of `value`, at any depth, into `out`. */
const collectPersonalData = (value: unknown, inPii: boolean, out: Set<string>): void => {
  if (typeof value === 'string') {
    if (inPii) out.add(value);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) collectPersonalData(inner, inPii || key === 'pii', out);
  }
};

/**
 * Every personal-data string of a generated store: each party's name (holding
 * {@link PII_MARKER}), phone and ID number (valid numbers, without the marker), found under
 * any `pii` key of its events. Search read models and outputs for each of them, not for the
 * marker alone, so that a leaked phone or ID number is caught.
 */
export const personalDataOf = (store: Pick<GeneratedStore, 'envelopes'>): readonly string[] => {
  const out = new Set<string>();
  for (const envelope of store.envelopes) collectPersonalData(envelope.event.data, false, out);
  return [...out];
};

/** The personal-data strings of `store` (see {@link personalDataOf}) that occur in `text`: empty when nothing leaked. */
export const personalDataIn = (text: string, store: Pick<GeneratedStore, 'envelopes'>): readonly string[] => personalDataOf(store).filter((value) => text.includes(value));

/** Options of {@link caseStoreArbitrary}. */
export interface CaseStoreArbitraryOptions {
  readonly maxCases?: number;
  /** Steps per case at most. */
  readonly maxSteps?: number;
  /** The workflow that decides every step; by default {@link mediationWorkflow}. */
  readonly workflow?: Workflow;
  /** Where the cases play out; by default {@link sampleDirectory} (see {@link caseSetting}). */
  readonly directory?: JurisdictionDirectory;
}

/**
 * Random valid stores: 1…`maxCases` cases, each up to `maxSteps` decided steps, started
 * within 90 days of 2 March 2026, their events merged in time order. Stream ids
 * (`stream/K-n`) differ from case ids (`K-n`). Every party's personal data contains
 * {@link PII_MARKER}. For property tests of projections; by default the mediation workflow
 * in the sample directory ({@link SAMPLE_UNITS}), or a variant `workflow` and `directory`.
 *
 * @example
 * import { applyEnvelopes } from '@casefold/engine';
 * import { caseBoardProjection } from '../index.js';
 *
 * fc.assert(fc.property(caseStoreArbitrary({ maxCases: 3 }), (store) => {
 *   const board = applyEnvelopes(caseBoardProjection, caseBoardProjection.initialState, store.envelopes);
 *   expect(board.counts.total).toBe(store.cases.filter((c) => c.events.length > 0).length);
 * }), { numRuns: 1000 });
 */
export const caseStoreArbitrary = ({ maxCases = 5, maxSteps = 16, workflow, directory }: CaseStoreArbitraryOptions = {}): fc.Arbitrary<GeneratedStore> => {
  const setting = workflow === undefined && directory === undefined ? SAMPLE_SETTING : caseSetting(workflow, directory);
  return fc
    .record({
      cases: fc.array(fc.record({ startMinutes: fc.nat({ max: 90 * 24 * 60 }), numbers: fc.array(fc.nat({ max: 1 << 20 }), { minLength: 3, maxLength: 3 * maxSteps, size: 'max' }) }), {
        minLength: 1,
        maxLength: maxCases,
        size: 'max',
      }),
      merge: fc.array(fc.nat({ max: 1000 }), { maxLength: maxCases * maxSteps, size: 'max' }),
    })
    .map(({ cases, merge }) =>
      buildStore(
        cases.map((c, i) => generateCase(`K-${i + 1}`, `stream/K-${i + 1}`, instantFromMillis(BASE_MS + c.startMinutes * 60_000), c.numbers, setting)),
        merge,
      ),
    );
};

/** The events of a store, in store order. */
export const eventsOf = (store: GeneratedStore): readonly AnyCaseEvent[] => store.envelopes.map((e) => e.event);

/** Options of {@link workflowStoreArbitrary}. */
export interface WorkflowStoreArbitraryOptions<W extends Workflow = Workflow> {
  readonly workflow: W;
  readonly directory: JurisdictionDirectory;
  /** Payload arbitraries for the workflow's own commands (see {@link PayloadArbitraries}). */
  readonly payloads?: PayloadArbitraries<W>;
  readonly weights?: Weights;
  readonly maxCases?: number;
  /** Steps per case at most (refused ones included). */
  readonly maxSteps?: number;
}

/**
 * Random stores of any workflow: 1…`maxCases` cases (case ids `K-n` in streams
 * `stream/K-n`), each played by {@link playWorkflow} with no wild steps, started within 90
 * days of 2 March 2026, their events merged in time order as {@link caseStoreArbitrary}
 * merges them. For property tests of projections over a case kind of your own.
 */
export const workflowStoreArbitrary = <W extends Workflow>(options: WorkflowStoreArbitraryOptions<W>): fc.Arbitrary<GeneratedStore> => {
  const { maxCases = 5, maxSteps = 16 } = options;
  const payloads = payloadArbitrariesFor('workflowStoreArbitrary', options.workflow, options.payloads);
  return fc
    .record({
      cases: fc.array(fc.record({ startMinutes: fc.nat({ max: 90 * 24 * 60 }), intents: intentsArbitrary(maxSteps, 0, payloads) }), { minLength: 1, maxLength: maxCases, size: 'max' }),
      merge: fc.array(fc.nat({ max: 1000 }), { maxLength: maxCases * maxSteps, size: 'max' }),
    })
    .map(({ cases, merge }) =>
      buildStore(
        cases.map((c, i) => {
          const played = playWorkflow(c.intents, { ...options, caseId: `K-${i + 1}`, startAt: instantFromMillis(BASE_MS + c.startMinutes * 60_000) });
          return { caseId: played.caseId, streamId: `stream/K-${i + 1}`, events: played.events, state: played.state };
        }),
        merge,
      ),
    );
};
