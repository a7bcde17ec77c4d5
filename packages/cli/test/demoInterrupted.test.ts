import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { countEvents, runLockedPartWay } from './support/lockedPartWay.js';
import { runCasefold } from './support/runCasefold.js';

describe('demo stopped part-way', () => {
  it('another process takes the write lock while the demo writes: exit 6 saying how many events were written (all there, intact); --force then replaces the file', async () => {
    const dir = tempDir();
    const db = join(dir, 'demo.db');
    // Once the demo has written some events, another process takes the write lock and keeps it.
    const { run, written } = await runLockedPartWay(['demo', '--cases', '3000', '--db', db, '--lock-timeout', '300'], { cwd: dir, db });

    expect(run.code, run.stderr).toBe(6);
    expect(written).toBeGreaterThan(0);
    expect(run.stderr).toContain(
      `demo stopped after ${written.toLocaleString('en-US')} ${written === 1 ? 'event was' : 'events were'} written: the database is locked: another process holds its write lock`,
    );
    expect(run.stderr).toContain('run `casefold demo --force` with the same options to replace it');
    expect(run.stderr).not.toContain('nothing was changed');
    const verify = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const again = await runCasefold(['demo', '--cases', '30', '--db', db, '--force', '--json'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(countEvents(db)).toBe((JSON.parse(again.stdout) as { events: number }).events);
  }, 300_000);
});
