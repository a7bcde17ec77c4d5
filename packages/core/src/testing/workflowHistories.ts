import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import {
  type Actor,
  type AnyCaseEvent,
  type CaseCommandOf,
  type CaseCommandType,
  type CaseState,
  type DecisionContext,
  type JurisdictionDirectory,
  type Rejection,
  type Transition,
  type Workflow,
  type WorkflowCommandOf,
  type WorkflowCommandType,
  CASE_COMMAND_TYPES,
  decide,
  evolve,
  initialState,
  instantFromMillis,
  instantMillis,
  workflowLabel,
} from '../index.js';
import { applicantOf, lifecyclePayload } from './lifecyclePayloads.js';
import { TestKitUsageError } from './testKitUsageError.js';

/**
 * One random choice of what happens next to a case. Interpreted against the current state
 * by {@link playWorkflow}, so most intents become commands the workflow allows, and
 * `wild` ones probe rejections (any command, role, unit or target).
 */
export interface Intent {
  /** Chooses the transition row (and whether the step moves the case on). */
  readonly pick: number;
  /** Chooses the actor and the default payload's values. */
  readonly alt: number;
  readonly gapMinutes: number;
  readonly wild: boolean;
  /** A payload per command type, drawn from the caller's arbitraries; the picked command takes its own. */
  readonly payloads?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The payload of a command without its `type`, `commandId` and `caseId`. */
type PayloadOf<C> = Omit<C, 'type' | 'commandId' | 'caseId'>;

/**
 * fast-check arbitraries of payloads by command type: required for every command the
 * workflow adds, optional for the shared lifecycle's (whose defaults are derived from the
 * state and the directory; fields given here replace the default's). Typed by the
 * workflow's payload codecs (cast to generate values outside them).
 */
export type PayloadArbitraries<W extends Workflow = Workflow> = {
  readonly [K in WorkflowCommandType<W>]?: fc.Arbitrary<PayloadOf<WorkflowCommandOf<W, K>>>;
} & { readonly [K in CaseCommandType]?: fc.Arbitrary<Partial<PayloadOf<CaseCommandOf<K>>>> };

/**
 * Relative weights (default 1 each). `commands` are keyed by command type or by
 * `Type:outcome` for one row of a command with outcomes (`'Review:rejected'`); `roles` by role.
 */
export interface Weights {
  readonly commands?: Readonly<Record<string, number>>;
  readonly roles?: Readonly<Record<string, number>>;
}

/** Where and how intents play out. */
export interface PlayWorkflowOptions {
  readonly workflow: Workflow;
  readonly directory: JurisdictionDirectory;
  /** By default `'case-1'`. */
  readonly caseId?: string;
  /** When the first step happens (by default 2026-03-02T01:00Z). */
  readonly startAt?: string;
  readonly weights?: Weights;
  /** The named sets of keys every step's context carries (`DecisionContext.known`; none by default). */
  readonly known?: DecisionContext['known'];
}

/** One decided step: the command, its context, and the outcome. */
export interface PlayedStep {
  readonly command: Record<string, unknown>;
  readonly context: DecisionContext;
  readonly result: E.Either<Rejection<string>, readonly AnyCaseEvent[]>;
  readonly before: CaseState;
  readonly after: CaseState;
  /** Whether the step was wild (chosen to break a rule). */
  readonly wild: boolean;
}

/** The outcome of playing intents: every step, the accepted history, and the final state. */
export interface PlayResult {
  readonly caseId: string;
  readonly workflow: Workflow;
  readonly steps: readonly PlayedStep[];
  readonly events: readonly AnyCaseEvent[];
  readonly state: CaseState;
}

const choose = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/** The item whose share of the total weight holds `u` (0 ≤ u < 1); items of weight 0 are never chosen while another has weight. */
const chooseWeighted = <T>(items: readonly T[], weightOf: (item: T) => number, u: number): T => {
  const weights = items.map((item) => Math.max(0, weightOf(item)));
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total === 0) return choose(items, Math.floor(u * items.length));
  let left = u * total;
  for (let i = 0; i < items.length; i += 1) {
    left -= weights[i] as number;
    if (left < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
};

/** `n` (0…1000) as a fraction in [0, 1). */
const fraction = (n: number, range: number): number => (n % range) / range;

const rowWeight = (weights: Weights | undefined, row: Transition): number => weights?.commands?.[`${row.command}:${row.outcome}`] ?? weights?.commands?.[row.command] ?? 1;

const DEFAULT_START = '2026-03-02T01:00:00.000Z';

/** The scalar fields of a payload worth a glance (short values, one level of nesting), for a report line. */
const keyFields = (payload: Readonly<Record<string, unknown>>, prefix = ''): string[] =>
  Object.entries(payload).flatMap(([key, value]) => {
    if (value === null || value === undefined) return [];
    if (typeof value === 'object') return prefix === '' && !Array.isArray(value) ? keyFields(value as Record<string, unknown>, `${key}.`) : [];
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return shown.length > 26 ? [] : [`${prefix}${key}=${shown}`];
  });

const payloadSummary = (command: Readonly<Record<string, unknown>>): string => {
  const { type: _type, commandId: _commandId, caseId: _caseId, ...payload } = command;
  const summary = keyFields(payload).join(' ');
  return summary.length > 60 ? `${summary.slice(0, 59)}…` : summary;
};

/** A step in one line: the command, who did it where and when (to the minute), its key fields, and what came of it. */
export const describeStep = (step: PlayedStep): string => {
  const { actor } = step.context;
  const outcome = E.isRight(step.result) ? `→ ${step.result.right.map((e) => e.type).join(', ') || 'no event'} (${step.after.stage})` : `refused ${step.result.left.code}`;
  const fields = payloadSummary(step.command);
  return `${String(step.command['type'])}${step.wild ? ' (wild)' : ''} by ${actor.role}@${actor.unit} ${step.context.now.slice(0, 16)}${fields === '' ? '' : ` ${fields}`} ${outcome}`;
};

/** A history as a numbered command list, the way fast-check prints a counterexample. */
export const describeHistory = (history: PlayResult): string =>
  [
    `History ${history.caseId} under ${workflowLabel(history.workflow)}: ${history.steps.length} steps, ${history.events.length} events, stage ${history.state.stage}`,
    ...history.steps.map((step, i) => `  ${i + 1}. ${describeStep(step)}`),
  ].join('\n');

/** Gives a value a short printed form for fast-check's reports, leaving its fields as they are. */
export const printedAs = <T extends object>(value: T, print: () => string): T => Object.defineProperty(value, fc.toStringMethod, { value: print });

/** The units a staff member may act from: the holding unit mostly, sometimes the owner or the unit above. */
const staffUnit = (state: CaseState, directory: JurisdictionDirectory, n: number): string => {
  const here = state.handlingUnit ?? state.owner ?? (directory.units.keys().next().value as string);
  const k = n % 8;
  if (k >= 5 && k <= 6 && state.owner !== null) return state.owner;
  if (k === 7) return directory.units.get(here)?.parent ?? here;
  return here;
};

/** Who acts: an actor of `role` fitting the role's scope (or, on a wild step, perhaps not). */
const actorFor = (role: string, workflow: Workflow, directory: JurisdictionDirectory, state: CaseState, payload: Record<string, unknown>, intent: Intent, caseId: string): Actor => {
  const units = [...directory.units.keys()];
  const scope = workflow.roles.find((r) => r.id === role)?.scope;
  const stray = intent.wild && intent.alt % 2 === 0;
  const submitting = state.stage === 'new';
  const unit = stray
    ? choose(units, intent.alt >> 1)
    : typeof payload['receivingUnit'] === 'string' && submitting
      ? payload['receivingUnit']
      : scope === 'staff'
        ? staffUnit(state, directory, intent.alt >> 4)
        : (state.handlingUnit ?? choose(units, intent.alt >> 1));
  if (scope === 'citizen') {
    const applicants = submitting ? [applicantOf(caseId)] : state.applicants;
    const id = stray || applicants.length === 0 ? `stranger-${caseId}` : choose(applicants, intent.alt >> 3);
    return { id, role, unit };
  }
  return { id: `${role}@${unit}`, role, unit };
};

/**
 * The payload of a step: the caller's for the command (on top of the lifecycle's default,
 * if it has one), with a non-wild step's outcome field set to the picked row's outcome.
 */
const payloadFor = (row: Transition, role: string, workflow: Workflow, directory: JurisdictionDirectory, state: CaseState, intent: Intent, caseId: string): Record<string, unknown> => {
  const roleScope = workflow.roles.find((r) => r.id === role)?.scope;
  const base = lifecyclePayload({ type: row.command, outcome: row.outcome, scope: roleScope, state, workflow, directory, caseId, alt: intent.alt, wild: intent.wild }) ?? {};
  const given = intent.payloads?.[row.command] ?? {};
  const payload: Record<string, unknown> = { ...base, ...given };
  const outcomeField = workflow.commands?.[row.command]?.outcome;
  if (outcomeField !== undefined && row.outcome !== undefined && !intent.wild) payload[outcomeField] = row.outcome;
  return payload;
};

/**
 * Plays intents against the real decider from the initial state. Each intent picks a
 * transition row allowed from the case's stage (three in four move the case to another
 * stage, when one can), weighted by `weights.commands`; an actor of one of the row's roles
 * (weighted by `weights.roles`) whose unit fits the role's scope (staff: the holding unit,
 * the owner or the unit above; citizen: an applicant's subject id; external: anyone); and a
 * payload (the intent's, from the caller's arbitraries, over the shared lifecycle's
 * defaults). A wild intent picks any row, and sometimes any role, unit or target. The
 * command is decided; on acceptance its events are folded. Time moves forward by each
 * intent's gap. The result prints as a numbered command list.
 */
export const playWorkflow = (intents: readonly Intent[], options: PlayWorkflowOptions): PlayResult => {
  const { workflow, directory, weights } = options;
  const caseId = options.caseId ?? 'case-1';
  const roles = workflow.roles.map((r) => r.id);
  let nowMs = instantMillis(options.startAt ?? DEFAULT_START);
  let state = initialState;
  const steps: PlayedStep[] = [];
  const events: AnyCaseEvent[] = [];
  intents.forEach((intent, index) => {
    nowMs += intent.gapMinutes * 60_000;
    const rows = workflow.transitions.filter((row) => row.from.includes(state.stage));
    const moving = rows.filter((row) => row.to !== 'same');
    const candidates = moving.length > 0 && intent.pick % 4 !== 0 ? moving : rows;
    const pool = intent.wild || candidates.length === 0 ? workflow.transitions : candidates;
    const row = chooseWeighted(pool, (r) => rowWeight(weights, r), fraction(intent.pick >> 2, 251));
    const role = intent.wild && intent.pick % 3 === 0 ? choose(roles, intent.alt) : chooseWeighted(row.roles, (r) => weights?.roles?.[r] ?? 1, fraction(intent.alt, 1001));
    const payload = payloadFor(row, role, workflow, directory, state, intent, caseId);
    const actor = actorFor(role, workflow, directory, state, payload, intent, caseId);
    const command = { type: row.command, commandId: `${caseId}-cmd-${index}`, caseId, ...payload };
    const now = instantFromMillis(nowMs);
    const context: DecisionContext = options.known === undefined ? { now, actor, directory, workflow } : { now, actor, directory, workflow, known: options.known };
    const result = decide(command, state, context);
    const before = state;
    if (E.isRight(result)) {
      for (const event of result.right) {
        state = evolve(state, event);
        events.push(event);
      }
    }
    const step: PlayedStep = { command, context, result, before, after: state, wild: intent.wild };
    steps.push(printedAs(step, () => describeStep(step)));
  });
  // Each step's context holds the whole directory and workflow: fast-check prints the numbered command list instead.
  const played: PlayResult = { caseId, workflow, steps, events, state };
  return printedAs(played, () => describeHistory(played));
};

/** An arbitrary intent; `wildness` is the chance (0–1) that it deliberately breaks a rule; `payloads` are drawn for each step. */
export const intentArbitrary = (wildness = 0.15, payloads: Readonly<Record<string, fc.Arbitrary<object>>> = {}): fc.Arbitrary<Intent> => {
  const numbers = {
    pick: fc.noBias(fc.nat(1_000)),
    alt: fc.noBias(fc.nat(1_000)),
    gapMinutes: fc.integer({ min: 0, max: 4 * 24 * 60 }),
    wild: fc.noBias(fc.nat(999)).map((x) => x < wildness * 1000),
  };
  return Object.keys(payloads).length === 0 ? fc.record(numbers) : fc.record({ ...numbers, payloads: fc.record(payloads as Record<string, fc.Arbitrary<Readonly<Record<string, unknown>>>>) });
};

/** Random intents for one case (1 to `maxLength` steps, lengths spread over the whole range), with payloads drawn from `payloads`. */
export const intentsArbitrary = (maxLength = 30, wildness = 0.15, payloads: Readonly<Record<string, fc.Arbitrary<object>>> = {}): fc.Arbitrary<readonly Intent[]> =>
  fc.array(intentArbitrary(wildness, payloads), { minLength: 1, maxLength, size: 'max' });

/** Options of {@link workflowHistoryArbitrary}. */
export interface WorkflowHistoryArbitraryOptions<W extends Workflow = Workflow> extends PlayWorkflowOptions {
  readonly workflow: W;
  /** Payload arbitraries by command type: one for every command the workflow adds (see {@link PayloadArbitraries}). */
  readonly payloads?: PayloadArbitraries<W>;
  /** Intents per history at most (default 30). */
  readonly maxLength?: number;
  /** The chance (0–1) that an intent deliberately breaks a rule (default 0.15). */
  readonly wildness?: number;
}

/**
 * The payload arbitraries as a plain record, after checking that every command the workflow
 * adds and its transitions use has one (else a {@link TestKitUsageError} naming `caller`).
 */
export const payloadArbitrariesFor = (caller: string, workflow: Workflow, given: PayloadArbitraries | undefined): Readonly<Record<string, fc.Arbitrary<object>>> => {
  const payloads = (given ?? {}) as Readonly<Record<string, fc.Arbitrary<object>>>;
  const lifecycle = new Set<string>(CASE_COMMAND_TYPES);
  const missing = [...new Set(workflow.transitions.map((row) => row.command))].filter((type) => !lifecycle.has(type) && payloads[type] === undefined);
  if (missing.length > 0) {
    throw new TestKitUsageError(
      `${caller}: no payload arbitrary for ${missing.join(', ')}, command(s) of workflow ${workflowLabel(workflow)}; pass payloads: { ${missing[0]}: fc.record({ … }) } with one arbitrary per command the workflow adds.`,
    );
  }
  return payloads;
};

/**
 * Case ids `case-<n>` from a large range, never shrunk, so histories generated together
 * (and shrunk together) have distinct ids.
 */
const caseIdArbitrary: fc.Arbitrary<string> = fc.noShrink(fc.noBias(fc.nat())).map((n) => `case-${n}`);

/**
 * An arbitrary case history of any workflow: 1…`maxLength` intents played by
 * {@link playWorkflow} through the real decider, with the caller's payload arbitraries for
 * the workflow's own commands. Each history gets its own case id unless `caseId` is given.
 * A failing history prints as a numbered list of commands (type, role@unit, key payload
 * fields, the events recorded or the rejection code).
 *
 * @example
 * const histories = workflowHistoryArbitrary({
 *   workflow: hotlineWorkflow,
 *   directory: hotlineDirectory(),
 *   payloads: { Reply: fc.record({ workOrderNo: fc.constant('WO-1'), reply: fc.constant('Done'), resolved: fc.boolean() }), … },
 *   weights: { commands: { 'Review:rejected': 0.2 }, roles: { director: 0.5 } },
 * });
 * fc.assert(fc.property(histories, (h) => expect(historyInvariantViolations(h)).toEqual([])), { numRuns: 1000 });
 */
export const workflowHistoryArbitrary = <W extends Workflow>(options: WorkflowHistoryArbitraryOptions<W>): fc.Arbitrary<PlayResult> => {
  const payloads = payloadArbitrariesFor('workflowHistoryArbitrary', options.workflow, options.payloads);
  return fc
    .tuple(intentsArbitrary(options.maxLength, options.wildness, payloads), options.caseId === undefined ? caseIdArbitrary : fc.constant(options.caseId))
    .map(([played, caseId]) => playWorkflow(played, { ...options, caseId }));
};
