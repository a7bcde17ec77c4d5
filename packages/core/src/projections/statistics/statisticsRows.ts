import { produce } from 'immer';
import type { AnyCaseEvent, CaseEventData, Satisfaction } from '../../events/caseEvent.js';
import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import { instantMillis } from '../../values/values.js';
import { subtreeColumnsOf } from '../caseBoard/caseBoardRows.js';
import { integer, maybeInteger, maybeText, text } from '../rows/columns.js';
import type { RowProjection, RowTable } from '../rows/rowProjection.js';
import { storedJson } from '../rows/storedJson.js';
import type { ClockBook } from '../shared/clockBook.js';
import type { Counts } from '../shared/counts.js';
import { getIn, setIn } from '../shared/shardedRecord.js';
import { clockBookShape, countsShape, satisfactionsShape } from '../shared/storedShapes.js';
import { type CaseFacts, type StatisticsState, statisticsProjection } from './statisticsProjection.js';

/**
 * One case's facts on the row-based statistics ({@link statisticsRows}): the document's
 * {@link CaseFacts}, keyed by the case's stream, with what its queries select on: the submission
 * time in epoch milliseconds, the unit the case was handled at (`handledUnit`: where it was
 * mediated, else where it is held now) and that unit's ancestors by level (its subtree columns).
 * Counts, call-back answers and clocks are JSON.
 */
export type StatisticsRow = {
  /** The key: the case's event stream. */
  readonly streamId: string;
  readonly caseId: string;
  readonly workflow: string;
  readonly workflowVersion: number;
  readonly stage: string;
  readonly status: PublicStatus;
  /** `Counts` as JSON. */
  readonly ownEvents: string;
  readonly submittedAt: string;
  readonly submittedMs: number;
  readonly channel: string;
  readonly category: string;
  readonly receivingUnit: string;
  readonly handlingUnit: string;
  readonly mediationUnit: string | null;
  /** `mediationUnit ?? handlingUnit`: the unit the figures count the case at. */
  readonly handledUnit: string;
  /** The handled unit's district, sub-district, community and grid (itself at its own level; `null` above it or when the directory does not know the unit). */
  readonly districtUnit: string | null;
  readonly subDistrictUnit: string | null;
  readonly communityUnit: string | null;
  readonly gridUnit: string | null;
  readonly claimedFen: number | null;
  readonly review: 'accepted' | 'rejected' | null;
  readonly rejectionReason: string | null;
  readonly mediationsStarted: number;
  readonly track: string | null;
  readonly mediation: CaseEventData<'Mediated'>['outcome'] | null;
  readonly agreementFen: number | null;
  /** 1 once notarized, else 0. */
  readonly notarized: number;
  readonly escalations: number;
  readonly callbacksMade: number;
  readonly callbacksReached: number;
  /** `Satisfaction[]` as JSON. */
  readonly satisfaction: string;
  readonly outcome: CaseEventData<'Closed'>['outcome'] | null;
  readonly closedAt: string | null;
  /** `ClockBook` as JSON. */
  readonly clocks: string;
  readonly eventsRecordedLate: number;
};

/** The statistics' table: the cases submitted in a period, of the whole store, of a kind, or handled in a unit's subtree (see {@link statisticsQuery}). */
export const statisticsTable: RowTable<StatisticsRow> = {
  key: 'streamId',
  columns: {
    streamId: text,
    caseId: text,
    workflow: text,
    workflowVersion: integer,
    stage: text,
    status: text,
    ownEvents: text,
    submittedAt: text,
    submittedMs: integer,
    channel: text,
    category: text,
    receivingUnit: text,
    handlingUnit: text,
    mediationUnit: maybeText,
    handledUnit: text,
    districtUnit: maybeText,
    subDistrictUnit: maybeText,
    communityUnit: maybeText,
    gridUnit: maybeText,
    claimedFen: maybeInteger,
    review: maybeText,
    rejectionReason: maybeText,
    mediationsStarted: integer,
    track: maybeText,
    mediation: maybeText,
    agreementFen: maybeInteger,
    notarized: integer,
    escalations: integer,
    callbacksMade: integer,
    callbacksReached: integer,
    satisfaction: text,
    outcome: maybeText,
    closedAt: maybeText,
    clocks: text,
    eventsRecordedLate: integer,
  },
  indexes: {
    bySubmitted: ['submittedMs'],
    byWorkflow: ['workflow', 'submittedMs'],
    byHandledUnit: ['handledUnit', 'submittedMs'],
    byDistrict: ['districtUnit', 'submittedMs'],
    bySubDistrict: ['subDistrictUnit', 'submittedMs'],
    byCommunity: ['communityUnit', 'submittedMs'],
    byGrid: ['gridUnit', 'submittedMs'],
  },
};

/** The row of a case's facts. */
const rowOf = (streamId: string, facts: CaseFacts, directory: JurisdictionDirectory): StatisticsRow => {
  const handledUnit = facts.mediationUnit ?? facts.handlingUnit;
  return {
    streamId,
    ...facts,
    ownEvents: JSON.stringify(facts.ownEvents),
    submittedMs: instantMillis(facts.submittedAt),
    handledUnit,
    ...subtreeColumnsOf(directory, handledUnit),
    notarized: facts.notarized ? 1 : 0,
    satisfaction: JSON.stringify(facts.satisfaction),
    clocks: JSON.stringify(facts.clocks),
  };
};

/** The projection's name, as its bad stored rows are reported (`StoredRowError`). */
const NAME = 'statisticsRows';

/** The document's facts of a case's row (a JSON column that is not what the projection writes: `StoredRowError`). */
export const factsOfRow = (row: StatisticsRow): CaseFacts => ({
  caseId: row.caseId,
  workflow: row.workflow,
  workflowVersion: row.workflowVersion,
  stage: row.stage,
  status: row.status,
  ownEvents: storedJson<Counts>(NAME, row.streamId, 'ownEvents', row.ownEvents, countsShape),
  submittedAt: row.submittedAt,
  channel: row.channel,
  category: row.category,
  receivingUnit: row.receivingUnit,
  handlingUnit: row.handlingUnit,
  mediationUnit: row.mediationUnit,
  claimedFen: row.claimedFen,
  review: row.review,
  rejectionReason: row.rejectionReason,
  mediationsStarted: row.mediationsStarted,
  track: row.track,
  mediation: row.mediation,
  agreementFen: row.agreementFen,
  notarized: row.notarized === 1,
  escalations: row.escalations,
  callbacksMade: row.callbacksMade,
  callbacksReached: row.callbacksReached,
  satisfaction: storedJson<Satisfaction[]>(NAME, row.streamId, 'satisfaction', row.satisfaction, satisfactionsShape),
  outcome: row.outcome,
  closedAt: row.closedAt,
  clocks: storedJson<ClockBook>(NAME, row.streamId, 'clocks', row.clocks, clockBookShape),
  eventsRecordedLate: row.eventsRecordedLate,
});

/**
 * The statistics as rows: one row per case with the same facts as {@link statisticsProjection}
 * keeps (each event is folded into its case's facts by that projection's own `apply`, over a
 * state holding that case alone), so that the figures of a period, a kind and a unit's subtree
 * are computed from the cases an index selects ({@link statisticsQuery},
 * {@link statisticsReportOfRows}), not from every case. Each event changes its case's row only. A
 * changed directory (a unit moved under another parent) needs a new version.
 *
 * @example
 * const runner = await startRowProjection({ store, rowStore, projection: statisticsRows(directory), decode: codec.decode });
 */
export const statisticsRows = (directory: JurisdictionDirectory): RowProjection<StatisticsRow, AnyCaseEvent> => ({
  name: NAME,
  version: 1,
  table: statisticsTable,
  keysOf: (envelope) => [envelope.streamId],
  apply: (rows, envelope) => {
    const { streamId } = envelope;
    const row = rows.get(streamId);
    const state: StatisticsState = { streams: {}, cases: {} };
    const before = produce(state, (draft) => {
      if (row === undefined) return;
      setIn(draft.streams, streamId, row.caseId);
      setIn(draft.cases, row.caseId, factsOfRow(row));
    });
    const after = produce(before, (draft) => statisticsProjection.apply(draft, envelope));
    const caseId = getIn(after.streams, streamId);
    const facts = caseId === undefined ? undefined : getIn(after.cases, caseId);
    if (facts !== undefined && after !== before) rows.put(rowOf(streamId, facts, directory));
  },
});
