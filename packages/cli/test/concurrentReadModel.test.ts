import { openDatabase } from '@casefold/sqlite';
import { describe, expect, it } from 'vitest';
import { demoCopy } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

const RECORD = 'casefold-cli.dashboards';

// Another command committing the read models all the time while dashboards folds: concurrentReadModel.rows.test.ts (dashboards reads the row read models).
describe('dashboards beside a replay', () => {
  it('dashboards and stats started together on a database without read models (document or rows) both succeed (the one that stores second starts again from what the first stored)', async () => {
    const { dir, db } = demoCopy();
    const setup = openDatabase({ fileName: db });
    setup.prepare('DELETE FROM projections WHERE name = ?').run(RECORD);
    setup.close();
    const runs = await Promise.all([runCasefold(['dashboards', '--db', db], { cwd: dir }), runCasefold(['stats', '--db', db], { cwd: dir }), runCasefold(['dashboards', '--db', db], { cwd: dir })]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
  }, 120_000);
});
