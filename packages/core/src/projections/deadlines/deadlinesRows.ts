import { castDraft, produce } from 'immer';
import type { CaseState } from '../../decider/caseState.js';
import type { AnyCaseEvent } from '../../events/caseEvent.js';
import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import { subtreeColumnsOf } from '../caseBoard/caseBoardRows.js';
import { integer, maybeText, text } from '../rows/columns.js';
import type { RowProjection, RowTable } from '../rows/rowProjection.js';
import { storedJson } from '../rows/storedJson.js';
import type { ClockBook, RuleLibrary } from '../shared/clockBook.js';
import { deleteIn, getIn, setIn } from '../shared/shardedRecord.js';
import { clockBookShape, lateStoppedClocksShape, ruleLibraryShape } from '../shared/storedShapes.js';
import { type DeadlinesState, type LateStoppedClocks, type OpenCaseClocks, deadlinesProjection } from './deadlinesProjection.js';

/**
 * One case on the row-based deadlines ({@link deadlinesRows}), keyed by its stream: the
 * document's {@link OpenCaseClocks} while the case is open (`open` 1), and its clocks stopped by
 * an event recorded late (`late`, the document's {@link LateStoppedClocks}), kept after the case
 * closes (`open` 0) — a closed case without such clocks has no row. The clocks are facts (started,
 * paused spans, extensions), not due times: due times need the calendar and `now`, and are
 * computed when the report is asked for, as the document report does. The subtree columns are
 * the ancestors by level of `unit` (the unit holding the open case; for a closed case, the unit
 * that held it when its first late-recorded stop was made). Clocks, rules and late stops are JSON.
 */
export type DeadlinesRow = {
  /** The key: the case's event stream. */
  readonly streamId: string;
  readonly caseId: string;
  /** The case kind (workflow id). */
  readonly kind: string;
  readonly workflowVersion: number;
  /** 1 while the case is open, 0 once closed (the row then holds its late-recorded stops only). */
  readonly open: number;
  readonly unit: string;
  /** The level of the unit holding the open case (`null` once closed). */
  readonly level: UnitLevel | null;
  /** `null` once closed. */
  readonly category: string | null;
  /** `null` once closed. */
  readonly supervision: CaseState['supervision'] | null;
  readonly districtUnit: string | null;
  readonly subDistrictUnit: string | null;
  readonly communityUnit: string | null;
  readonly gridUnit: string | null;
  /** The running clocks, `ClockBook` as JSON (`{}` once closed). */
  readonly clocks: string;
  /** The labels, bases and extension limits of the rules this case's events started, `RuleLibrary` as JSON. */
  readonly rules: string;
  /** `LateStoppedClocks` as JSON, or `null`. */
  readonly late: string | null;
};

/** The deadlines' table: open cases by unit subtree (and kind), see {@link deadlinesQuery}. */
export const deadlinesTable: RowTable<DeadlinesRow> = {
  key: 'streamId',
  columns: {
    streamId: text,
    caseId: text,
    kind: text,
    workflowVersion: integer,
    open: integer,
    unit: text,
    level: maybeText,
    category: maybeText,
    supervision: maybeText,
    districtUnit: maybeText,
    subDistrictUnit: maybeText,
    communityUnit: maybeText,
    gridUnit: maybeText,
    clocks: text,
    rules: text,
    late: maybeText,
  },
  indexes: {
    byOpen: ['open'],
    byKind: ['kind'],
    byUnit: ['open', 'unit'],
    byDistrict: ['open', 'districtUnit'],
    bySubDistrict: ['open', 'subDistrictUnit'],
    byCommunity: ['open', 'communityUnit'],
    byGrid: ['open', 'gridUnit'],
  },
};

/** The projection's name, as its bad stored rows are reported (`StoredRowError`). */
const NAME = 'deadlinesRows';

/** The row of a case's open record and late-recorded stops (at least one of them). */
const rowOf = (streamId: string, open: OpenCaseClocks | undefined, late: LateStoppedClocks | undefined, rules: RuleLibrary, directory: JurisdictionDirectory): DeadlinesRow => {
  const at = open ?? late!;
  const unit = open?.unit ?? late!.unit;
  return {
    streamId,
    caseId: at.caseId,
    kind: at.kind,
    workflowVersion: at.workflowVersion,
    open: open === undefined ? 0 : 1,
    unit,
    level: open?.level ?? null,
    category: open?.category ?? null,
    supervision: open?.supervision ?? null,
    ...subtreeColumnsOf(directory, unit),
    clocks: JSON.stringify(open?.clocks ?? {}),
    rules: JSON.stringify(rules),
    late: late === undefined ? null : JSON.stringify(late),
  };
};

/** The document's open record of a row (`undefined` for a closed case's row). */
const openOfRow = ({ open, level, category, supervision, ...row }: DeadlinesRow): OpenCaseClocks | undefined =>
  open === 0 || level === null || category === null || supervision === null
    ? undefined
    : {
        caseId: row.caseId,
        kind: row.kind,
        workflowVersion: row.workflowVersion,
        unit: row.unit,
        level,
        category,
        supervision,
        clocks: storedJson<ClockBook>(NAME, row.streamId, 'clocks', row.clocks, clockBookShape),
      };

/** A row's records as parsed: its open record and its late-recorded stops. */
interface ParsedRow {
  readonly open: OpenCaseClocks | undefined;
  readonly late: LateStoppedClocks | undefined;
}

/**
 * Each row's records, parsed once per row object (rows are values: a changed case's row is a new
 * one), so that a report over the same rows at a later position finds the same record objects
 * and the clocks it judged for them (`plannedClocks`), instead of parsing and judging every case again.
 */
const parsedRows = new WeakMap<DeadlinesRow, ParsedRow>();

const parsedRow = (row: DeadlinesRow): ParsedRow => {
  let parsed = parsedRows.get(row);
  if (parsed === undefined) {
    parsed = { open: openOfRow(row), late: row.late === null ? undefined : storedJson<LateStoppedClocks>(NAME, row.streamId, 'late', row.late, lateStoppedClocksShape) };
    parsedRows.set(row, parsed);
  }
  return parsed;
};

/**
 * A {@link DeadlinesState} kept in place while rows come and go ({@link putDeadlinesRow},
 * {@link removeDeadlinesRow}): a dashboard that follows a store changes the cases whose rows
 * changed and keeps every other record as it is, so its next report finds their clocks judged
 * already. Private to its keeper and changed only through those two (`keptDeadlineReport` keeps
 * its figures by what they were told); the state is read as any other (`deadlineReport`).
 */
export interface DeadlinesOfRows {
  readonly state: DeadlinesState;
  /** The rules texts merged into the state's library (rows of one workflow version carry the same: each is merged once). */
  readonly rulesMerged: Set<string>;
  /** How many merges worded a rule already in the library otherwise (its label, basis or limit): each changes how earlier cases' deadlines read. */
  rulesReworded: number;
  /** The cases put or removed since `keptDeadlineReport` last read the state (`null` until it first does: then nothing keeps track). */
  changed: Set<string> | null;
}

/** An empty {@link DeadlinesOfRows}. */
export const deadlinesOfRows = (): DeadlinesOfRows => ({ state: { streams: {}, rules: {}, cases: {}, recordedLate: {} }, rulesMerged: new Set(), rulesReworded: 0, changed: null });

/** Removes a stream's case from the state, in place (a stream the state does not hold: nothing). */
export const removeDeadlinesRow = (kept: DeadlinesOfRows, streamId: string): void => {
  const state = castDraft(kept.state);
  const caseId = getIn(state.streams, streamId);
  if (caseId === undefined) return;
  kept.changed?.add(caseId);
  deleteIn(state.streams, streamId);
  deleteIn(state.cases, caseId);
  deleteIn(state.recordedLate, caseId);
};

/**
 * Puts a row's case into the state, in place, in place of what its stream held: its open record
 * (or none, once closed), its late-recorded stops and its rules (merged; one workflow version
 * words each rule one way, as the document's library assumes). Rows are values: a row object is
 * parsed once, so put a changed case as a new row object (as a row store reads it), not the one
 * put before changed in place (that one still counts as it was).
 */
export const putDeadlinesRow = (kept: DeadlinesOfRows, row: DeadlinesRow): void => {
  const state = castDraft(kept.state);
  kept.changed?.add(row.caseId);
  setIn(state.streams, row.streamId, row.caseId);
  if (!kept.rulesMerged.has(row.rules)) {
    kept.rulesMerged.add(row.rules);
    for (const [workflow, book] of Object.entries(storedJson<RuleLibrary>(NAME, row.streamId, 'rules', row.rules, ruleLibraryShape))) {
      const merged = (state.rules[workflow] ??= {});
      for (const [rule, info] of Object.entries(book)) {
        const before = merged[rule];
        if (before !== undefined && JSON.stringify(before) !== JSON.stringify(info)) kept.rulesReworded += 1;
      }
      Object.assign(merged, book);
    }
  }
  const { open, late } = parsedRow(row);
  if (open !== undefined) setIn(state.cases, row.caseId, castDraft(open));
  else deleteIn(state.cases, row.caseId);
  if (late !== undefined) setIn(state.recordedLate, row.caseId, castDraft(late));
  else deleteIn(state.recordedLate, row.caseId);
};

/**
 * The document {@link DeadlinesState} holding the cases of some rows: their open records, their
 * late-recorded stops, and their rules (merged in row order). `deadlineReport` over it is the
 * report of those cases (see {@link deadlineReportOfRows}). The records are shared with earlier
 * states of the same row objects: treat them as values.
 */
export const deadlinesStateOfRows = (rows: Iterable<DeadlinesRow>): DeadlinesState => {
  // Built in place (a private object, as statisticsReportOfRows builds its facts): an immer draft cost half the report's time.
  const kept = deadlinesOfRows();
  for (const row of rows) putDeadlinesRow(kept, row);
  return kept.state;
};

/**
 * The deadlines as rows: one row per open case (and per closed case with clocks stopped by an
 * event recorded late) with the same clock facts as {@link deadlinesProjection} keeps — each event
 * is folded by that projection's own `apply`, over a state holding its case alone — so a unit's
 * deadlines due soon or breached are computed from the open cases an index selects
 * ({@link deadlinesQuery}, {@link deadlineReportOfRows}), not from every case. Each event reads and
 * writes its own case's row only, and a case's work is bounded by its running clocks; nothing is
 * computed per event with the calendar. A changed directory (a unit moved under another parent)
 * needs a new version.
 *
 * @example
 * const runner = await startRowProjection({ store, rowStore, projection: deadlinesRows(directory), decode: codec.decode });
 */
export const deadlinesRows = (directory: JurisdictionDirectory): RowProjection<DeadlinesRow, AnyCaseEvent> => ({
  name: NAME,
  version: 1,
  table: deadlinesTable,
  keysOf: (envelope) => [envelope.streamId],
  apply: (rows, envelope) => {
    const { streamId } = envelope;
    const row = rows.get(streamId);
    const before = deadlinesStateOfRows(row === undefined ? [] : [row]);
    const after = produce(before, (draft) => deadlinesProjection.apply(draft, envelope));
    if (after === before) return;
    const caseId = getIn(after.streams, streamId);
    const open = caseId === undefined ? undefined : getIn(after.cases, caseId);
    const late = caseId === undefined ? undefined : getIn(after.recordedLate, caseId);
    if (open === undefined && late === undefined) {
      if (row !== undefined) rows.remove(streamId);
      return;
    }
    rows.put(rowOf(streamId, open, late, after.rules, directory));
  },
});
