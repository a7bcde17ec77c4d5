import { describe, expect, it } from 'vitest';
import { caseBoardQuery, caseBoardRows } from '@casefold/core';
import { sampleDirectory, spreadBoardRow } from '@casefold/core/testing';
import { checkRowQuery, rowSql } from '@casefold/engine/adapter';
import { postgresRowDialect } from '../src/projections/getPostgresRowProjectionStore.js';
import { openTestStore, sql } from './support/testStore.js';

const directory = sampleDirectory();
const board = caseBoardRows(directory);

describe('PostgreSQL row queries use the declared indexes', () => {
  it("the board query for a sub-district's open cases (first page and the next) is an index scan with no sort", async () => {
    const store = await openTestStore();
    try {
      await store.rowProjections.reset(board, board.version, null);
      await store.rowProjections.commit(board, { version: board.version, position: 1n, put: Array.from({ length: 20_000 }, (_, i) => spreadBoardRow(i)), removed: [] }, 0n);
      await sql(`ANALYZE "${store.schema}"."rows_caseBoardRows"`);
      const first = caseBoardQuery(directory, { unit: 'majie', open: true, limit: 20 });
      const page = await store.rowProjections.query(board, first);
      expect(page.rows.map((r) => r.caseId)).toEqual(
        Array.from({ length: 250 }, (_, k) => k * 80)
          .filter((i) => i % 3 !== 2)
          .slice(0, 20)
          .map((i) => `C-${i}`),
      );
      const plan = async (query: ReturnType<typeof caseBoardQuery>): Promise<string> => {
        const { text, values } = rowSql(board, postgresRowDialect(`"${store.schema}"`)).query(checkRowQuery(board, query));
        const rows = await sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, [...values]);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      };
      for (const query of [first, { ...first, after: page.next! }]) {
        const detail = await plan(query);
        expect(detail).toContain('Index Scan using "rows_caseBoardRows__bySubDistrict"');
        expect(detail).not.toMatch(/Sort|Seq Scan/);
      }
      const byKind = await plan(caseBoardQuery(directory, { kind: 'petition', status: 'pending', limit: 20 }));
      expect(byKind).toContain('Index Scan using "rows_caseBoardRows__byKindStatus"');
      expect(byKind).not.toMatch(/Sort|Seq Scan/);
    } finally {
      await store.dispose();
    }
  });
});
