import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exitCodes.js';
import { demoCopy, onDatabase } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

const { dir, db } = demoCopy();
const casefold = (args: readonly string[]) => runCasefold(args, { cwd: dir });

describe('a read-model row damaged behind the store’s back', () => {
  it('dashboards stops with the store’s exit code and a message naming the row, column and what to do; replay rebuilds it', async () => {
    expect((await casefold(['dashboards', '--db', db])).code).toBe(EXIT.ok);
    const streamId = onDatabase(db, (handle) => {
      const row = handle.prepare<[], { streamId: string }>(`SELECT "streamId" FROM "rows_deadlinesRows" LIMIT 1`).get()!;
      handle.prepare(`UPDATE "rows_deadlinesRows" SET "clocks" = '{not json' WHERE "streamId" = ?`).run(row.streamId);
      return row.streamId;
    });
    const damaged = await casefold(['dashboards', '--db', db]);
    expect(damaged.code).toBe(EXIT.store);
    expect(damaged.stderr).toContain(`Row projection 'deadlinesRows', row ${JSON.stringify(streamId)}, column 'clocks'`);
    expect(damaged.stderr).toContain('casefold replay');
    expect(damaged.stderr).not.toMatch(/\n\s+at /); // a message, not a stack
    expect((await casefold(['replay', '--db', db])).code).toBe(EXIT.ok);
    expect((await casefold(['dashboards', '--db', db])).code).toBe(EXIT.ok);
  });
});
