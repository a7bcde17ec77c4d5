import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AnyCaseEvent,
  type Envelope,
  type Row,
  type RowProjection,
  type RowQuery,
  type StatisticsReportOptions,
  type StatisticsRow,
  caseTimelineProjection,
  caseTimelineQuery,
  caseTimelineRows,
  caseTimelineRulesQuery,
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
import { type NewEvent, caseEventCodec, startProjection, startRowProjection } from '@casefold/engine';
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

describe('built-in row projections on a real SQLite file, through startRowProjection', () => {
  it('timelines and statistics read from the rows equal the document projections folded from the same file', async () => {
    await fc.assert(
      fc.asyncProperty(stores, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 3 }), async (generated, a, b, limit) => {
        const store = getSqliteEventStore({ fileName: dir.file(`rows-${(files += 1)}.db`) });
        try {
          let last = 0n;
          for (const envelope of generated.envelopes) last = (await store.appendToStream(envelope.streamId, [newEventOf(envelope)])).lastPosition;
          const decode = codec.decode;
          const timelines = await startRowProjection({ store, rowStore: store.rowProjections, projection: caseTimelineRows, decode, batchSize: 7 });
          const facts = await startRowProjection({ store, rowStore: store.rowProjections, projection: statisticsRows(directory), decode, batchSize: 7 });
          const timelineDocument = await startProjection({ store, projectionStore: store.projections, projection: caseTimelineProjection, decode });
          const statisticsDocument = await startProjection({ store, projectionStore: store.projections, projection: statisticsProjection, decode });
          for (const runner of [timelines, facts, timelineDocument, statisticsDocument]) await runner.waitFor(last);

          for (const c of generated.cases) {
            const caseRows = [];
            for (let page = await timelines.query(caseTimelineQuery(c.caseId, { limit })); ; page = await timelines.query(caseTimelineQuery(c.caseId, { limit, after: page.next! }))) {
              caseRows.push(...page.rows);
              if (page.next === null) break;
            }
            const head = caseRows[0];
            const rules = head === undefined ? [] : (await timelines.query(caseTimelineRulesQuery(head.kind, head.workflowVersion))).rows;
            expect(timelineOfRows([...caseRows, ...rules], c.caseId, calendar)).toEqual(timelineOf(timelineDocument.state(), c.caseId, calendar));
          }

          // A period from one submission to another (either may be open), read page by page from the index.
          const times = generated.envelopes.filter((e) => e.event.type === 'Submitted').map((e) => e.event.meta.occurredAt);
          const [from, to] = [times[a % (times.length + 1)], times[b % (times.length + 1)]];
          fc.pre(from === undefined || to === undefined || Date.parse(from) < Date.parse(to));
          const options: StatisticsReportOptions = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
          const { first, endMs } = statisticsQuery(calendar, options);
          const rows: StatisticsRow[] = [];
          for (let page = await facts.query({ ...first, limit }); ; page = await facts.query({ ...first, limit, after: page.next! })) {
            rows.push(...page.rows);
            const lastRow = page.rows.at(-1);
            if (page.next === null || (endMs !== null && lastRow !== undefined && lastRow.submittedMs >= endMs)) break;
          }
          expect(statisticsReportOfRows(rows, calendar, options)).toEqual(statisticsReport(statisticsDocument.state(), calendar, options));
          for (const runner of [timelines, facts, timelineDocument, statisticsDocument]) await runner.stop();
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);

  it("a case's timeline, a workflow's rules and a period's statistics of a unit or a kind are answered from their indexes, sorting nothing", async () => {
    const fileName = dir.file('plans.db');
    const store = getSqliteEventStore({ fileName });
    const facts = statisticsRows(directory);
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
    db.close();
  });
});
