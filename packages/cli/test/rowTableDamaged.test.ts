import { RowModelError } from '@casefold/engine';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeOf } from '../src/cli/exitCodes.js';
import { demoCopy, onDatabase, tempDir } from './support/demoDatabase.js';
import { join } from 'node:path';
import { runCasefold } from './support/runCasefold.js';
import { openStore, parseStoreLocation } from '../src/index.js';

describe('a built-in row table dropped or changed behind the store’s back', () => {
  it('dashboards and stats stop with the store’s exit code and a message saying `casefold replay` rebuilds it, no stack; replay does', async () => {
    const { dir, db } = demoCopy();
    const casefold = (args: readonly string[]) => runCasefold(args, { cwd: dir });
    expect((await casefold(['dashboards', '--db', db])).code).toBe(EXIT.ok);
    onDatabase(db, (handle) => handle.exec('DROP TABLE "rows_caseBoardRows"'));
    for (const command of ['dashboards', 'stats']) {
      const damaged = await casefold([command, '--db', db]);
      expect({ command, code: damaged.code }).toEqual({ command, code: EXIT.store });
      expect(damaged.stderr).toContain('its table rows_caseBoardRows is missing');
      expect(damaged.stderr).toContain('`casefold replay` rebuilds');
      expect(damaged.stderr).not.toContain("row store's delete"); // not a step a CLI user can take
      expect(damaged.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
    }
    expect((await casefold(['replay', '--db', db])).code).toBe(EXIT.ok);
    expect((await casefold(['dashboards', '--db', db])).code).toBe(EXIT.ok);
  });

  it('a table whose columns are not the definition’s exits 4 the same way', async () => {
    const { dir, db } = demoCopy();
    const casefold = (args: readonly string[]) => runCasefold(args, { cwd: dir });
    expect((await casefold(['dashboards', '--db', db])).code).toBe(EXIT.ok);
    onDatabase(db, (handle) => handle.exec('ALTER TABLE "rows_statisticsRows" ADD COLUMN "extra" TEXT'));
    const damaged = await casefold(['stats', '--db', db]);
    expect(damaged.code).toBe(EXIT.store);
    expect(damaged.stderr).toContain('its table rows_statisticsRows does not have the columns of this definition');
    expect(damaged.stderr).toContain('`casefold replay` rebuilds');
    expect(damaged.stderr).not.toMatch(/\n\s+at /);
    expect((await casefold(['replay', '--db', db])).code).toBe(EXIT.ok);
    expect((await casefold(['stats', '--db', db])).code).toBe(EXIT.ok);
  });

  it('a tenant’s built-in row table dropped: the same exit code and advice', async () => {
    const dir = tempDir();
    const db = join(dir, 'shared.db');
    const casefold = (args: readonly string[]) => runCasefold(args, { cwd: dir });
    expect((await casefold(['demo', '--db', db, '--tenant', 'xishan', '--cases', '40', '--seed', 'west'])).code).toBe(EXIT.ok);
    expect((await casefold(['dashboards', '--db', db, '--tenant', 'xishan'])).code).toBe(EXIT.ok);
    onDatabase(db, (handle) => handle.exec('DROP TABLE "rows_xishan__caseBoardRows"'));
    const damaged = await casefold(['dashboards', '--db', db, '--tenant', 'xishan']);
    expect(damaged.code).toBe(EXIT.store);
    expect(damaged.stderr).toContain('its table rows_xishan__caseBoardRows is missing');
    expect(damaged.stderr).toContain('`casefold replay` rebuilds');
    expect(damaged.stderr).not.toMatch(/\n\s+at /);
    expect((await casefold(['replay', '--db', db, '--tenant', 'xishan'])).code).toBe(EXIT.ok);
    expect((await casefold(['dashboards', '--db', db, '--tenant', 'xishan'])).code).toBe(EXIT.ok);
  });

  it('a row model misused by code (not the store damaged) is still an internal error: what the store holds decides (RowModelError.inStore), not the wording', () => {
    expect(exitCodeOf(new RowModelError('caseBoardRows', `row "case-7": column 'open' must be a safe integer, got "yes"`))).toBe(EXIT.internal);
    expect(exitCodeOf(new RowModelError('caseBoardRows', 'row "case-7" is put twice in one commit; put each key once'))).toBe(EXIT.internal);
    const missing = 'its table rows_caseBoardRows is missing although a checkpoint is stored';
    expect(exitCodeOf(new RowModelError('caseBoardRows', missing))).toBe(EXIT.internal);
    for (const inStore of ['tableMissing', 'otherTable', 'storedValue', 'nameTaken'] as const) expect(exitCodeOf(new RowModelError('caseBoardRows', missing, 'rebuild', inStore))).toBe(EXIT.store);
  });

  it("an analyst's row projection named like a built-in one ignoring case (caseboardrows): dashboards exit 4 saying which projection holds the name and to rename or delete it, no stack; its rows are kept", async () => {
    const { dir, db } = demoCopy();
    const store = await openStore(parseStoreLocation({ db }), { cwd: dir });
    const model = { name: 'caseboardrows', table: { key: 'k', columns: { k: { type: 'text' } }, indexes: {} } } as const;
    try {
      const rows = store.rowProjections!; // a SQLite file's store keeps row projections
      // The analyst's projection came first: the demo copy may already hold the built-in table (if a test built it), so it goes.
      await rows.delete('caseBoardRows');
      await rows.reset(model, 1, null);
      await rows.commit(model, { version: 1, position: 1n, put: [{ k: 'mine' }], removed: [] }, 0n);
    } finally {
      await store.close();
    }
    const run = await runCasefold(['dashboards', '--db', db], { cwd: dir });
    expect(run.code, run.stderr).toBe(EXIT.store);
    expect(run.stderr).toContain("Row projection 'caseBoardRows': its name and the name of row projection 'caseboardrows' are equal ignoring case");
    expect(run.stderr).toContain("delete row projection 'caseboardrows' first");
    expect(run.stderr).not.toContain('`casefold replay` rebuilds'); // replay would meet the same name
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(onDatabase(db, (handle) => handle.prepare('SELECT k FROM "rows_caseboardrows"').all())).toEqual([{ k: 'mine' }]);
  });
});
