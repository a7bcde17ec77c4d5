import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type StatisticsRow,
  putStatisticsRow,
  removeStatisticsRow,
  statisticsByDay,
  statisticsByDayOf,
  statisticsProjection,
  statisticsReport,
  statisticsReportByDay,
  statisticsReportOfRows,
  statisticsRows,
  statisticsRowsByDay,
} from '../../src/projections/index.js';
import { calendar } from '../support/fixtures.js';
import { mixedStoresRecordedLate } from './lateRecording.js';
import { mixedDirectory } from './mixedStores.js';
import { project } from './project.js';
import { foldRows } from './rowFold.js';
import { reportOptionsOf } from './statisticsPeriods.js';

const factRows = statisticsRows(mixedDirectory);

/** Brings the kept rows to a table's: every row put (a changed one replaces its old one), the rows gone removed. */
const follow = (kept: ReturnType<typeof statisticsByDay>, table: ReadonlyMap<string, StatisticsRow>, before: ReadonlyMap<string, StatisticsRow>): void => {
  for (const [streamId, row] of table) if (before.get(streamId) !== row) putStatisticsRow(kept, row);
  for (const streamId of before.keys()) if (!table.has(streamId)) removeStatisticsRow(kept, streamId);
};

describe('statisticsByDay: an example', () => {
  it("given the rows of a history kept by day, when a case's row changes, then a month's figures for a sub-district count it as it is now", () => {
    const store = fc.sample(
      mixedStoresRecordedLate.filter((s) => s.cases.length >= 5),
      { numRuns: 1, seed: 19 },
    )[0]!;
    const rows = [...foldRows(factRows, store.envelopes).table.values()];
    const [changed, gone] = rows;
    // #region statisticsByDay
    const kept = statisticsByDay(calendar);
    for (const row of rows) putStatisticsRow(kept, row);
    // As events are stored: the row of each case an event changed, in place of its old one (its old tally is subtracted).
    putStatisticsRow(kept, { ...changed!, review: 'rejected', rejectionReason: 'outOfArea' });
    removeStatisticsRow(kept, gone!.streamId);
    // Whole days from the tallies kept per day; the days a period cuts from their rows.
    const march = statisticsReportByDay(kept, { from: '2026-03-01', to: '2026-04-01', unit: 'majie', directory: mixedDirectory });
    // #endregion statisticsByDay
    const now = [{ ...changed!, review: 'rejected' as const, rejectionReason: 'outOfArea' }, ...rows.slice(2)];
    expect(march).toEqual(statisticsReportOfRows(now, calendar, { from: '2026-03-01', to: '2026-04-01', unit: 'majie', directory: mixedDirectory }));
    expect(statisticsReportByDay(kept).intake.total).toBe(rows.length - 1);
    expect(march.intake.total).toBeGreaterThan(0);
    expect(march.review.rejectedByReason['outOfArea']).toBeGreaterThan(0);
  });
});

describe('statisticsByDay: for all histories of every kind, followed in steps', () => {
  it('the report of any period, unit and kind equals statisticsReport over the document statistics, at every step', () => {
    fc.assert(
      fc.property(
        mixedStoresRecordedLate.chain((store) =>
          fc.record({ store: fc.constant(store), cuts: fc.uniqueArray(fc.nat({ max: store.envelopes.length }), { maxLength: 4 }), options: reportOptionsOf(store) }),
        ),
        ({ store, cuts, options }) => {
          const kept = statisticsByDay(calendar);
          let before = new Map<string, StatisticsRow>();
          for (const cut of [...cuts.sort((a, b) => a - b), store.envelopes.length]) {
            const events = store.envelopes.slice(0, cut);
            const { table } = foldRows(factRows, events);
            follow(kept, table, before);
            before = table;
            expect(statisticsReportByDay(kept, options)).toEqual(statisticsReport(project(statisticsProjection, events), calendar, options));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the kept tallies after any steps equal those of the final rows put once (old tallies subtracted exactly)', () => {
    fc.assert(
      fc.property(
        mixedStoresRecordedLate.chain((store) => fc.record({ store: fc.constant(store), cuts: fc.uniqueArray(fc.nat({ max: store.envelopes.length }), { maxLength: 6 }) })),
        ({ store, cuts }) => {
          const stepped = statisticsByDay(calendar);
          let before = new Map<string, StatisticsRow>();
          for (const cut of [...cuts.sort((a, b) => a - b), store.envelopes.length]) {
            const { table } = foldRows(factRows, store.envelopes.slice(0, cut));
            follow(stepped, table, before);
            before = table;
          }
          const once = statisticsByDay(calendar);
          for (const row of before.values()) putStatisticsRow(once, row);
          expect(stepped.whole).toEqual(once.whole);
          const talliesOf = (kept: ReturnType<typeof statisticsByDay>) =>
            new Map([...kept.days].map(([day, { tallies, hours }]) => [day, { tallies, hours: new Map([...hours].map(([hour, h]) => [hour, h.tallies])) }]));
          expect(talliesOf(stepped)).toEqual(talliesOf(once));
          expect([...statisticsRowsByDay(stepped)].map((row) => row.streamId).sort()).toEqual([...before.keys()].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('removing every row leaves nothing kept', () => {
    fc.assert(
      fc.property(mixedStoresRecordedLate, (store) => {
        const kept = statisticsByDay(calendar);
        const { table } = foldRows(factRows, store.envelopes);
        for (const row of table.values()) putStatisticsRow(kept, row);
        for (const streamId of table.keys()) removeStatisticsRow(kept, streamId);
        expect(kept.days.size).toBe(0);
        expect(kept.placeOf.size).toBe(0);
        expect(kept.whole.size).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});

/** Every tally kept, with its counts in their order (what a report's records list their keys in), by day and hour, in the order kept. */
const talliesInOrder = (kept: ReturnType<typeof statisticsByDay>) => {
  const ordered = (tallies: ReadonlyMap<string, { readonly sums: Float64Array; readonly counts: ReadonlyMap<string, number> }>) =>
    [...tallies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([scope, tally]) => [scope, [...tally.sums], [...tally.counts]]);
  return {
    whole: ordered(kept.whole),
    days: [...kept.days].map(([day, { tallies, hours }]) => [day, ordered(tallies), [...hours].map(([hour, h]) => [hour, ordered(h.tallies), [...h.rows.keys()]])]),
    placeOf: [...kept.placeOf],
  };
};

describe('statisticsByDayOf: rows read whole at once', () => {
  it("keeps what putting each row in turn keeps, to the order of every tally's counts, for rows by submission time or in any order", () => {
    fc.assert(
      fc.property(mixedStoresRecordedLate, fc.constantFrom('bySubmission', 'reversed', 'evenThenOdd'), (store, order) => {
        const { table } = foldRows(factRows, store.envelopes);
        const sorted = [...table.values()].sort((a, b) => a.submittedMs - b.submittedMs || (a.streamId < b.streamId ? -1 : 1));
        const rows = order === 'bySubmission' ? sorted : order === 'reversed' ? sorted.reverse() : [...sorted.filter((_, i) => i % 2 === 0), ...sorted.filter((_, i) => i % 2 === 1)];
        const once = statisticsByDay(calendar);
        for (const row of rows) putStatisticsRow(once, row);
        const built = statisticsByDayOf(calendar, rows);
        expect(talliesInOrder(built)).toEqual(talliesInOrder(once));
        expect(JSON.stringify(statisticsReportByDay(built))).toBe(JSON.stringify(statisticsReportByDay(once)));
      }),
      { numRuns: 300 },
    );
  });

  it('given rows by submission time, when a row then changes, then the kept rows follow it as those put one by one do', () => {
    const store = fc.sample(
      mixedStoresRecordedLate.filter((s) => s.cases.length >= 5),
      { numRuns: 1, seed: 19 },
    )[0]!;
    const rows = [...foldRows(factRows, store.envelopes).table.values()].sort((a, b) => a.submittedMs - b.submittedMs);
    const built = statisticsByDayOf(calendar, rows);
    const once = statisticsByDay(calendar);
    for (const row of rows) putStatisticsRow(once, row);
    for (const kept of [built, once]) {
      putStatisticsRow(kept, { ...rows[0]!, review: 'rejected', rejectionReason: 'outOfArea' });
      removeStatisticsRow(kept, rows[1]!.streamId);
    }
    expect(talliesInOrder(built)).toEqual(talliesInOrder(once));
    expect(statisticsReportByDay(built).review.rejectedByReason['outOfArea']).toBeGreaterThan(0);
  });
});
