import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { caseBoardQuery, caseBoardRows } from '@casefold/core';
import { sampleDirectory, spreadBoardRow } from '@casefold/core/testing';
import { checkRowQuery, rowSql } from '@casefold/engine/adapter';
import { getSqliteEventStore } from '@casefold/sqlite';
import { sqliteRowDialect } from '../src/projections/getSqliteRowProjectionStore.js';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const directory = sampleDirectory();
const board = caseBoardRows(directory);

describe('SQLite row queries use the declared indexes', () => {
  it("the board query for a sub-district's open cases (first page and the next) searches its index and sorts nothing", async () => {
    const fileName = dir.file('plans.db');
    const store = getSqliteEventStore({ fileName });
    await store.rowProjections.reset(board, board.version, null);
    await store.rowProjections.commit(board, { version: board.version, position: 1n, put: Array.from({ length: 8_000 }, (_, i) => spreadBoardRow(i)), removed: [] }, 0n);
    const first = caseBoardQuery(directory, { unit: 'majie', open: true, limit: 20 });
    const page = await store.rowProjections.query(board, first);
    expect(page.rows.map((r) => r.caseId)).toEqual(
      Array.from({ length: 240 }, (_, k) => k * 80)
        .filter((i) => i % 3 !== 2)
        .slice(0, 20)
        .map((i) => `C-${i}`),
    );
    await store.close();

    const db = new BetterSqlite3(fileName, { readonly: true });
    const plan = (query: ReturnType<typeof caseBoardQuery>): string => {
      const { text, values } = rowSql(board, sqliteRowDialect).query(checkRowQuery(board, query));
      return db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${text}`)
        .all(...values)
        .map((row) => row.detail)
        .join('\n');
    };
    for (const query of [first, { ...first, after: page.next! }]) {
      const detail = plan(query);
      expect(detail).toContain('USING INDEX rows_caseBoardRows__bySubDistrict (subDistrictUnit=? AND open=?');
      expect(detail).not.toContain('TEMP B-TREE');
    }
    expect(plan(caseBoardQuery(directory, { kind: 'petition', status: 'pending', limit: 20 }))).toMatch(/USING INDEX rows_caseBoardRows__byKindStatus \(kind=\? AND status=\?\)(?![\s\S]*TEMP B-TREE)/);
    expect(plan(caseBoardQuery(directory, { unit: 'xishan', open: false, limit: 20, direction: 'desc' }))).toMatch(
      /USING INDEX rows_caseBoardRows__byDistrict \(districtUnit=\? AND open=\?\)(?![\s\S]*TEMP B-TREE)/,
    );
    db.close();
  });
});
