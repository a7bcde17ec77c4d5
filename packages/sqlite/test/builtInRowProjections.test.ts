import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AnyCaseEvent,
  type CasePath,
  type CaseTimeline,
  type CaseTimelineRow,
  type DeadlineReport,
  type DeadlinesRow,
  type Envelope,
  type EscalationPathRow,
  type EscalationReport,
  type Row,
  type RowProjection,
  type RowQuery,
  type StatisticsReport,
  type StatisticsReportOptions,
  type StatisticsRow,
  caseTimelineProjection,
  caseTimelineQuery,
  caseTimelineRows,
  caseTimelineRulesQuery,
  deadlineReport,
  deadlineReportOfRows,
  deadlinesProjection,
  deadlinesQuery,
  deadlinesRows,
  escalationFiguresQuery,
  escalationPathOf,
  escalationPathOfRows,
  escalationPathQuery,
  escalationPathsProjection,
  escalationPathsRows,
  escalationReport,
  escalationReportOfRows,
  isSelfOrAbove,
  statisticsProjection,
  statisticsQuery,
  statisticsReport,
  statisticsReportOfRows,
  statisticsRows,
  timelineOf,
  timelineOfRows,
  toCalendar,
} from '@casefold/core';
import { caseStoreArbitrary, sampleDirectory } from '@casefold/core/testing';
import { type NewEvent, type RowProjectionRunner, caseEventCodec, startProjection, startRowProjection } from '@casefold/engine';
import { checkRowQuery, rowSql } from '@casefold/engine/adapter';
import { getSqliteEventStore } from '@casefold/sqlite';
import { sqliteRowDialect } from '../src/projections/getSqliteRowProjectionStore.js';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const directory = sampleDirectory();
const codec = caseEventCodec();
const calendar = toCalendar({ id: 'test-cn-2026', utcOffsetMinutes: 480, holidays: ['2026-04-06'], workdays: [], workingHours: [{ start: '09:00', end: '17:00' }] });

/** A generated event as the command handler appends it, recorded at the envelope's `recordedAt`. */
const newEventOf = (envelope: Envelope<AnyCaseEvent>): NewEvent => {
  const encoded = codec.encode(envelope.event as Parameters<typeof codec.encode>[0]);
  const { commandId } = envelope.event.meta;
  return {
    eventId: envelope.eventId,
    type: encoded.type,
    data: encoded.data,
    metadata: { ...encoded.metadata, commandId, recordedAt: envelope.recordedAt, correlationId: commandId, causationId: null, schemaVersion: encoded.schemaVersion },
  };
};

/** Random mediation stores (the core properties cover every kind), some events recorded up to three hours late. */
const stores = fc.tuple(caseStoreArbitrary({ maxCases: 6, maxSteps: 14, directory }), fc.array(fc.nat({ max: 180 }), { maxLength: 30 })).map(([store, delays]) => ({
  ...store,
  envelopes: store.envelopes.map((e, i) => (delays[i] === undefined || delays[i] === 0 ? e : { ...e, recordedAt: new Date(Date.parse(e.recordedAt) + delays[i] * 60_000).toISOString() })),
}));

let files = 0;

/** A case's timeline read from the row-based timelines, `limit` rows a page (docs/projections-reference.md, "caseTimelineRows"). */
const readTimeline = async (runner: RowProjectionRunner<CaseTimelineRow>, caseId: string, limit: number): Promise<CaseTimeline | null> => {
  // #region timeline
  const caseRows: CaseTimelineRow[] = [];
  let page = await runner.query(caseTimelineQuery(caseId, { limit }));
  caseRows.push(...page.rows);
  while (page.next !== null) {
    page = await runner.query(caseTimelineQuery(caseId, { limit, after: page.next }));
    caseRows.push(...page.rows);
  }
  const head = caseRows[0]; // the case row: the case's kind and workflow version
  const rules = head === undefined ? [] : (await runner.query(caseTimelineRulesQuery(head.kind, head.workflowVersion))).rows;
  return timelineOfRows([...caseRows, ...rules], caseId, calendar); // timelineOf's answer; null for a case never seen
  // #endregion timeline
};

/** The escalation report and one case's path read from the row-based escalation paths (docs/projections-reference.md, "escalationPathsRows"). */
const readEscalation = async (runner: RowProjectionRunner<EscalationPathRow>, caseId: string): Promise<{ report: EscalationReport; path: CasePath | null }> => {
  // #region escalation
  const report = escalationReportOfRows((await runner.query(escalationFiguresQuery())).rows); // one figures row per case kind
  const path = escalationPathOfRows((await runner.query(escalationPathQuery(caseId))).rows, caseId);
  // #endregion escalation
  return { report, path };
};

/** A period's statistics read from the row-based statistics, `limit` rows a page (docs/projections-reference.md, "statisticsRows"). */
const readStatistics = async (runner: RowProjectionRunner<StatisticsRow>, options: StatisticsReportOptions, limit: number): Promise<StatisticsReport> => {
  // #region statistics
  const { first, endMs } = statisticsQuery(calendar, options); // the options checked as statisticsReport checks them
  const query = { ...first, limit };
  const rows: StatisticsRow[] = [];
  let page = await runner.query(query);
  rows.push(...page.rows);
  // A page with a next is full: read on while its last case was submitted before the period's end.
  while (page.next !== null && (endMs === null || page.rows[page.rows.length - 1]!.submittedMs < endMs)) {
    page = await runner.query({ ...query, after: page.next });
    rows.push(...page.rows);
  }
  return statisticsReportOfRows(rows, calendar, options); // statisticsReport's answer over the same cases
  // #endregion statistics
};

/** The deadlines report of a unit's open cases read from the row-based deadlines, `limit` rows a page (docs/projections-reference.md, "deadlinesRows"). */
const readDeadlines = async (runner: RowProjectionRunner<DeadlinesRow>, unit: string | undefined, now: string, limit: number): Promise<DeadlineReport> => {
  // #region deadlines
  const query = { ...deadlinesQuery(directory, unit === undefined ? {} : { unit }), limit }; // without a unit: every case
  const rows: DeadlinesRow[] = [];
  let page = await runner.query(query);
  rows.push(...page.rows);
  while (page.next !== null) {
    page = await runner.query({ ...query, after: page.next });
    rows.push(...page.rows);
  }
  return deadlineReportOfRows(rows, now, calendar); // due times on the calendar as of now, as deadlineReport computes them
  // #endregion deadlines
};

describe('built-in row projections on a real SQLite file, through startRowProjection', () => {
  it('timelines, escalation paths, statistics and deadlines read from the rows equal the document projections folded from the same file', async () => {
    const subDistricts = [...directory.units.values()].filter((unit) => unit.level === 'subDistrict').map((unit) => unit.id);
    await fc.assert(
      fc.asyncProperty(stores, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 3 }), fc.nat({ max: 30 * 24 }), fc.constantFrom(...subDistricts), async (generated, a, b, limit, laterHours, unit) => {
        const times = generated.envelopes.filter((e) => e.event.type === 'Submitted').map((e) => e.event.meta.occurredAt);
        const [from, to] = [times[a % (times.length + 1)], times[b % (times.length + 1)]];
        fc.pre(from === undefined || to === undefined || Date.parse(from) < Date.parse(to));
        const store = getSqliteEventStore({ fileName: dir.file(`rows-${(files += 1)}.db`) });
        try {
          let last = 0n;
          for (const envelope of generated.envelopes) last = (await store.appendToStream(envelope.streamId, [newEventOf(envelope)])).lastPosition;
          const { decode } = codec;
          const rowStore = store.rowProjections;
          const projectionStore = store.projections;
          const timelines = await startRowProjection({ store, rowStore, projection: caseTimelineRows, decode, batchSize: 7 });
          const paths = await startRowProjection({ store, rowStore, projection: escalationPathsRows(directory), decode, batchSize: 7 });
          const facts = await startRowProjection({ store, rowStore, projection: statisticsRows(directory), decode, batchSize: 7 });
          const clocks = await startRowProjection({ store, rowStore, projection: deadlinesRows(directory), decode, batchSize: 7 });
          const timelineDocument = await startProjection({ store, projectionStore, projection: caseTimelineProjection, decode });
          const pathsDocument = await startProjection({ store, projectionStore, projection: escalationPathsProjection, decode });
          const statisticsDocument = await startProjection({ store, projectionStore, projection: statisticsProjection, decode });
          const deadlinesDocument = await startProjection({ store, projectionStore, projection: deadlinesProjection, decode });
          const runners = [timelines, paths, facts, clocks, timelineDocument, pathsDocument, statisticsDocument, deadlinesDocument];
          for (const runner of runners) await runner.waitFor(last);

          for (const c of generated.cases) {
            expect(await readTimeline(timelines, c.caseId, limit)).toEqual(timelineOf(timelineDocument.state(), c.caseId, calendar));
            expect(await readEscalation(paths, c.caseId)).toEqual({ report: escalationReport(pathsDocument.state(), directory), path: escalationPathOf(pathsDocument.state(), c.caseId) });
          }
          // A period from one submission to another (either may be open), read page by page from the index.
          const options: StatisticsReportOptions = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
          expect(await readStatistics(facts, options, limit)).toEqual(statisticsReport(statisticsDocument.state(), calendar, options));
          // Deadlines as of some hours after the last event: the whole store's, and a sub-district's open cases' (those of the whole report held there).
          const now = new Date(Math.max(0, ...generated.envelopes.map((e) => Date.parse(e.event.meta.occurredAt))) + laterHours * 3_600_000).toISOString();
          const whole = deadlineReport(deadlinesDocument.state(), now, calendar);
          expect(await readDeadlines(clocks, undefined, now, limit)).toEqual(whole);
          const inUnit = (item: { readonly unit: string }): boolean => isSelfOrAbove(directory, item.unit, unit);
          const ofUnit = await readDeadlines(clocks, unit, now, limit);
          expect({ dueSoon: ofUnit.dueSoon, breached: ofUnit.breached, extended: ofUnit.extended }).toEqual({
            dueSoon: whole.dueSoon.filter(inUnit),
            breached: whole.breached.filter(inUnit),
            extended: whole.extended.filter(inUnit),
          });
          for (const runner of runners) await runner.stop();
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 240_000);

  it("a case's timeline, a workflow's rules, a period's statistics of a unit or a kind and a unit's deadlines are answered from their indexes, sorting nothing", async () => {
    const fileName = dir.file('plans.db');
    const store = getSqliteEventStore({ fileName });
    const facts = statisticsRows(directory);
    const clocks = deadlinesRows(directory);
    await store.rowProjections.reset(clocks, clocks.version, null);
    for (const model of [caseTimelineRows, facts]) await store.rowProjections.reset(model, model.version, null);
    await store.close();
    const db = new BetterSqlite3(fileName, { readonly: true });
    const plan = <R extends Row>(model: RowProjection<R, AnyCaseEvent>, query: RowQuery<R>): string => {
      const { text, values } = rowSql(model, sqliteRowDialect).query(checkRowQuery(model, query));
      return db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${text}`)
        .all(...values)
        .map((row) => row.detail)
        .join('\n');
    };
    /** The plan's one step, which must search the index (a range of it) and sort nothing. */
    const searches = (detail: string, search: string): void => {
      expect(detail).toBe(`SEARCH ${search}`);
    };
    const timeline = caseTimelineQuery('M-1', { limit: 50 });
    searches(plan(caseTimelineRows, timeline), 'rows_caseTimelineRows USING INDEX rows_caseTimelineRows__byCase (caseId=?)');
    searches(plan(caseTimelineRows, { ...timeline, after: [3, 'event/x'] }), 'rows_caseTimelineRows USING INDEX rows_caseTimelineRows__byCase (caseId=? AND (revision,id)>(?,?))');
    searches(plan(caseTimelineRows, caseTimelineRulesQuery('mediation', 2)), 'rows_caseTimelineRows USING INDEX rows_caseTimelineRows__byRules (record=? AND kind=? AND workflowVersion=?)');
    const period = { from: '2026-03-01', to: '2026-04-01' };
    const subDistrict = [...directory.units.values()].find((unit) => unit.level === 'subDistrict')!.id;
    searches(
      plan(facts, statisticsQuery(calendar, { ...period, unit: subDistrict, directory }).first),
      'rows_statisticsRows USING INDEX rows_statisticsRows__bySubDistrict (subDistrictUnit=? AND (submittedMs,streamId)>(?,?))',
    );
    searches(
      plan(facts, statisticsQuery(calendar, { ...period, workflow: 'mediation' }).first),
      'rows_statisticsRows USING INDEX rows_statisticsRows__byWorkflow (workflow=? AND (submittedMs,streamId)>(?,?))',
    );
    searches(plan(facts, statisticsQuery(calendar, period).first), 'rows_statisticsRows USING INDEX rows_statisticsRows__bySubmitted ((submittedMs,streamId)>(?,?))');
    const dueIn = deadlinesQuery(directory, { unit: subDistrict });
    searches(plan(clocks, dueIn), 'rows_deadlinesRows USING INDEX rows_deadlinesRows__bySubDistrict (open=? AND subDistrictUnit=?)');
    searches(plan(clocks, { ...dueIn, after: ['stream/x'] }), 'rows_deadlinesRows USING INDEX rows_deadlinesRows__bySubDistrict (open=? AND subDistrictUnit=? AND streamId>?)');
    searches(plan(clocks, deadlinesQuery(directory, { kind: 'mediation' })), 'rows_deadlinesRows USING INDEX rows_deadlinesRows__byKind (kind=?)');
    db.close();
  });
});
