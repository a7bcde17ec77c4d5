import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { tempDir } from './support/demoDatabase.js';
import { type CasefoldRun, REPO_ROOT, runCasefold, runProcess } from './support/runCasefold.js';

/**
 * Runs `node scripts/run.mjs …` (what `npm run demo` and `npm run casefold` run): the bundled
 * CLI. Without `CI`: under CI, run.mjs would install the workspace again before every run.
 */
const runQuickStart = (args: readonly string[]): Promise<CasefoldRun> =>
  runProcess(process.execPath, [join(REPO_ROOT, 'scripts', 'run.mjs'), ...args], { unset: ['CI'] });

describe('the quick start (scripts/run.mjs)', () => {
  it('runs the bundled CLI: the demo prints and stores exactly what the sources do, and its failures keep their exit codes', async () => {
    const dir = tempDir();
    const args = ['--cases', '60', '--seed', 'bundle'];
    const [bundled, sources] = await Promise.all([runQuickStart(['demo', '--db', join(dir, 'a.db'), ...args]), runCasefold(['demo', '--db', join(dir, 'b.db'), ...args], { cwd: dir })]);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(sources.code, sources.stderr).toBe(0);
    expect(bundled.stdout.replace(/'[^']*a\.db'/, 'DB')).toBe(sources.stdout.replace(/'[^']*b\.db'/, 'DB'));
    expect(databaseDigest(join(dir, 'a.db'), { eventsOnly: true })).toEqual(databaseDigest(join(dir, 'b.db'), { eventsOnly: true }));
    const verified = await runQuickStart(['casefold', 'verify', '--db', join(dir, 'a.db')]);
    expect(verified.code, verified.stderr).toBe(0);
    const unknown = await runQuickStart(['casefold', 'timeline', 'NO-SUCH-CASE', '--db', join(dir, 'a.db')]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('NO-SUCH-CASE');
  });
});
