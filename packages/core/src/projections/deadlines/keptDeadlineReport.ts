import type { Calendar } from '../../calendar/calendar.js';
import type { RuleBook } from '../shared/clockBook.js';
import { getIn, valuesIn } from '../shared/shardedRecord.js';
import {
  type DeadlineReport,
  type DeadlineReportOptions,
  type KindTally,
  type ListKey,
  type MutableCounts,
  type ReportFrame,
  type ReportTally,
  addCounts,
  compareListKeys,
  judgedAt,
  kindTally,
  lateItemsOf,
  newReportTally,
  reportFrame,
  reportOf,
  rulesByWorkflow,
  tally,
  tallyClocks,
  zeroCounts,
} from './deadlineReport.js';
import type { LateStoppedClocks, OpenCaseClocks } from './deadlinesProjection.js';
import type { DeadlinesOfRows } from './deadlinesRows.js';
import { type PlannedClock, clockPlanner } from './plannedClocks.js';

/** A running deadline judged once: its due time does not move with `now` (or it has none). Its place in the lists is its key: due time (`Infinity` without one), case, rule. */
interface KeptClock extends ListKey {
  readonly record: OpenCaseClocks;
  readonly clock: PlannedClock;
}

/** A late-recorded stop `onTimeRecordedLate` lists, judged once (a stopped clock does not move). */
interface KeptLateStop extends ListKey {
  readonly late: LateStoppedClocks;
  readonly item: ReturnType<typeof lateItemsOf>[number];
}

/** One kind's kept figures: its open cases, its judged-once deadlines counted at the ledger's instant, and those deadlines in list order. */
interface KindLedger {
  readonly figures: KindTally;
  readonly byUnit: Record<string, MutableCounts>;
  /** Deadlines with a due time, by due time: the breached ones first, then those due soon. */
  readonly due: KeptClock[];
  readonly extended: KeptClock[];
  readonly withoutHolidayData: KeptClock[];
  readonly lateStops: KeptLateStop[];
}

/** What a case put in the ledger: its kept clocks and stops, or its record when it is judged at every report. */
interface CasePart {
  readonly kind: string;
  readonly open: OpenPart | null;
  readonly late: LatePart | null;
}

/** An open case in the ledger: its kept clocks, or `null` when its record is judged at every report. */
interface OpenPart {
  readonly record: OpenCaseClocks;
  readonly kept: readonly KeptClock[] | null;
}

/** A case's late-recorded stops in the ledger: kept, or `null` when judged at every report. */
interface LatePart {
  readonly late: LateStoppedClocks;
  readonly kept: readonly KeptLateStop[] | null;
}

/** The figures of a {@link DeadlinesOfRows} kept between reports on one calendar. */
interface Ledger {
  readonly calendar: Calendar;
  /** How many rules texts the state had merged when `rulesFor` was made: a new one may bring a workflow version's rules, and `rulesFor` is made again. */
  rulesMerged: number;
  /** How many merges had reworded a rule when the ledger was built: another changes how kept deadlines read, and the ledger is built again. */
  readonly rulesReworded: number;
  rulesFor: (id: string, version: number) => RuleBook;
  readonly planned: ReturnType<typeof clockPlanner>;
  /** The instant and due-soon window end the kept counts are judged at. */
  at: Pick<ReportFrame, 'nowMs' | 'untilMs'>;
  readonly kinds: Map<string, KindLedger>;
  readonly cases: Map<string, CasePart>;
  /** The cases with a record judged at every report (a paused clock), a subset of `cases`. */
  readonly judgedEachTime: Map<string, CasePart>;
}

const ledgers = new WeakMap<DeadlinesOfRows, Ledger>();

/** The first index of a sorted list whose key is not before `key`. */
const searchSorted = <T extends ListKey>(list: readonly T[], key: ListKey): number => {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareListKeys(list[middle]!, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** The first index of a list sorted by due time whose due time is `dueMs` or later (`inclusive`), or later than `dueMs`. */
const dueIndex = (list: readonly KeptClock[], dueMs: number, inclusive: boolean): number => {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const at = list[middle]!.dueMs;
    if (at < dueMs || (!inclusive && at === dueMs)) low = middle + 1;
    else high = middle;
  }
  return low;
};

const insertSorted = <T extends ListKey>(list: T[], entry: T): void => {
  list.splice(searchSorted(list, entry), 0, entry);
};

const removeSorted = <T extends ListKey>(list: T[], entry: T): void => {
  const at = searchSorted(list, entry);
  if (list[at] === entry) list.splice(at, 1);
};

const kindLedgerOf = (ledger: Ledger, kind: string): KindLedger => {
  let kept = ledger.kinds.get(kind);
  if (kept === undefined) ledger.kinds.set(kind, (kept = { figures: kindTally(), byUnit: {}, due: [], extended: [], withoutHolidayData: [], lateStops: [] }));
  return kept;
};

/** Counts a kept deadline in its kind's figures (`delta` 1) or takes it out (-1), as judged at `at`. */
const countKept = (kind: KindLedger, { record, clock }: KeptClock, at: Ledger['at'], delta: 1 | -1): void => {
  const { breached, soon } = judgedAt(clock, at);
  const { status } = clock;
  for (const counts of [kind.figures.totals, (kind.figures.byRule[status.rule] ??= zeroCounts()), (kind.byUnit[record.unit] ??= zeroCounts())]) tally(counts, status, breached, soon, delta);
  if (delta === 1) return;
  if (kind.figures.byRule[status.rule]!.running === 0) delete kind.figures.byRule[status.rule];
  if (kind.byUnit[record.unit]!.running === 0) delete kind.byUnit[record.unit];
};

/** Whether a clock's place in a report moves only with `now` past its fixed due time (or never): not paused, not stopped. */
const keepable = (clock: PlannedClock): boolean => clock.moving || (clock.dueMs === null && !clock.status.paused && clock.status.stoppedAt === null);

type Place = <T extends ListKey>(list: T[], entry: T) => void;

/** Puts an open case into the ledger: its clocks kept when each is keepable, else its record, judged at every report. */
const putOpen = (ledger: Ledger, record: OpenCaseClocks, now: string, place: Place): OpenPart => {
  const kind = kindLedgerOf(ledger, record.kind);
  kind.figures.openCases += 1;
  kind.figures.supervision[record.supervision] += 1;
  const clocks = ledger.planned(record, ledger.rulesFor(record.kind, record.workflowVersion), now);
  if (!clocks.every(keepable)) return { record, kept: null };
  const kept = clocks.map((clock): KeptClock => ({ dueMs: clock.dueMs ?? Number.POSITIVE_INFINITY, caseId: record.caseId, rule: clock.status.rule, record, clock }));
  for (const entry of kept) {
    countKept(kind, entry, ledger.at, 1);
    if (entry.clock.dueMs === null) place(kind.withoutHolidayData, entry);
    else place(kind.due, entry);
    if (entry.clock.status.extendedBy > 0) place(kind.extended, entry);
  }
  return { record, kept };
};

/** Puts a closed or open case's late-recorded stops into the ledger: kept when none of its clocks is paused (a stopped clock does not move). */
const putLate = (ledger: Ledger, late: LateStoppedClocks, now: string, place: Place): LatePart => {
  const clocks = ledger.planned(late, ledger.rulesFor(late.kind, late.workflowVersion), now);
  if (clocks.some((clock) => clock.moving || clock.status.paused)) return { late, kept: null };
  const kind = kindLedgerOf(ledger, late.kind);
  // Not moving: their status is the same at any instant.
  const kept = lateItemsOf(clocks, ledger.at.nowMs).map((item): KeptLateStop => ({ dueMs: Number.POSITIVE_INFINITY, caseId: late.caseId, rule: item.rule, late, item }));
  for (const entry of kept) place(kind.lateStops, entry);
  return { late, kept };
};

const putCase = (ledger: Ledger, caseId: string, open: OpenCaseClocks | undefined, late: LateStoppedClocks | undefined, now: string, place: Place): void => {
  if (open === undefined && late === undefined) return;
  const part: CasePart = {
    kind: (open ?? late)!.kind,
    open: open === undefined ? null : putOpen(ledger, open, now, place),
    late: late === undefined ? null : putLate(ledger, late, now, place),
  };
  ledger.cases.set(caseId, part);
  if (part.open?.kept === null || part.late?.kept === null) ledger.judgedEachTime.set(caseId, part);
};

/** Takes a case out of the ledger: its counts and its places in the lists. */
const removeCase = (ledger: Ledger, caseId: string): void => {
  const part = ledger.cases.get(caseId);
  if (part === undefined) return;
  ledger.cases.delete(caseId);
  ledger.judgedEachTime.delete(caseId);
  const kind = ledger.kinds.get(part.kind)!;
  if (part.open !== null) {
    const { record } = part.open;
    kind.figures.openCases -= 1;
    kind.figures.supervision[record.supervision] -= 1;
    for (const entry of part.open.kept ?? []) {
      countKept(kind, entry, ledger.at, -1);
      removeSorted(entry.clock.dueMs === null ? kind.withoutHolidayData : kind.due, entry);
      if (entry.clock.status.extendedBy > 0) removeSorted(kind.extended, entry);
    }
  }
  for (const entry of part.late?.kept ?? []) removeSorted(kind.lateStops, entry);
};

/** The ledger of every case of the state, judged at `frame`: lists filled, then sorted once. */
const buildLedger = (kept: DeadlinesOfRows, calendar: Calendar, frame: ReportFrame): Ledger => {
  const ledger: Ledger = {
    calendar,
    rulesMerged: kept.rulesMerged.size,
    rulesReworded: kept.rulesReworded,
    rulesFor: rulesByWorkflow(kept.state.rules),
    planned: clockPlanner(calendar),
    at: frame,
    kinds: new Map(),
    cases: new Map(),
    judgedEachTime: new Map(),
  };
  const push: Place = (list, entry) => list.push(entry);
  const { cases, recordedLate } = kept.state;
  for (const record of valuesIn(cases)) putCase(ledger, record.caseId, record, getIn(recordedLate, record.caseId), frame.now, push);
  for (const late of valuesIn(recordedLate)) if (getIn(cases, late.caseId) === undefined) putCase(ledger, late.caseId, undefined, late, frame.now, push);
  for (const kind of ledger.kinds.values()) for (const list of [kind.due, kind.extended, kind.withoutHolidayData, kind.lateStops]) list.sort(compareListKeys);
  kept.changed = new Set();
  return ledger;
};

/** Judges the kept deadlines at `frame` instead of the ledger's instant: only those whose due time lies between the two instants (or window ends) change places. */
const moveTo = (ledger: Ledger, frame: ReportFrame): void => {
  const from = ledger.at;
  for (const kind of ledger.kinds.values()) {
    const ranges = [
      [Math.min(from.nowMs, frame.nowMs), Math.max(from.nowMs, frame.nowMs)],
      [Math.min(from.untilMs, frame.untilMs), Math.max(from.untilMs, frame.untilMs)],
    ].map(([low, high]) => [dueIndex(kind.due, low!, true), dueIndex(kind.due, high!, false)] as const);
    const [first, second] = ranges[0]![0] <= ranges[1]![0] ? ranges : [ranges[1]!, ranges[0]!];
    // The two ranges of indexes, the second from where the first ends when they overlap.
    for (const [start, end] of [first!, [Math.max(first![1], second![0]), second![1]] as const]) {
      for (let i = start; i < end; i++) {
        const entry = kind.due[i]!;
        countKept(kind, entry, from, -1);
        countKept(kind, entry, frame, 1);
      }
    }
  }
  ledger.at = frame;
};

/**
 * Brings the ledger of `kept` to its state and to `frame`: a new ledger at first, for another
 * calendar or a rule worded anew; else the changed cases put again (with the rules as merged now:
 * a new rules text may bring a workflow version's first rules).
 */
const ledgerAt = (kept: DeadlinesOfRows, calendar: Calendar, frame: ReportFrame): Ledger => {
  let ledger = ledgers.get(kept);
  if (ledger === undefined || ledger.calendar !== calendar || ledger.rulesReworded !== kept.rulesReworded || kept.changed === null) {
    ledger = buildLedger(kept, calendar, frame);
    ledgers.set(kept, ledger);
    return ledger;
  }
  if (ledger.rulesMerged !== kept.rulesMerged.size) {
    ledger.rulesMerged = kept.rulesMerged.size;
    ledger.rulesFor = rulesByWorkflow(kept.state.rules);
  }
  moveTo(ledger, frame);
  const { cases, recordedLate } = kept.state;
  for (const caseId of kept.changed) {
    removeCase(ledger, caseId);
    putCase(ledger, caseId, getIn(cases, caseId), getIn(recordedLate, caseId), frame.now, insertSorted);
  }
  kept.changed.clear();
  return ledger;
};

/** Offers the first `limit` entries of a sorted list from `start` (while `until` holds) to a report's list. */
const offerFirst = <T>(list: readonly T[], start: number, limit: number, offer: (entry: T) => void, until: (entry: T) => boolean = () => true): void => {
  for (let i = start, n = 0; i < list.length && n < limit && until(list[i]!); i++, n++) offer(list[i]!);
};

/** Adds a kind's kept figures to the report being built, and its first kept deadlines to the report's lists. */
const addKind = (report: ReportTally, kindId: string, kind: KindLedger): void => {
  const { figures } = kind;
  const { frame } = report;
  if (figures.openCases > 0) {
    const copy = (report.byKind[kindId] = kindTally());
    copy.openCases = figures.openCases;
    addCounts(copy.totals, figures.totals);
    for (const [rule, counts] of Object.entries(figures.byRule)) addCounts((copy.byRule[rule] = zeroCounts()), counts);
    Object.assign(copy.supervision, figures.supervision);
    report.openCases += figures.openCases;
    for (const level of ['normal', 'yellow', 'red'] as const) report.supervision[level] += figures.supervision[level];
    addCounts(report.totals, figures.totals);
    for (const [rule, counts] of Object.entries(figures.byRule)) addCounts((report.byRule[rule] ??= zeroCounts()), counts);
    for (const [unit, counts] of Object.entries(kind.byUnit)) addCounts((report.byUnit[unit] ??= zeroCounts()), counts);
  }
  const to = (list: ReportTally['breached'] | ReportTally['extended']) => (entry: KeptClock) => list.offer(entry.dueMs, entry.caseId, entry.rule, entry.record, entry.clock);
  // Breached: due before now; due soon: from now to the window's end.
  const notBreached = dueIndex(kind.due, frame.nowMs, true);
  offerFirst(kind.due, 0, Math.min(notBreached, frame.limit), to(report.breached));
  offerFirst(kind.due, notBreached, frame.limit, to(report.dueSoon), (entry) => entry.dueMs <= frame.untilMs);
  offerFirst(kind.extended, 0, frame.limit, to(report.extended));
  offerFirst(kind.withoutHolidayData, 0, frame.limit, to(report.withoutHolidayData));
  offerFirst(kind.lateStops, 0, frame.limit, (entry) => report.onTimeRecordedLate.offer(Number.POSITIVE_INFINITY, entry.late.caseId, entry.item.rule, entry.late, entry.item));
};

/**
 * The deadline report of a kept state ({@link DeadlinesOfRows}): equal to
 * `deadlineReport(kept.state, now, calendar, options)`, computed from figures kept with the state.
 * The first report builds them (as long as `deadlineReport` takes); later ones put again only the
 * cases put or removed since (`putDeadlinesRow`, `removeDeadlinesRow`) and move, as `now` or the
 * due-soon window moves, only the deadlines whose due time lies between the two instants — so a
 * dashboard following a store of hundreds of thousands of open cases answers a new event's report
 * in time proportional to what changed. Cases with a paused clock are judged at every report (a
 * paused clock's due time moves with `now`). Throws a {@link ReportInputError} as `deadlineReport` does
 * (its `field` naming `keptDeadlineReport`).
 *
 * The figures are kept for one calendar object: give the same one at each report (keep the
 * result of `chinaCalendar()`, which builds a new object per call) — another builds them again, as
 * the first report does. Change `kept` only with `putDeadlinesRow` and `removeDeadlinesRow`, and
 * put a changed case as a new row object (as a row store reads it): a row object is parsed once,
 * so one changed in place and put again still counts as it was.
 *
 * @example
 * const kept = deadlinesOfRows();
 * for (const row of rows) putDeadlinesRow(kept, row);
 * keptDeadlineReport(kept, '2026-05-06T08:00:00.000Z', calendar, { listed: 20 });
 */
export const keptDeadlineReport = (kept: DeadlinesOfRows, now: string, calendar: Calendar, options: DeadlineReportOptions = {}): DeadlineReport => {
  const frame = reportFrame('keptDeadlineReport', now, calendar, options);
  const ledger = ledgerAt(kept, calendar, frame);
  const report = newReportTally(frame);
  for (const [kindId, kind] of ledger.kinds) if (options.kind === undefined || kindId === options.kind) addKind(report, kindId, kind);
  const { planned } = ledger;
  for (const part of ledger.judgedEachTime.values()) {
    if (options.kind !== undefined && part.kind !== options.kind) continue;
    if (part.open?.kept === null) {
      const { record } = part.open;
      tallyClocks(report, report.byKind[record.kind]!, record, planned(record, ledger.rulesFor(record.kind, record.workflowVersion), now));
    }
    if (part.late?.kept === null) {
      const { late } = part.late;
      for (const item of lateItemsOf(planned(late, ledger.rulesFor(late.kind, late.workflowVersion), now), frame.nowMs))
        report.onTimeRecordedLate.offer(Number.POSITIVE_INFINITY, late.caseId, item.rule, late, item);
    }
  }
  return reportOf(report);
};
