import * as E from 'fp-ts/lib/Either.js';
import type { Calendar } from '../../calendar/calendar.js';
import { dueAt } from '../../calendar/dueAt.js';
import { isCalendarInputError } from '../../calendar/calendarInputError.js';
import { DurationCodec, type Duration } from '../../calendar/duration.js';
import type { CaseState } from '../../decider/caseState.js';
import type { DeadlineDue, DeadlineStatus } from '../../deadlines/deadlines.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import { formatDecodeErrors } from '../../values/decodeErrors.js';
import { instantMillis } from '../../values/values.js';
import { type RuleBook, type RuleLibrary, rulesOf } from '../shared/clockBook.js';
import { type PlannedClock, breachedAt, clockPlanner, statusAt } from './plannedClocks.js';
import { compareText } from '../shared/order.js';
import { valuesIn } from '../shared/shardedRecord.js';
import { ReportInputError, requireReportInstant } from '../shared/reportInputError.js';
import type { DeadlinesState, LateStoppedClocks, OpenCaseClocks } from './deadlinesProjection.js';

/** Options of {@link deadlineReport}. */
export interface DeadlineReportOptions {
  /**
   * How far ahead "due soon" looks, counted from `now` like a deadline (the rest of today
   * does not count for day units). Default: 2 working days.
   */
  readonly dueSoonWithin?: Duration;
  /** Only cases of this kind (workflow id); every kind when absent. */
  readonly kind?: string;
  /**
   * The lists (`dueSoon`, `breached`, `extended`, `withoutHolidayData`, `onTimeRecordedLate`)
   * hold at most this many items, the first in their order; the counts still cover every
   * deadline. Every item when absent. A page showing the ten most overdue asks for what it shows
   * instead of building hundreds of thousands of items.
   */
  readonly listed?: number;
}

/** Where a running deadline is: its case, the unit holding it, the case's supervision level. */
interface DeadlinePlace {
  readonly caseId: string;
  /** The case kind (workflow id). */
  readonly kind: string;
  readonly unit: string;
  readonly level: UnitLevel;
  readonly supervision: CaseState['supervision'];
}

/** A running deadline of an open case, as of the report's `now`. */
export type DeadlineItem = DeadlineStatus & DeadlinePlace;

/** A running deadline of an open case whose due time is known. */
export type DueDeadlineItem = DeadlineDue & DeadlinePlace;

/**
 * A deadline met on time only by the date of a fact recorded after its due time: its stop is
 * dated by the due time, its recording (`stopRecordedAt`) came after it ("on time, recorded late").
 */
export type OnTimeRecordedLateItem = DeadlineDue & { readonly stopRecordedAt: string; readonly onTimeRecordedLate: true } & Pick<DeadlinePlace, 'caseId' | 'kind' | 'unit'>;

/** Counts of running deadlines. */
export interface DeadlineCounts {
  readonly running: number;
  readonly paused: number;
  readonly dueSoon: number;
  readonly breached: number;
  readonly extended: number;
}

/** One case kind's part of a {@link DeadlineReport}: its open cases, deadlines by rule and supervision. */
export interface KindDeadlines {
  readonly openCases: number;
  readonly totals: DeadlineCounts;
  /** By rule id of this kind (unambiguous, unlike the report's `byRule` across kinds). */
  readonly byRule: Readonly<Record<string, DeadlineCounts>>;
  readonly supervision: Readonly<Record<CaseState['supervision'], number>>;
}

/** What {@link deadlineReport} returns. */
export interface DeadlineReport {
  readonly asOf: string;
  /**
   * Deadlines due up to this instant (and not breached, not paused) are due soon; `null`
   * when the window itself reaches a year the calendar has no holiday data for (then none is).
   */
  readonly dueSoonUntil: string | null;
  /** Running, not paused, not breached, due by `dueSoonUntil`; soonest first. */
  readonly dueSoon: readonly DueDeadlineItem[];
  /** Running and past their due time; most overdue first. */
  readonly breached: readonly DueDeadlineItem[];
  /** Running with an approved extension; soonest first, those without a due time last. */
  readonly extended: readonly DeadlineItem[];
  /**
   * Running deadlines whose due time cannot be computed, because their span reaches a year
   * the calendar has no holiday data for (each says which); by case and rule. Counted as
   * running, never as due soon or breached.
   */
  readonly withoutHolidayData: readonly DeadlineItem[];
  readonly totals: DeadlineCounts;
  /** By rule id; two kinds' rules of the same id are counted together (see `byKind`). */
  readonly byRule: Readonly<Record<string, DeadlineCounts>>;
  /** By case kind (workflow id): every kind with an open case. */
  readonly byKind: Readonly<Record<string, KindDeadlines>>;
  /** By the unit holding the case. */
  readonly byUnit: Readonly<Record<string, DeadlineCounts>>;
  readonly openCases: number;
  /** Open cases by supervision level (督办), counted apart from the deadlines. */
  readonly supervision: Readonly<Record<CaseState['supervision'], number>>;
  /**
   * Deadlines of any case, open or closed, that count as met on time only because the fact
   * that stopped them is dated by the due time while it was recorded after it ("on time,
   * recorded late"); by case and rule.
   */
  readonly onTimeRecordedLate: readonly OnTimeRecordedLateItem[];
}

/** The default "due soon" window: 2 working days. */
export const DEFAULT_DUE_SOON_WITHIN: Duration = { amount: 2, unit: 'workingDays' };

/** Counts while a report is computed or kept (changed in place). */
export type MutableCounts = { -readonly [K in keyof DeadlineCounts]: DeadlineCounts[K] };

/** No deadline counted. */
export const zeroCounts = (): MutableCounts => ({ running: 0, paused: 0, dueSoon: 0, breached: 0, extended: 0 });

/** Adds `delta` times one running deadline to `counts` (changed in place): -1 takes it out again. */
export const tally = (counts: MutableCounts, status: DeadlineStatus, breached: boolean | null, dueSoon: boolean, delta = 1): void => {
  counts.running += delta;
  if (status.paused) counts.paused += delta;
  if (dueSoon) counts.dueSoon += delta;
  if (breached === true) counts.breached += delta;
  if (status.extendedBy > 0) counts.extended += delta;
};

/** Adds every count of `from` to `to` (changed in place). */
export const addCounts = (to: MutableCounts, from: DeadlineCounts): void => {
  to.running += from.running;
  to.paused += from.paused;
  to.dueSoon += from.dueSoon;
  to.breached += from.breached;
  to.extended += from.extended;
};

/** A kind's figures while the report is computed or kept. */
export interface KindTally {
  openCases: number;
  readonly totals: MutableCounts;
  readonly byRule: Record<string, MutableCounts>;
  readonly supervision: Record<CaseState['supervision'], number>;
}

/** A kind with no open case yet. */
export const kindTally = (): KindTally => ({ openCases: 0, totals: zeroCounts(), byRule: {}, supervision: { normal: 0, yellow: 0, red: 0 } });

/** Where an item goes in a list: by due time (`Infinity` for none, or for a list by case alone), then by case and rule. */
export interface ListKey {
  readonly dueMs: number;
  readonly caseId: string;
  readonly rule: string;
}

/** Whether the item of due time `dueMs`, case `caseId` and rule `rule` goes before the one of `key`. */
const precedes = (dueMs: number, caseId: string, rule: string, key: ListKey): boolean =>
  dueMs !== key.dueMs ? dueMs < key.dueMs : caseId !== key.caseId ? compareText(caseId, key.caseId) < 0 : compareText(rule, key.rule) < 0;

/** The order of list items: by due time, then case, then rule (two items without a due time, both `Infinity`, by case and rule). */
export const compareListKeys = (a: ListKey, b: ListKey): number => a.dueMs - b.dueMs || compareText(a.caseId, b.caseId) || compareText(a.rule, b.rule);

/**
 * A list of the report being built: every item offered, sorted at the end, or with a `limit`
 * the first `limit` in order, kept as they are offered. An item is built (`build(a, b)`) only
 * when it gets in: at hundreds of thousands of open cases, most deadlines are only counted.
 */
const listOf = <A, B, I>(limit: number, build: (a: A, b: B) => I) => {
  const kept: { readonly key: ListKey; readonly item: I }[] = [];
  return {
    offer: (dueMs: number, caseId: string, rule: string, a: A, b: B): void => {
      if (limit === Number.POSITIVE_INFINITY) {
        kept.push({ key: { dueMs, caseId, rule }, item: build(a, b) });
        return;
      }
      if (kept.length >= limit && (limit === 0 || !precedes(dueMs, caseId, rule, kept[kept.length - 1]!.key))) return;
      let at = kept.length;
      while (at > 0 && precedes(dueMs, caseId, rule, kept[at - 1]!.key)) at -= 1;
      kept.splice(at, 0, { key: { dueMs, caseId, rule }, item: build(a, b) });
      if (kept.length > limit) kept.pop();
    },
    items: (): I[] => {
      if (limit === Number.POSITIVE_INFINITY) kept.sort((a, b) => compareListKeys(a.key, b.key));
      return kept.map(({ item }) => item);
    },
  };
};

const windowOf = (report: string, options: DeadlineReportOptions): Duration => {
  const decoded = DurationCodec.decode(options.dueSoonWithin ?? DEFAULT_DUE_SOON_WITHIN);
  if (E.isLeft(decoded)) {
    throw new ReportInputError(
      `${report}: dueSoonWithin`,
      formatDecodeErrors(decoded.left)
        .map((e) => `${e.path} ${e.message}`)
        .join('; '),
    );
  }
  return decoded.right;
};

/** The rule books of a library by workflow id and version, each looked up once per report (not a label built per case). */
export const rulesByWorkflow = (library: RuleLibrary): ((id: string, version: number) => RuleBook) => {
  const byId = new Map<string, RuleBook[]>();
  return (id, version) => {
    let versions = byId.get(id);
    if (versions === undefined) byId.set(id, (versions = []));
    return (versions[version] ??= rulesOf(library, { id, version }));
  };
};

/** How many items each list keeps: `listed`, or every item. */
const listedOf = (report: string, options: DeadlineReportOptions): number => {
  const { listed } = options;
  if (listed === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(listed) || listed < 0) {
    throw new ReportInputError(`${report}: listed`, `must be a whole number of items, 0 or more, got ${JSON.stringify(listed) ?? String(listed)}; leave it out to list every item`);
  }
  return listed;
};

/**
 * Where the "due soon" window from `now` ends (a `Left` when it reaches a year without holiday
 * data). Throws a {@link ReportInputError} when it would end after the last instant an ISO-8601
 * instant of four-digit years can say (the calendar arithmetic refuses to go there).
 */
const dueSoonUntilOf = (report: string, calendar: Calendar, now: string, window: Duration): ReturnType<typeof dueAt> => {
  try {
    return dueAt(calendar, now, window);
  } catch (error) {
    if (!isCalendarInputError(error)) throw error;
    throw new ReportInputError(
      `${report}: window`,
      `the due-soon window from ${now} would end after 9999-12-31T23:59:59.999Z, the last instant casefold writes; judge the deadlines at an earlier instant`,
    );
  }
};

/** What a report is judged at: its instant, where its due-soon window ends, how many items its lists keep. */
export interface ReportFrame {
  readonly now: string;
  readonly nowMs: number;
  readonly dueSoonUntil: string | null;
  /** `dueSoonUntil` in epoch ms; `-Infinity` when it is `null` (nothing is due soon). */
  readonly untilMs: number;
  readonly limit: number;
}

/** The frame of a report at `now` with `options`; throws a {@link ReportInputError} naming `report` (the function the caller asked) for a malformed `now`, window or list length. */
export const reportFrame = (report: string, now: string, calendar: Calendar, options: DeadlineReportOptions): ReportFrame => {
  requireReportInstant(`${report}: now`, now);
  const window = dueSoonUntilOf(report, calendar, now, windowOf(report, options));
  const limit = listedOf(report, options);
  const dueSoonUntil = E.isRight(window) ? window.right : null;
  return { now, nowMs: instantMillis(now), dueSoonUntil, untilMs: dueSoonUntil === null ? Number.NEGATIVE_INFINITY : instantMillis(dueSoonUntil), limit };
};

/** A running deadline's place in the report at `frame`: breached (`null` without a due time) and due soon. */
export const judgedAt = (clock: PlannedClock, frame: Pick<ReportFrame, 'nowMs' | 'untilMs'>): { readonly breached: boolean | null; readonly soon: boolean } => {
  const breached = breachedAt(clock, frame.nowMs);
  return { breached, soon: clock.dueMs !== null && !breached && !clock.status.paused && clock.dueMs <= frame.untilMs };
};

/** An empty report at `frame`, to be built: counts, open cases and lists, filled by {@link tallyCase} and {@link tallyLate} (or from kept counts), read by {@link reportOf}. */
export const newReportTally = (frame: ReportFrame) => {
  const itemOf = (record: OpenCaseClocks, clock: PlannedClock): DeadlineItem => ({
    ...statusAt(clock, frame.nowMs),
    caseId: record.caseId,
    kind: record.kind,
    unit: record.unit,
    level: record.level,
    supervision: record.supervision,
  });
  // Offered only deadlines with a due time.
  const dueItemOf = itemOf as (record: OpenCaseClocks, clock: PlannedClock) => DueDeadlineItem;
  return {
    frame,
    totals: zeroCounts(),
    byRule: {} as Record<string, MutableCounts>,
    byUnit: {} as Record<string, MutableCounts>,
    byKind: {} as Record<string, KindTally>,
    supervision: { normal: 0, yellow: 0, red: 0 },
    openCases: 0,
    dueSoon: listOf(frame.limit, dueItemOf),
    breached: listOf(frame.limit, dueItemOf),
    extended: listOf(frame.limit, itemOf),
    withoutHolidayData: listOf(frame.limit, itemOf),
    onTimeRecordedLate: listOf(frame.limit, (late: LateStoppedClocks, status: DeadlineDue & { readonly stopRecordedAt: string }): OnTimeRecordedLateItem => ({
      ...status,
      onTimeRecordedLate: true,
      caseId: late.caseId,
      kind: late.kind,
      unit: late.unit,
    })),
  };
};

/** A report being built ({@link newReportTally}). */
export type ReportTally = ReturnType<typeof newReportTally>;

/** Counts an open case (its kind, supervision) in the report being built; its clocks go in with {@link tallyClock}. */
const tallyOpenCase = (report: ReportTally, record: OpenCaseClocks): KindTally => {
  report.openCases += 1;
  report.supervision[record.supervision] += 1;
  const kind = (report.byKind[record.kind] ??= kindTally());
  kind.openCases += 1;
  kind.supervision[record.supervision] += 1;
  return kind;
};

/** Offers a running deadline of an open case to the report's lists it belongs in. */
const offerClock = (report: ReportTally, record: OpenCaseClocks, clock: PlannedClock, judged: ReturnType<typeof judgedAt>): void => {
  const { status, dueMs } = clock;
  if (dueMs === null) report.withoutHolidayData.offer(Number.POSITIVE_INFINITY, record.caseId, status.rule, record, clock);
  else if (judged.soon) report.dueSoon.offer(dueMs, record.caseId, status.rule, record, clock);
  if (dueMs !== null && judged.breached === true) report.breached.offer(dueMs, record.caseId, status.rule, record, clock);
  if (status.extendedBy > 0) report.extended.offer(dueMs ?? Number.POSITIVE_INFINITY, record.caseId, status.rule, record, clock);
};

/** Counts each planned clock of an open case in the report being built (its kind's figures `kind`), offering them to its lists. */
export const tallyClocks = (report: ReportTally, kind: KindTally, record: OpenCaseClocks, clocks: readonly PlannedClock[]): void => {
  for (const clock of clocks) {
    const judged = judgedAt(clock, report.frame);
    const { breached, soon } = judged;
    const { status } = clock;
    offerClock(report, record, clock, judged);
    tally(report.totals, status, breached, soon);
    tally((report.byRule[status.rule] ??= zeroCounts()), status, breached, soon);
    tally((report.byUnit[record.unit] ??= zeroCounts()), status, breached, soon);
    tally(kind.totals, status, breached, soon);
    tally((kind.byRule[status.rule] ??= zeroCounts()), status, breached, soon);
  }
};

/** Counts an open case and each of its planned clocks in the report being built, offering them to its lists. */
const tallyCase = (report: ReportTally, record: OpenCaseClocks, clocks: readonly PlannedClock[]): void => tallyClocks(report, tallyOpenCase(report, record), record, clocks);

/** The late-recorded stops among a case's planned clocks that count as met on time only by their recording: what `onTimeRecordedLate` lists of it. */
export const lateItemsOf = (clocks: readonly PlannedClock[], nowMs: number): (DeadlineDue & { readonly stopRecordedAt: string })[] => {
  const items: (DeadlineDue & { readonly stopRecordedAt: string })[] = [];
  for (const clock of clocks) {
    const status = statusAt(clock, nowMs);
    if (status.onTimeRecordedLate === true && status.dueAt !== null && status.stopRecordedAt !== undefined) items.push({ ...status, stopRecordedAt: status.stopRecordedAt });
  }
  return items;
};

/** The record with its keys in code-unit order: a report's groups are listed so, whatever order the cases were met in. */
const inKeyOrder = <V>(record: Readonly<Record<string, V>>): Record<string, V> => {
  const sorted: Record<string, V> = {};
  for (const key of Object.keys(record).sort(compareText)) sorted[key] = record[key]!;
  return sorted;
};

/** The report built: its lists in order (and cut), its groups (rules, units, kinds) in key order. */
export const reportOf = (report: ReportTally): DeadlineReport => ({
  asOf: report.frame.now,
  dueSoonUntil: report.frame.dueSoonUntil,
  dueSoon: report.dueSoon.items(),
  breached: report.breached.items(),
  extended: report.extended.items(),
  withoutHolidayData: report.withoutHolidayData.items(),
  totals: report.totals,
  byRule: inKeyOrder(report.byRule),
  byKind: inKeyOrder(Object.fromEntries(Object.entries(report.byKind).map(([kind, figures]) => [kind, { ...figures, byRule: inKeyOrder(figures.byRule) }]))),
  byUnit: inKeyOrder(report.byUnit),
  openCases: report.openCases,
  supervision: report.supervision,
  onTimeRecordedLate: report.onTimeRecordedLate.items(),
});

/**
 * The deadlines of every open case (of one kind, with `kind`) as of `now`, on the
 * jurisdiction's calendar: due soon, breached, extended, counts by rule, by kind and by
 * handling unit (each in key order), open cases by supervision level, and the deadlines of any case met on time
 * only by a fact recorded after the due time (`onTimeRecordedLate`). Each item carries its rule's label and
 * legal basis as the case's own workflow version recorded them. Due times come from the core's `deadlineHistory`/`clockDueAt`; a deadline whose
 * span reaches a year without holiday data is listed in `withoutHolidayData`. Throws a
 * {@link ReportInputError} for a malformed `now` or window.
 */
export const deadlineReport = (state: DeadlinesState, now: string, calendar: Calendar, options: DeadlineReportOptions = {}): DeadlineReport => {
  const report = newReportTally(reportFrame('deadlineReport', now, calendar, options));
  const planned = clockPlanner(calendar);
  const rulesFor = rulesByWorkflow(state.rules);
  for (const record of valuesIn(state.cases)) {
    if (options.kind !== undefined && record.kind !== options.kind) continue;
    tallyCase(report, record, planned(record, rulesFor(record.kind, record.workflowVersion), now));
  }
  for (const late of valuesIn(state.recordedLate)) {
    if (options.kind !== undefined && late.kind !== options.kind) continue;
    for (const item of lateItemsOf(planned(late, rulesFor(late.kind, late.workflowVersion), now), report.frame.nowMs)) {
      report.onTimeRecordedLate.offer(Number.POSITIVE_INFINITY, late.caseId, item.rule, late, item);
    }
  }
  return reportOf(report);
};
