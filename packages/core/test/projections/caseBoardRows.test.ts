import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type Envelope, type RowCountQuery, type RowGroupCount, type Rows, ancestry, isSelfOrAbove } from '@casefold/core';
import {
  type CaseBoardRow,
  boardEntryOf,
  caseBoardCountQuery,
  caseBoardCountsOf,
  caseBoardProjection,
  caseBoardQuery,
  caseBoardRows,
  caseBoardTotalQuery,
  casesOnBoard,
  countsOnBoard,
} from '../../src/projections/index.js';
import { entriesIn } from '../../src/projections/shared/shardedRecord.js';
import { mixedDirectory, mixedStores } from './mixedStores.js';
import { project } from './project.js';

const boardRows = caseBoardRows(mixedDirectory);

/** Folds envelopes into a map of rows, letting `apply` touch only the keys `keysOf` names (as the engine does). */
const foldRows = (envelopes: readonly Envelope<AnyCaseEvent>[]): Map<string, CaseBoardRow> => {
  const table = new Map<string, CaseBoardRow>();
  for (const envelope of envelopes) {
    const keys = boardRows.keysOf(envelope);
    const only = (key: string): string => {
      if (!keys.includes(key)) throw new Error(`apply touched ${key}, not named by keysOf (${keys.join(', ')})`);
      return key;
    };
    const rows: Rows<CaseBoardRow> = {
      get: (key) => table.get(only(key)),
      put: (row) => void table.set(only(row.streamId), row),
      remove: (key) => void table.delete(only(key)),
    };
    boardRows.apply(rows, envelope);
  }
  return table;
};

const units = [...mixedDirectory.units.keys()];

/** A count as a row store answers it (the stores' conformance suite checks they equal this plain count). */
const plainCount = (rows: readonly CaseBoardRow[], query: RowCountQuery<CaseBoardRow>): RowGroupCount[] => {
  const by = query.by ?? [];
  const groups = new Map<string, RowGroupCount>(by.length === 0 ? [['[]', { values: [], count: 0 }]] : []);
  for (const row of rows.filter((r) => Object.entries(query.where ?? {}).every(([column, value]) => r[column as keyof CaseBoardRow] === value))) {
    const values = by.map((column) => row[column]);
    const group = JSON.stringify(values);
    groups.set(group, { values, count: (groups.get(group)?.count ?? 0) + 1 });
  }
  return [...groups.values()];
};

describe('caseBoardRows: for all histories of every kind', () => {
  it('each case has one row, equal to the document board entry, with its subtree columns, open flag and submission time', () => {
    fc.assert(
      fc.property(mixedStores, (store) => {
        const rows = [...foldRows(store.envelopes).values()];
        const board = project(caseBoardProjection, store.envelopes);
        expect(Object.fromEntries(rows.map((row) => [row.caseId, boardEntryOf(row)]))).toEqual(Object.fromEntries(entriesIn(board.cases)));
        for (const row of rows) {
          const above = new Map(ancestry(mixedDirectory, row.unit).map((u) => [u.level, u.id]));
          expect(row).toMatchObject({
            districtUnit: above.get('district') ?? null,
            subDistrictUnit: above.get('subDistrict') ?? null,
            communityUnit: above.get('community') ?? null,
            gridUnit: above.get('grid') ?? null,
            open: row.stage === 'closed' ? 0 : 1,
            submittedMs: Date.parse(row.submittedAt),
          });
          expect(store.envelopes.find((e) => e.event.type === 'Submitted' && e.streamId === row.streamId)?.event).toMatchObject({ data: { caseId: row.caseId } });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the counts from the rows equal the document board's: its running counts, one kind's countsOnBoard, and a listing's total", () => {
    fc.assert(
      fc.property(mixedStores, fc.constantFrom(...units), fc.constantFrom('mediation', 'petition', 'gridEvent', 'legalAid', 'legalConsultation', 'nope'), (store, unit, kind) => {
        const rows = [...foldRows(store.envelopes).values()];
        const board = project(caseBoardProjection, store.envelopes);
        expect(caseBoardCountsOf(plainCount(rows, caseBoardCountQuery()))).toEqual(board.counts);
        expect(caseBoardCountsOf(plainCount(rows, caseBoardCountQuery({ kind })))).toEqual(countsOnBoard(board, { kind }));
        const [{ count }] = plainCount(rows, caseBoardTotalQuery(mixedDirectory, { unit, kind })) as [RowGroupCount];
        expect(count).toBe(casesOnBoard(board, { kind }).filter((entry) => isSelfOrAbove(mixedDirectory, entry.unit, unit)).length);
      }),
      { numRuns: 300 },
    );
  });

  it("a unit's query selects exactly the cases held in its subtree, with the other criteria, in casesOnBoard's order", () => {
    fc.assert(
      fc.property(mixedStores, fc.constantFrom(...units), fc.option(fc.boolean(), { nil: undefined }), (store, unit, open) => {
        const rows = [...foldRows(store.envelopes).values()];
        const query = caseBoardQuery(mixedDirectory, { unit, ...(open === undefined ? {} : { open }), limit: 50 });
        expect(query.orderBy).toEqual(['submittedMs', 'caseId']);
        const selected = rows
          .filter((row) => Object.entries(query.where ?? {}).every(([column, value]) => row[column as keyof CaseBoardRow] === value))
          .sort((a, b) => a.submittedMs - b.submittedMs || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
        const board = project(caseBoardProjection, store.envelopes);
        const expected = casesOnBoard(board, open === undefined ? {} : { open }).filter((entry) => isSelfOrAbove(mixedDirectory, entry.unit, unit));
        expect(selected.map(boardEntryOf)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
