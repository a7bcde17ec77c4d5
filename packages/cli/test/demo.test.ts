import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

describe('casefold demo', () => {
  it('the same seed gives the same events and output; it refuses a database with events unless --force', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([
      runCasefold(['demo', '--db', 'a.db', '--cases', '120', '--seed', 'same'], { cwd: dir }),
      runCasefold(['demo', '--db', 'b.db', '--cases', '120', '--seed', 'same'], { cwd: dir }),
    ]);
    for (const run of [a, b]) expect(run.code, run.stderr).toBe(0);
    expect(a.stdout.replace("'a.db'", "'x'")).toBe(b.stdout.replace("'b.db'", "'x'"));
    expect(databaseDigest(join(dir, 'a.db'), { eventsOnly: true })).toEqual(databaseDigest(join(dir, 'b.db'), { eventsOnly: true }));
    expect(databaseDigest(join(dir, 'a.db'), { eventsOnly: true }).digest).not.toBe(databaseDigest(demoDatabase(), { eventsOnly: true }).digest);
    expect(a.stderr).toMatch(/Simulated, stored and projected in [\d.]+ s/);

    const before = databaseDigest(join(dir, 'a.db'));
    const [refused, forced] = await Promise.all([
      runCasefold(['demo', '--db', 'a.db', '--cases', '20'], { cwd: dir }),
      runCasefold(['demo', '--db', 'b.db', '--cases', '25', '--force', '--json'], { cwd: dir }),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('a.db already holds');
    expect(databaseDigest(join(dir, 'a.db'))).toEqual(before);
    expect(forced.code, forced.stderr).toBe(0);
    // The file name as a value, not the quoted form the messages print.
    expect(JSON.parse(forced.stdout)).toMatchObject({ requests: 25, database: 'b.db' });
    expect(databaseDigest(join(dir, 'b.db')).events).toBe((JSON.parse(forced.stdout) as { events: number }).events);
  });
});
