import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeadlineReportOptions, instantFromMillis, instantMillis } from '@casefold/core';
import { deadlineReport, deadlinesOfRows, deadlinesRows, isReportInputError, keptDeadlineReport, putDeadlinesRow, removeDeadlinesRow } from '../../src/projections/index.js';
import { calendar } from '../support/fixtures.js';
import { mixedStoresRecordedUpTo } from './lateRecording.js';
import { KINDS, LISTS, WINDOWS, cut, fresh, laterMinutes } from './reportCuts.js';
import { mixedDirectory } from './mixedStores.js';
import { foldRows } from './rowFold.js';

/** One report of a run: some minutes after the store's last event (often within hours, else up to 40 days on), its window, kind and list length. */
const reportAsked = fc.record({
  minutes: laterMinutes,
  dueSoonWithin: fc.constantFrom(...WINDOWS),
  kind: fc.option(fc.constantFrom(...KINDS), { nil: undefined, freq: 3 }),
  listed: fc.option(fc.nat({ max: 4 }), { nil: undefined, freq: 3 }),
});

describe('keptDeadlineReport: the figures kept between reports', () => {
  it('for all histories cut in parts, rows put and removed part by part, reports at instants back and forth: each kept report equals deadlineReport over the same state judged afresh (lists cut, counts whole, key order included)', () => {
    const seen = { moved: 0, changed: 0, paused: 0, cut: 0, breached: 0, dueSoon: 0 };
    fc.assert(
      fc.property(mixedStoresRecordedUpTo(10 * 24 * 60), fc.array(fc.tuple(fc.nat(), reportAsked), { minLength: 1, maxLength: 5 }), (store, steps) => {
        const projection = deadlinesRows(mixedDirectory);
        const cuts = [...steps.map(([at]) => at % (store.envelopes.length + 1)), store.envelopes.length].sort((a, b) => a - b);
        const kept = deadlinesOfRows();
        const { table } = foldRows(projection, []);
        let done = 0;
        let lastAt: string | undefined;
        steps.forEach(([, asked], i) => {
          const part = store.envelopes.slice(done, cuts[i]);
          done = cuts[i]!;
          foldRows(projection, part, table);
          const changed = new Set(part.map((envelope) => envelope.streamId));
          for (const streamId of changed) {
            const row = table.get(streamId);
            if (row === undefined) removeDeadlinesRow(kept, streamId);
            else putDeadlinesRow(kept, row);
          }
          const now = instantFromMillis(instantMillis(store.lastAt) + asked.minutes * 60_000);
          const options: DeadlineReportOptions = { dueSoonWithin: asked.dueSoonWithin, ...(asked.kind === undefined ? {} : { kind: asked.kind }) };
          const afresh = deadlineReport(kept.state, now, fresh(calendar), options);
          const report = keptDeadlineReport(kept, now, calendar, { ...options, ...(asked.listed === undefined ? {} : { listed: asked.listed }) });
          expect(JSON.stringify(report)).toBe(JSON.stringify(cut(afresh, asked.listed)));
          if (i > 0 && lastAt !== now) seen.moved += 1;
          if (i > 0 && changed.size > 0) seen.changed += 1;
          seen.paused += afresh.totals.paused;
          seen.breached += afresh.totals.breached;
          seen.dueSoon += afresh.totals.dueSoon;
          if (asked.listed !== undefined && LISTS.some((list) => afresh[list].length > asked.listed!)) seen.cut += 1;
          lastAt = now;
        });
      }),
      { numRuns: 300 },
    );
    // Seen in some run: else the equality could hold for want of such reports.
    expect(
      Object.values(seen).every((count) => count > 0),
      JSON.stringify(seen),
    ).toBe(true);
  });

  it("given a kept state of a history's rows, when a case's row changes and time passes, then the kept report counts the case as it is now, equal to the report judged afresh", () => {
    const projection = deadlinesRows(mixedDirectory);
    const openRows = (s: { readonly envelopes: Parameters<typeof foldRows>[1] }) => [...foldRows(projection, s.envelopes).table.values()].filter((row) => row.open === 1).length;
    const store = fc.sample(
      mixedStoresRecordedUpTo(0).filter((s) => openRows(s) >= 3),
      { seed: 13, numRuns: 1 },
    )[0]!;
    const rows = [...foldRows(projection, store.envelopes).table.values()];
    const gone = rows.find((row) => row.open === 1)!;
    const [first, second] = [store.lastAt, instantFromMillis(instantMillis(store.lastAt) + 5 * 24 * 3_600_000)];
    // #region keptDeadlineReport
    const kept = deadlinesOfRows();
    for (const row of rows) putDeadlinesRow(kept, row);
    const before = keptDeadlineReport(kept, first, calendar, { listed: 20 });
    // As events are stored: each changed case's row put again (or removed), then the report at the latest event's time.
    removeDeadlinesRow(kept, gone.streamId);
    const after = keptDeadlineReport(kept, second, calendar, { listed: 20 });
    // #endregion keptDeadlineReport
    const afresh = deadlineReport(kept.state, second, fresh(calendar), { listed: 20 });
    expect(after).toEqual(afresh);
    expect(after.openCases).toBe(before.openCases - 1);
    expect(after.asOf).toBe(second);
  });

  it("given a kept report, when a row's rules word a merged rule anew, then every case's deadline of that rule reads the new wording, as judged afresh; a row that only repeats the rules keeps the kept figures", () => {
    const projection = deadlinesRows(mixedDirectory);
    const store = fc.sample(
      mixedStoresRecordedUpTo(0).filter((s) => [...foldRows(projection, s.envelopes).table.values()].filter((row) => row.open === 1 && row.clocks !== '{}').length >= 2),
      { seed: 17, numRuns: 1 },
    )[0]!;
    const rows = [...foldRows(projection, store.envelopes).table.values()];
    const kept = deadlinesOfRows();
    for (const row of rows) putDeadlinesRow(kept, row);
    const now = instantFromMillis(instantMillis(store.lastAt) + 24 * 3_600_000);
    const before = keptDeadlineReport(kept, now, calendar);
    const running = rows.find((row) => row.open === 1 && row.clocks !== '{}')!;
    const rule = Object.keys(JSON.parse(running.clocks) as Record<string, unknown>)[0]!;
    const library = JSON.parse(running.rules) as Record<string, Record<string, { label: string }>>;
    const workflow = Object.keys(library).find((id) => library[id]![rule] !== undefined)!;
    library[workflow]![rule]!.label = 'Reworded';
    // The same row again (a new object, its rules as before): nothing reworded.
    putDeadlinesRow(kept, { ...running });
    expect(kept.rulesReworded).toBe(0);
    expect(keptDeadlineReport(kept, now, calendar)).toEqual(before);
    putDeadlinesRow(kept, { ...running, rules: JSON.stringify(library) });
    expect(kept.rulesReworded).toBe(1);
    const after = keptDeadlineReport(kept, now, calendar);
    expect(after).toEqual(deadlineReport(kept.state, now, fresh(calendar)));
    const reworded = [...after.dueSoon, ...after.breached, ...after.extended, ...after.withoutHolidayData].filter((item) => item.rule === rule && item.label === 'Reworded');
    const all = [...before.dueSoon, ...before.breached, ...before.extended, ...before.withoutHolidayData].filter((item) => item.rule === rule && item.kind === running.kind);
    expect(all.length).toBeGreaterThan(0);
    expect(reworded.length).toBe(all.length);
  });

  it('given a kept report, when the next is asked on another calendar object, then it is judged on that calendar, equal to deadlineReport on it', () => {
    const store = fc.sample(mixedStoresRecordedUpTo(0), { seed: 11, numRuns: 1 })[0]!;
    const { table } = foldRows(deadlinesRows(mixedDirectory), store.envelopes);
    const kept = deadlinesOfRows();
    for (const row of table.values()) putDeadlinesRow(kept, row);
    const later = instantFromMillis(instantMillis(store.lastAt) + 3 * 24 * 3_600_000);
    keptDeadlineReport(kept, later, calendar);
    const other = fresh(calendar);
    expect(keptDeadlineReport(kept, later, other)).toEqual(deadlineReport(kept.state, later, other));
  });

  it('refuses a malformed instant or list length with the typed error deadlineReport gives, and keeps answering after it', () => {
    const store = fc.sample(mixedStoresRecordedUpTo(0), { seed: 12, numRuns: 1 })[0]!;
    const { table } = foldRows(deadlinesRows(mixedDirectory), store.envelopes);
    const kept = deadlinesOfRows();
    for (const row of table.values()) putDeadlinesRow(kept, row);
    for (const [now, options, field] of [
      ['2026-02-30T00:00:00.000Z', {}, 'now'],
      [store.lastAt, { listed: -1 }, 'listed'],
      [store.lastAt, { dueSoonWithin: { amount: -1, unit: 'calendarDays' } }, 'dueSoonWithin'],
      ['9999-12-31T12:00:00.000Z', {}, 'window'],
    ] as const) {
      let error: unknown;
      try {
        keptDeadlineReport(kept, now, calendar, options as DeadlineReportOptions);
      } catch (e) {
        error = e;
      }
      expect(isReportInputError(error), now).toBe(true);
      // The error names the report the caller asked for, not the one it shares its checks with.
      expect(isReportInputError(error) && error.field, now).toBe(`keptDeadlineReport: ${field}`);
    }
    expect(keptDeadlineReport(kept, store.lastAt, calendar)).toEqual(deadlineReport(kept.state, store.lastAt, fresh(calendar)));
  });
});
