import fc from 'fast-check';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { type Duration, instantFromMillis, instantMillis, isSelfOrAbove } from '@casefold/core';
import { type DeadlinesRow, type DeadlinesState, deadlineReport, deadlineReportOfRows, deadlinesProjection, deadlinesQuery, deadlinesRows, isReportInputError } from '../../src/projections/index.js';
import { deleteIn, entriesIn, getIn, valuesIn } from '../../src/projections/shared/shardedRecord.js';
import { calendar } from '../support/fixtures.js';
import { mixedStoresRecordedLate, mixedStoresRecordedUpTo } from './lateRecording.js';
import { mixedDirectory } from './mixedStores.js';
import { project } from './project.js';
import { foldRows, queryRows } from './rowFold.js';

const clockRows = deadlinesRows(mixedDirectory);
const units = [...mixedDirectory.units.keys()];
const KINDS = ['mediation', 'petition', 'gridEvent', 'legalAid', 'legalConsultation'] as const;
const WINDOWS: readonly Duration[] = [
  { amount: 2, unit: 'workingDays' },
  { amount: 0, unit: 'workingDays' },
  { amount: 5, unit: 'calendarDays' },
  { amount: 16, unit: 'workingHours' },
  // Wide enough that open clocks often fall due within it (the non-vacuity check below counts them).
  { amount: 30, unit: 'calendarDays' },
];

/** Reads every page of a query, as a caller would. */
const readAll = (table: ReadonlyMap<string, DeadlinesRow>, options: { unit?: string; kind?: string }, limit: number): DeadlinesRow[] => {
  const query = { ...deadlinesQuery(mixedDirectory, options), limit };
  const rows: DeadlinesRow[] = [];
  for (let page = queryRows(clockRows, table, query); ; page = queryRows(clockRows, table, { ...query, after: page.next ?? [] })) {
    rows.push(...page.rows);
    if (page.next === null) return rows;
  }
};

/** The document state of the open cases held in a unit's subtree, with their late-recorded stops (what a unit's report covers). */
const heldIn = (state: DeadlinesState, unit: string): DeadlinesState =>
  produce(state, (draft) => {
    for (const [caseId, record] of entriesIn(state.cases)) {
      if (isSelfOrAbove(mixedDirectory, record.unit, unit)) continue;
      deleteIn(draft.cases, caseId);
      deleteIn(draft.recordedLate, caseId);
    }
    for (const [caseId] of entriesIn(state.recordedLate)) if (getIn(state.cases, caseId) === undefined) deleteIn(draft.recordedLate, caseId);
  });

describe('deadlinesRows: for all histories of every kind', () => {
  it('the report of the rows a unit and kind query selects, page by page, equals deadlineReport over the document deadlines (of the unit’s open cases)', () => {
    // Seen in some run: else the equality could hold for want of such deadlines.
    const seen = { dueSoon: 0, breached: 0, extended: 0, paused: 0, onTimeRecordedLate: 0 };
    fc.assert(
      fc.property(
        // Some events recorded up to ten days late: stops dated before the due time and recorded after it.
        mixedStoresRecordedUpTo(10 * 24 * 60),
        // Now: often within hours of the last event (where deadlines fall due soon), else up to 40 days on (breached).
        fc.oneof(fc.nat({ max: 8 * 60 }), fc.nat({ max: 40 * 24 * 60 })),
        fc.constantFrom(...WINDOWS),
        // A unit and a kind each half the time: the non-vacuity check below counts what the reports hold, fewer the narrower the query.
        fc.option(fc.constantFrom(...units), { nil: undefined, freq: 2 }),
        fc.option(fc.constantFrom(...KINDS), { nil: undefined, freq: 2 }),
        fc.integer({ min: 1, max: 4 }),
        (store, laterMinutes, dueSoonWithin, unit, kind, limit) => {
          const now = instantFromMillis(instantMillis(store.lastAt) + laterMinutes * 60_000);
          const options = { dueSoonWithin, ...(kind === undefined ? {} : { kind }) };
          const { table } = foldRows(clockRows, store.envelopes);
          const rows = readAll(table, { ...(unit === undefined ? {} : { unit }), ...(kind === undefined ? {} : { kind }) }, limit);
          const document = project(deadlinesProjection, store.envelopes);
          const expected = deadlineReport(unit === undefined ? document : heldIn(document, unit), now, calendar, options);
          expect(deadlineReportOfRows(rows, now, calendar, options)).toEqual(expected);
          seen.dueSoon += expected.dueSoon.length;
          seen.breached += expected.breached.length;
          seen.extended += expected.extended.length;
          seen.paused += expected.totals.paused;
          seen.onTimeRecordedLate += expected.onTimeRecordedLate.length;
          // Answered from the index: every row read is of the kind asked for, and with a unit, an open case held in its subtree.
          for (const row of rows) {
            if (kind !== undefined) expect(row.kind).toBe(kind);
            if (unit !== undefined) expect(row.open === 1 && isSelfOrAbove(mixedDirectory, row.unit, unit)).toBe(true);
          }
        },
      ),
      { numRuns: 1_000 },
    );
    expect(
      Object.values(seen).every((count) => count > 0),
      JSON.stringify(seen),
    ).toBe(true);
  });

  it('each event changes its own case’s row only: a row per open case and per closed case with late-recorded stops', () => {
    fc.assert(
      fc.property(mixedStoresRecordedLate, (store) => {
        const { table, mostKeysPerEvent } = foldRows(clockRows, store.envelopes);
        expect(mostKeysPerEvent).toBe(store.envelopes.length === 0 ? 0 : 1);
        const document = project(deadlinesProjection, store.envelopes);
        const expected = new Set([...valuesIn(document.cases).map((c) => c.caseId), ...valuesIn(document.recordedLate).map((c) => c.caseId)]);
        expect([...table.values()].map((row) => row.caseId).sort()).toEqual([...expected].sort());
        expect(
          [...table.values()]
            .filter((row) => row.open === 1)
            .map((row) => row.caseId)
            .sort(),
        ).toEqual(
          valuesIn(document.cases)
            .map((c) => c.caseId)
            .sort(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a unit the directory does not know with a typed error naming the argument', () => {
    let error: unknown;
    try {
      deadlinesQuery(mixedDirectory, { unit: 'no-such-unit' });
    } catch (e) {
      error = e;
    }
    expect(isReportInputError(error) && error.field).toBe('deadlinesQuery: unit');
  });
});
