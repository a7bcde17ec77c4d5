import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantFromMillis, instantMillis } from '@casefold/core';
import { deadlineReport, deadlineReportOfRows, deadlinesOfRows, deadlinesProjection, deadlinesRows, isReportInputError, putDeadlinesRow, removeDeadlinesRow } from '../../src/projections/index.js';
import { calendar } from '../support/fixtures.js';
import { mixedStoresRecordedUpTo } from './lateRecording.js';
import { KINDS, LISTS, WINDOWS, cut, fresh, laterMinutes } from './reportCuts.js';
import { mixedDirectory } from './mixedStores.js';
import { project } from './project.js';
import { foldRows } from './rowFold.js';

describe('deadlineReport: clocks judged once, lists cut to what is shown', () => {
  it('for all histories, two instants, windows, kinds and list lengths: a report after another at an earlier or later instant equals the report judged afresh (lists cut, counts whole), key order included; from rows too', () => {
    const seen = { moved: 0, paused: 0, cut: 0 };
    fc.assert(
      fc.property(
        mixedStoresRecordedUpTo(10 * 24 * 60),
        laterMinutes,
        laterMinutes,
        fc.constantFrom(...WINDOWS),
        fc.option(fc.constantFrom(...KINDS), { nil: undefined, freq: 3 }),
        fc.option(fc.nat({ max: 4 }), { nil: undefined, freq: 3 }),
        (store, first, second, dueSoonWithin, kind, listed) => {
          const at = (minutes: number) => instantFromMillis(instantMillis(store.lastAt) + minutes * 60_000);
          const options = { dueSoonWithin, ...(kind === undefined ? {} : { kind }) };
          const listedOptions = { ...options, ...(listed === undefined ? {} : { listed }) };
          const document = project(deadlinesProjection, store.envelopes);
          const { table } = foldRows(deadlinesRows(mixedDirectory), store.envelopes);
          const rows = [...table.values()];
          // Judged at the first instant, then read at the second.
          deadlineReport(document, at(first), calendar, listedOptions);
          deadlineReportOfRows(rows, at(first), calendar, listedOptions);
          const afresh = deadlineReport(document, at(second), fresh(calendar), options);
          const expected = JSON.stringify(cut(afresh, listed));
          expect(JSON.stringify(deadlineReport(document, at(second), calendar, listedOptions))).toBe(expected);
          expect(JSON.stringify(deadlineReportOfRows(rows, at(second), calendar, listedOptions))).toBe(expected);
          if (first !== second && afresh.totals.running > 0) seen.moved += 1;
          seen.paused += afresh.totals.paused;
          if (listed !== undefined && LISTS.some((list) => afresh[list].length > listed)) seen.cut += 1;
        },
      ),
      { numRuns: 300 },
    );
    // Seen in some run: else the equality could hold for want of such reports.
    expect(
      Object.values(seen).every((count) => count > 0),
      JSON.stringify(seen),
    ).toBe(true);
  });

  it('given 2 items listed, when more deadlines are breached, then the two most overdue are listed and the counts cover them all', () => {
    // Forty days after the last event of a generated history with more than two deadlines breached by then (within the calendar's year).
    const forty = (lastAt: string) => instantFromMillis(instantMillis(lastAt) + 40 * 24 * 3_600_000);
    const store = fc
      .sample(mixedStoresRecordedUpTo(0), { seed: 7, numRuns: 100 })
      .find((s) => deadlineReport(project(deadlinesProjection, s.envelopes), forty(s.lastAt), calendar).breached.length > 2)!;
    const document = project(deadlinesProjection, store.envelopes);
    const now = forty(store.lastAt);
    const whole = deadlineReport(document, now, calendar);
    const listed = deadlineReport(document, now, calendar, { listed: 2 });
    expect(whole.breached.length).toBeGreaterThan(2);
    expect(listed.breached).toEqual(whole.breached.slice(0, 2));
    expect(listed.totals).toEqual(whole.totals);
    expect(listed.totals.breached).toBe(whole.breached.length);
    expect(deadlineReport(document, now, calendar, { listed: 0 }).breached).toEqual([]);
  });

  it('refuses a list length that is not a whole number of items, 0 or more, with a typed error naming the option', () => {
    for (const listed of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      let error: unknown;
      try {
        deadlineReport(project(deadlinesProjection, []), '2026-05-05T01:00:00.000Z', calendar, { listed });
      } catch (e) {
        error = e;
      }
      expect(isReportInputError(error), String(listed)).toBe(true);
      expect(String(error)).toMatch(/deadlineReport: listed.*whole number of items/);
    }
  });

  it("for all histories split in two: a state kept from the first part's rows, then each changed stream's row put (or removed), reports as the state of every row (key order included), at any later instant", () => {
    fc.assert(
      fc.property(mixedStoresRecordedUpTo(10 * 24 * 60), fc.nat(), laterMinutes, (store, cut, minutes) => {
        const projection = deadlinesRows(mixedDirectory);
        const split = cut % (store.envelopes.length + 1);
        const { table } = foldRows(projection, store.envelopes.slice(0, split));
        const kept = deadlinesOfRows();
        for (const row of table.values()) putDeadlinesRow(kept, row);
        const now = instantFromMillis(instantMillis(store.lastAt) + minutes * 60_000);
        deadlineReport(kept.state, now, calendar, { listed: 3 });
        const rest = store.envelopes.slice(split);
        foldRows(projection, rest, table);
        for (const streamId of new Set(rest.map((envelope) => envelope.streamId))) {
          const row = table.get(streamId);
          if (row === undefined) removeDeadlinesRow(kept, streamId);
          else putDeadlinesRow(kept, row);
        }
        expect(JSON.stringify(deadlineReport(kept.state, now, calendar))).toBe(JSON.stringify(deadlineReportOfRows(table.values(), now, fresh(calendar))));
      }),
      { numRuns: 200 },
    );
  });
});
