import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AnyCaseEvent,
  type Envelope,
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
import { getSqliteEventStore } from '@casefold/sqlite';
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
});
