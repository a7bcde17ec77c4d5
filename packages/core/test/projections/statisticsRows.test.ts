import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSelfOrAbove } from '@casefold/core';
import { type StatisticsReportOptions, type StatisticsRow, statisticsProjection, statisticsQuery, statisticsReport, statisticsReportOfRows, statisticsRows } from '../../src/projections/index.js';
import { calendar } from '../support/fixtures.js';
import { mixedStoresRecordedLate } from './lateRecording.js';
import { mixedDirectory } from './mixedStores.js';
import { project } from './project.js';
import { foldRows, queryRows } from './rowFold.js';
import { reportOptionsOf } from './statisticsPeriods.js';

const factRows = statisticsRows(mixedDirectory);

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

describe('statisticsRows: for all histories of every kind', () => {
  it('the report of the rows a period, kind and unit query selects, page by page, equals statisticsReport over the document statistics', () => {
    fc.assert(
      fc.property(
        mixedStoresRecordedLate.chain((store) => fc.record({ store: fc.constant(store), options: reportOptionsOf(store), limit: fc.integer({ min: 1, max: 4 }) })),
        ({ store, options, limit }) => {
          const { unit, workflow } = options;
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
