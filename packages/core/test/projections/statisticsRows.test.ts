import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSelfOrAbove } from '@casefold/core';
import { type StatisticsReportOptions, type StatisticsRow, statisticsProjection, statisticsQuery, statisticsReport, statisticsReportOfRows, statisticsRows } from '../../src/projections/index.js';
import { calendar } from '../support/fixtures.js';
import { mixedStoresRecordedLate } from './lateRecording.js';
import { mixedDirectory } from './mixedStores.js';
import { project } from './project.js';
import { foldRows, queryRows } from './rowFold.js';

const factRows = statisticsRows(mixedDirectory);
const units = [...mixedDirectory.units.keys()];

/** Reads a report's rows as a caller would: page after page from the period's start, until a row at or past its end. */
const readPeriod = (table: ReadonlyMap<string, StatisticsRow>, options: StatisticsReportOptions, limit: number): StatisticsRow[] => {
  const { first, endMs } = statisticsQuery(calendar, options);
  const query = { ...first, limit };
  const rows: StatisticsRow[] = [];
  for (let page = queryRows(factRows, table, query); ; page = queryRows(factRows, table, { ...query, after: page.next ?? [] })) {
    rows.push(...page.rows);
    const last = page.rows.at(-1);
    if (page.next === null || (endMs !== null && last !== undefined && last.submittedMs >= endMs)) return rows;
  }
};

/** A period bound: one of the store's submission times (exactly, or a millisecond on either side), or a local date. */
const bound = (times: readonly number[]) =>
  fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 1)).map(([i, shift]) => (times.length === 0 ? undefined : new Date((times[i % times.length] ?? 0) + shift).toISOString())),
    fc.constantFrom('2026-03-02', '2026-03-03', '2026-03-05', '2026-03-10'),
    fc.constant(undefined),
  );

describe('statisticsRows: for all histories of every kind', () => {
  it('the report of the rows a period, kind and unit query selects, page by page, equals statisticsReport over the document statistics', () => {
    fc.assert(
      fc.property(
        mixedStoresRecordedLate.chain((store) => {
          const times = store.envelopes.filter((e) => e.event.type === 'Submitted').map((e) => Date.parse(e.event.meta.occurredAt));
          const kinds = [...new Set(store.cases.map((c) => c.events[0]?.meta.workflow.id ?? ''))];
          return fc.record({
            store: fc.constant(store),
            from: bound(times),
            to: bound(times),
            unit: fc.option(fc.constantFrom(...units), { nil: undefined }),
            workflow: fc.option(fc.constantFrom(...kinds, 'noSuchKind'), { nil: undefined }),
            limit: fc.integer({ min: 1, max: 4 }),
          });
        }),
        ({ store, from, to, unit, workflow, limit }) => {
          fc.pre(from === undefined || to === undefined || Date.parse(from.length === 10 ? `${from}T00:00:00+08:00` : from) < Date.parse(to.length === 10 ? `${to}T00:00:00+08:00` : to));
          const options: StatisticsReportOptions = {
            ...(from === undefined ? {} : { from }),
            ...(to === undefined ? {} : { to }),
            ...(unit === undefined ? {} : { unit, directory: mixedDirectory }),
            ...(workflow === undefined ? {} : { workflow }),
          };
          const { table } = foldRows(factRows, store.envelopes);
          const rows = readPeriod(table, options, limit);
          expect(statisticsReportOfRows(rows, calendar, options)).toEqual(statisticsReport(project(statisticsProjection, store.envelopes), calendar, options));
          // Answered from the index: every row read is of the kind and unit asked for and submitted from the period's start; at most one page past its end.
          const { first, endMs } = statisticsQuery(calendar, options);
          for (const row of rows) {
            if (unit !== undefined) expect(isSelfOrAbove(mixedDirectory, row.handledUnit, unit)).toBe(true);
            if (workflow !== undefined) expect(row.workflow).toBe(workflow);
            if (first.after !== undefined) expect(row.submittedMs).toBeGreaterThanOrEqual(first.after[0] as number);
          }
          expect(rows.filter((row) => endMs !== null && row.submittedMs >= endMs).length).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('each event changes its own case’s row only: one row per case', () => {
    fc.assert(
      fc.property(mixedStoresRecordedLate, (store) => {
        const { table, mostKeysPerEvent } = foldRows(factRows, store.envelopes);
        expect(mostKeysPerEvent).toBe(store.envelopes.length === 0 ? 0 : 1);
        expect([...table.values()].map((row) => row.caseId).sort()).toEqual(
          store.cases
            .filter((c) => c.events.length > 0)
            .map((c) => c.caseId)
            .sort(),
        );
      }),
      { numRuns: 200 },
    );
  });
});
