import type { Draft } from 'immer';
import type { Calendar } from '../../calendar/calendar.js';
import type { DurationUnit } from '../../calendar/duration.js';
import { type CaseState, type Clock, type PausedSpan, initialState } from '../../decider/caseState.js';
import { type DeadlineStatus, deadlineHistory } from '../../deadlines/deadlines.js';
import { type AnyCaseEvent, isLifecycleEvent } from '../../events/caseEvent.js';
import { instantMillis } from '../../values/values.js';
import { workflowLabel } from '../../workflow/workflow.js';

/**
 * A deadline clock kept compactly in a read model: the core {@link Clock} without the
 * rule's label and legal basis (those are kept once per rule in a {@link RuleBook}).
 * The amount and unit stay with the clock, since they fix its due time.
 */
export interface ClockFacts {
  readonly amount: number;
  readonly unit: DurationUnit;
  readonly startedAt: string;
  readonly pauses: readonly PausedSpan[];
  readonly pausedSince: string | null;
  /** Total extension in the rule's unit. */
  readonly extendedBy: number;
  readonly stoppedAt: string | null;
  /**
   * When the event that stopped the clock was recorded, if it was recorded late (see
   * `recordedLateAt`); absent otherwise. A clock whose stop is dated by its due time but was
   * recorded after it was met on time only on the strength of a backdated fact.
   */
  readonly stopRecordedAt?: string;
}

/** A case's clocks by rule id. */
export type ClockBook = Readonly<Record<string, ClockFacts>>;

/** The descriptive part of a deadline rule, kept once per rule id (the last seen wins). */
export interface RuleInfo {
  readonly label: string;
  readonly basis: string;
  readonly maxExtension: number;
}

/** Deadline rules of one workflow version, by rule id. */
export type RuleBook = Readonly<Record<string, RuleInfo>>;

/**
 * Deadline rules seen in the history, by the workflow that started them (`id@version`, as
 * in `meta.workflow`), then by rule id: two case kinds may use one rule id for different
 * rules (the mediation request's `review` is 3 days, a petition's `review` 30), and two
 * versions of one kind may word or cap a rule differently.
 */
export type RuleLibrary = Readonly<Record<string, RuleBook>>;

/** The rules of one workflow version in a library (none seen: empty). */
export const rulesOf = (library: RuleLibrary, workflow: { readonly id: string; readonly version: number }): RuleBook => library[workflowLabel(workflow)] ?? {};

/** A clock an event started: its rule id and length. */
export interface StartedClock {
  readonly rule: string;
  readonly amount: number;
  readonly unit: DurationUnit;
}

/**
 * What one event did to a case's clocks: the clocks its deciding workflow started and
 * stopped (from `meta.deadlines`), and an extension, pause or resumption. Empty parts are
 * left out, so a stored change stays small.
 */
export interface ClockChange {
  readonly started?: readonly StartedClock[];
  readonly stopped?: readonly string[];
  readonly extended?: { readonly rule: string; readonly by: number };
  readonly paused?: string;
  readonly resumed?: string;
}

const operationOf = (event: AnyCaseEvent): ClockChange => {
  if (!isLifecycleEvent(event)) return {};
  switch (event.type) {
    case 'DeadlineExtended':
      return { extended: { rule: event.data.rule, by: event.data.by } };
    case 'ClockPaused':
      return { paused: event.data.rule };
    case 'ClockResumed':
      return { resumed: event.data.rule };
    default:
      return {};
  }
};

/** The clock change an event makes, or `null` when it leaves every clock alone. */
export const clockChangeOf = (event: AnyCaseEvent): ClockChange | null => {
  const { started, stopped } = event.meta.deadlines;
  const change: ClockChange = {
    ...(started.length > 0 ? { started: started.map((d) => ({ rule: d.rule, amount: d.amount, unit: d.unit })) } : {}),
    ...(stopped.length > 0 ? { stopped: [...stopped] } : {}),
    ...operationOf(event),
  };
  return Object.keys(change).length === 0 ? null : change;
};

/**
 * Applies a clock change made at `at` to a case's clocks, in place (an immer draft or a
 * private copy), with exactly the semantics of the decider's `evolve`: stop, then start,
 * then extend, pause or resume. Stopping a paused clock closes its pause at `at`. A change
 * recorded late (`recordedLate`: its recording time) marks the clocks it stops with it.
 */
export const applyClockChange = (clocks: Draft<ClockBook>, change: ClockChange, at: string, recordedLate: string | null = null): void => {
  for (const rule of change.stopped ?? []) {
    const clock = clocks[rule];
    if (clock === undefined || clock.stoppedAt !== null) continue;
    if (clock.pausedSince !== null) clock.pauses.push({ from: clock.pausedSince, to: at });
    clock.pausedSince = null;
    clock.stoppedAt = at;
    if (recordedLate !== null) clock.stopRecordedAt = recordedLate;
  }
  for (const { rule, amount, unit } of change.started ?? []) {
    clocks[rule] = { amount, unit, startedAt: at, pauses: [], pausedSince: null, extendedBy: 0, stoppedAt: null };
  }
  const extended = change.extended === undefined ? undefined : clocks[change.extended.rule];
  if (extended !== undefined && change.extended !== undefined) extended.extendedBy += change.extended.by;
  const paused = change.paused === undefined ? undefined : clocks[change.paused];
  if (paused !== undefined) paused.pausedSince = at;
  const resumed = change.resumed === undefined ? undefined : clocks[change.resumed];
  if (resumed !== undefined && resumed.pausedSince !== null) {
    resumed.pauses.push({ from: resumed.pausedSince, to: at });
    resumed.pausedSince = null;
  }
};

/** Records the label, basis and extension limit of every rule an event's workflow started, under that workflow. */
export const registerRules = (library: Draft<RuleLibrary>, event: AnyCaseEvent): void => {
  if (event.meta.deadlines.started.length === 0) return;
  const key = workflowLabel(event.meta.workflow);
  const rules = (library[key] ??= {});
  for (const d of event.meta.deadlines.started) {
    const known = rules[d.rule];
    if (known === undefined || known.label !== d.label || known.basis !== d.basis || known.maxExtension !== d.maxExtension) {
      rules[d.rule] = { label: d.label, basis: d.basis, maxExtension: d.maxExtension };
    }
  }
};

/** The core {@link Clock} of compact clock facts, its label and basis looked up in `rules`. */
export const toClock = (rule: string, facts: ClockFacts, rules: RuleBook): Clock => {
  const info = rules[rule];
  return {
    rule: { rule, label: info?.label ?? rule, basis: info?.basis ?? '', amount: facts.amount, unit: facts.unit, maxExtension: info?.maxExtension ?? 0 },
    startedAt: facts.startedAt,
    pauses: facts.pauses,
    pausedSince: facts.pausedSince,
    extendedBy: facts.extendedBy,
    stoppedAt: facts.stoppedAt,
  };
};

/**
 * A deadline as a read model shows it: the core {@link DeadlineStatus}, and for a clock whose
 * stop was recorded late, when (`stopRecordedAt`) and whether it counts as met on time only
 * because the stop is dated before the due time while it was recorded after it
 * (`onTimeRecordedLate`: "on time, recorded late").
 */
export type ClockStatus = DeadlineStatus & { readonly stopRecordedAt?: string; readonly onTimeRecordedLate?: true };

/**
 * Every clock of a case as of `now`, running or stopped, with due time, breach and
 * on-time flags: the core `deadlineHistory`, so a read model and the decider's state
 * always agree on due times; with the marks of a stop recorded late (see {@link ClockStatus}).
 */
export const clockStatuses = (clocks: ClockBook, rules: RuleBook, now: string, calendar: Calendar): readonly ClockStatus[] => {
  const full: Record<string, Clock> = {};
  for (const [rule, facts] of Object.entries(clocks)) full[rule] = toClock(rule, facts, rules);
  const state: CaseState = { ...initialState, clocks: full };
  return deadlineHistory(state, now, calendar).map((status): ClockStatus => {
    const stopRecordedAt = clocks[status.rule]?.stopRecordedAt;
    if (stopRecordedAt === undefined) return status;
    const onTimeRecordedLate = status.metOnTime === true && status.dueAt !== null && instantMillis(stopRecordedAt) > instantMillis(status.dueAt);
    return onTimeRecordedLate ? { ...status, stopRecordedAt, onTimeRecordedLate } : { ...status, stopRecordedAt };
  });
};
