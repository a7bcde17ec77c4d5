import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import {
  type AnyCaseEvent,
  type CaseState,
  type DecisionContext,
  type JurisdictionDirectory,
  type Rejection,
  type Transition,
  type Workflow,
  decide,
  escalationTarget,
  evolve,
  initialState,
  instantFromMillis,
  instantMillis,
  isWithinReach,
  mediationWorkflow,
} from '../index.js';
import { sampleDirectory } from './sampleJurisdiction.js';

/**
 * One random choice of what happens next to a case. Interpreted against the current state
 * by {@link playIntents}, so most intents become commands the workflow allows, and
 * `wild` ones probe rejections (wrong role, unit, stage or target).
 */
export interface Intent {
  readonly pick: number;
  readonly alt: number;
  readonly gapMinutes: number;
  readonly wild: boolean;
}

/** An arbitrary intent; `wildness` is the chance (0–1) that it deliberately breaks a rule. */
export const intentArbitrary = (wildness = 0.15): fc.Arbitrary<Intent> =>
  fc.record({
    pick: fc.noBias(fc.nat(1_000)),
    alt: fc.noBias(fc.nat(1_000)),
    gapMinutes: fc.integer({ min: 0, max: 4 * 24 * 60 }),
    wild: fc.noBias(fc.nat(999)).map((x) => x < wildness * 1000),
  });

/** Where and how a generated case plays out. */
export interface PlayOptions {
  /** By default {@link sampleDirectory}. */
  readonly directory?: JurisdictionDirectory;
  /** By default {@link mediationWorkflow}. */
  readonly workflow?: Workflow;
  /** By default `'case-1'` for {@link playIntents}; {@link caseHistoryArbitrary} generates one per history. */
  readonly caseId?: string;
  readonly startAt?: string;
}

/** One decided step: the command, its context, and the outcome. */
export interface PlayedStep {
  readonly command: Record<string, unknown>;
  readonly context: DecisionContext;
  readonly result: E.Either<Rejection<string>, readonly AnyCaseEvent[]>;
  readonly before: CaseState;
  readonly after: CaseState;
}

/** The outcome of playing intents: every step, the accepted history, and the final state. */
export interface PlayResult {
  readonly caseId: string;
  readonly steps: readonly PlayedStep[];
  readonly events: readonly AnyCaseEvent[];
  readonly state: CaseState;
}

const choose = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/**
 * How often a transition is chosen relative to others: commands that end a case before
 * mediation (a withdrawal, a rejection, a withdrawn mediation) are rare, so most generated
 * cases are accepted, mediated, notarized and closed after mediation.
 */
const weightOf = (row: Transition): number => (row.command === 'Withdraw' ? 1 : row.to === 'rejected' || row.to === 'withdrawn' ? 3 : 16);

const weighted = (rows: readonly Transition[]): readonly Transition[] => rows.flatMap((row) => Array<Transition>(weightOf(row)).fill(row));

const DEFAULT_DIRECTORY = sampleDirectory();

/** A step in one line: the command, who did it where and when (to the minute), and what came of it. */
const describeStep = (step: PlayedStep): string =>
  `${String(step.command['type'])} ${step.context.actor.role}@${step.context.actor.unit} ${step.context.now.slice(0, 16)} ${
    E.isRight(step.result) ? `→ ${step.result.right.map((e) => e.type).join(', ') || 'no event'} (${step.after.stage})` : `refused ${step.result.left.code}`
  }`;

/** Gives a value a short printed form for fast-check's reports, leaving its fields as they are. */
const printedAs = <T extends object>(value: T, print: () => string): T => Object.defineProperty(value, fc.toStringMethod, { value: print });

const payloadFor = (
  type: string,
  outcome: string | undefined,
  state: CaseState,
  workflow: Workflow,
  directory: JurisdictionDirectory,
  intent: Intent,
  caseId: string,
): Record<string, unknown> => {
  const units = [...directory.units.keys()];
  const here = state.handlingUnit ?? '';
  const a = intent.alt;
  switch (type) {
    case 'Submit': {
      const territorial = units.filter((u) => directory.units.get(u)?.level !== 'department');
      const receivingUnit = choose(territorial, a);
      return {
        channel: choose(workflow.channels, a >> 2),
        category: choose(workflow.categories, a >> 3),
        summary: `Generated request ${caseId}`,
        receivingUnit,
        area: receivingUnit,
        claimedAmountFen: a % 4 === 0 ? null : (a % 97) * 100_000,
        parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: `Applicant ${caseId}`, phone: '13800000000', idNumber: null } }],
      };
    }
    case 'Review':
      return outcome === 'rejected'
        ? { decision: { outcome: 'rejected', reason: choose(workflow.rejectionReasons, a), note: 'Generated rejection' } }
        : { decision: { outcome: 'accepted', note: null } };
    case 'Dispatch': {
      const reachable = units.filter((u) => isWithinReach(directory, here, u));
      return { to: intent.wild || reachable.length === 0 ? choose(units, a) : choose(reachable, a), reason: null };
    }
    case 'Escalate':
      return { to: intent.wild ? choose(units, a) : (escalationTarget(directory, here)?.id ?? choose(units, a)), reason: 'Generated escalation' };
    case 'ReturnToSender':
      return { reason: 'Generated return' };
    case 'StartMediation':
      return { track: choose(workflow.tracks, a) };
    case 'RecordMediation':
      // Half the agreements are written with payment terms, so they can be notarized.
      return outcome === 'agreement'
        ? { result: { outcome: 'agreement', form: a % 4 === 0 ? 'oral' : 'written', terms: 'Generated terms', amountFen: (a % 50) * 100_000, paymentTerms: a % 4 === 1 ? null : { dueDate: '2027-01-31', instalments: 1 + (a % 6) } } }
        : { result: { outcome: outcome ?? 'noAgreement', reason: 'Generated end' } };
    case 'Notarize':
      return { notaryOffice: 'notary-1', certificateNo: `cert-${caseId}` };
    case 'RecordCallback': {
      const reached = a % 5 !== 0;
      const satisfaction = ['verySatisfied', 'satisfied', 'basicallySatisfied', 'dissatisfied', 'veryDissatisfied'];
      return { purpose: state.stage === 'rejected' ? 'rejectionExplained' : 'followUp', reached, satisfaction: reached ? choose(satisfaction, a >> 1) : null, note: null };
    }
    case 'Close':
      return { referredTo: state.stage === 'noAgreement' && a % 2 === 0 ? choose(workflow.referralRoutes, a) : null, note: null };
    case 'Withdraw':
      return { reason: 'Generated withdrawal' };
    case 'ExtendDeadline':
    case 'PauseClock':
    case 'ResumeClock': {
      const running = Object.keys(state.clocks).filter((r) => state.clocks[r]?.stoppedAt === null);
      const rule = running.length > 0 ? choose(running, a) : 'review';
      return type === 'ExtendDeadline' ? { rule, by: 1 + (a % 5), reason: 'Generated extension' } : type === 'PauseClock' ? { rule, reason: choose(workflow.pauseReasons, a) } : { rule };
    }
    case 'RaiseSupervision':
      return { level: a % 2 === 0 ? 'yellow' : 'red', reason: 'Generated supervision' };
    default:
      return {};
  }
};

const actorUnit = (type: string, role: string, state: CaseState, directory: JurisdictionDirectory, payload: Record<string, unknown>, intent: Intent): string => {
  const units = [...directory.units.keys()];
  if (intent.wild && intent.alt % 2 === 0) return choose(units, intent.alt >> 1);
  if (type === 'Submit') return String(payload['receivingUnit']);
  if (role === 'followUpAgent' || role === 'intakeClerk') return state.owner ?? units[0]!;
  return state.handlingUnit ?? state.owner ?? units[0]!;
};

/**
 * Plays intents against the real decider from the initial state: each intent becomes a
 * command (mostly one the workflow allows in the current stage), is decided, and on
 * acceptance folded. Time moves forward by each intent's gap.
 */
export const playIntents = (intents: readonly Intent[], options: PlayOptions = {}): PlayResult => {
  const workflow = options.workflow ?? mediationWorkflow;
  const directory = options.directory ?? DEFAULT_DIRECTORY;
  const caseId = options.caseId ?? 'case-1';
  let nowMs = instantMillis(options.startAt ?? '2026-03-02T01:00:00.000Z');
  let state = initialState;
  const steps: PlayedStep[] = [];
  const events: AnyCaseEvent[] = [];
  intents.forEach((intent, index) => {
    nowMs += intent.gapMinutes * 60_000;
    const rows = workflow.transitions.filter((row) => row.from.includes(state.stage));
    // Three intents in four move the case on; the rest exercise clocks, supervision and call-backs.
    const moving = rows.filter((row) => row.to !== 'same');
    const candidates = moving.length > 0 && intent.pick % 4 !== 0 ? moving : rows;
    const row = intent.wild || candidates.length === 0 ? choose(weighted(workflow.transitions), intent.pick) : choose(weighted(candidates), intent.pick >> 2);
    const role = intent.wild && intent.pick % 3 === 0 ? choose(['requester', 'intakeClerk', 'mediator', 'notary', 'gridWorker'], intent.alt) : choose(row.roles, intent.alt);
    const payload = payloadFor(row.command, row.outcome, state, workflow, directory, intent, caseId);
    const unit = actorUnit(row.command, role, state, directory, payload, intent);
    const command = { type: row.command, commandId: `${caseId}-cmd-${index}`, caseId, ...payload };
    const context: DecisionContext = { now: instantFromMillis(nowMs), actor: { id: `${role}-${unit}`, role, unit }, directory, workflow };
    const result = decide(command, state, context);
    const before = state;
    if (E.isRight(result)) {
      for (const event of result.right) {
        state = evolve(state, event);
        events.push(event);
      }
    }
    const step: PlayedStep = { command, context, result, before, after: state };
    steps.push(printedAs(step, () => describeStep(step)));
  });
  // Each step's context holds the whole directory and workflow: fast-check prints one line per step instead.
  const played: PlayResult = { caseId, steps, events, state };
  return printedAs(played, () => [`PlayResult(${caseId}, ${events.length} events, stage ${state.stage})`, ...steps.map((step, i) => `  ${i + 1}. ${describeStep(step)}`)].join('\n'));
};

/** Random intents for one case (1 to `maxLength` steps, lengths spread over the whole range). */
export const intentsArbitrary = (maxLength = 30, wildness = 0.15): fc.Arbitrary<readonly Intent[]> =>
  fc.array(intentArbitrary(wildness), { minLength: 1, maxLength, size: 'max' });

/** Options of {@link caseHistoryArbitrary}. */
export interface CaseHistoryArbitraryOptions extends PlayOptions {
  /** Intents per history at most (default 30). */
  readonly maxLength?: number;
  /** The chance (0–1) that an intent deliberately breaks a rule (default 0.15). */
  readonly wildness?: number;
}

/**
 * Case ids `case-<n>` from a large range, never shrunk, so histories generated together
 * (and shrunk together) have distinct ids.
 */
const caseIdArbitrary: fc.Arbitrary<string> = fc.noShrink(fc.noBias(fc.nat())).map((n) => `case-${n}`);

/**
 * An arbitrary case history (events the decider accepted), with its steps, decided by
 * `workflow` in `directory` (by default the mediation workflow in the sample directory).
 * Some intents break rules on purpose, so some steps are refused. Each history gets its
 * own case id unless `caseId` is given; for a store of several cases prefer
 * {@link caseStoreArbitrary}, or generate histories with
 * `fc.uniqueArray(caseHistoryArbitrary(), { selector: (h) => h.caseId })`.
 */
export const caseHistoryArbitrary = (options: CaseHistoryArbitraryOptions = {}): fc.Arbitrary<PlayResult> =>
  fc
    .tuple(intentsArbitrary(options.maxLength, options.wildness), options.caseId === undefined ? caseIdArbitrary : fc.constant(options.caseId))
    .map(([intents, caseId]) => playIntents(intents, { ...options, caseId }));
