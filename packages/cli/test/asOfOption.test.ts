/**
 * `--as-of` (deadlines judged at an instant) refuses an instant that is not a real one, and an
 * instant whose due-soon window would run past the last instant casefold writes, with a usage
 * error in the output's language (exit 2), no stack trace; the database is not changed.
 */
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoCopy } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

describe('dashboards --as-of', () => {
  it.each(['2025-02-30T00:00:00Z', '2025-04-31T08:00Z', '2025-01-01T24:00:00Z', '2025-01-01T23:60:00Z', '2025-01-01T23:00:61Z'])(
    'refuses %s, which Date.parse would roll over into another instant: exit 2 naming the option',
    async (asOf) => {
      const { dir, db } = demoCopy();
      const before = databaseDigest(db, { eventsOnly: true });
      const run = await runCasefold(['dashboards', '--db', db, '--as-of', asOf], { cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('--as-of');
      expect(run.stdout).toBe('');
      expect(databaseDigest(db, { eventsOnly: true })).toEqual(before);
    },
    120_000,
  );

  it('refuses an instant whose due-soon window would run past 9999-12-31, in English and in Chinese, without a stack trace', async () => {
    const { dir, db } = demoCopy();
    const en = await runCasefold(['dashboards', '--db', db, '--as-of', '9999-12-31T00:00:00Z'], { cwd: dir });
    expect(en.code, en.stderr).toBe(2);
    expect(en.stderr).toContain('would end after 9999-12-31T23:59:59.999Z');
    expect(en.stderr).not.toMatch(/\n\s+at /);
    const zh = await runCasefold(['dashboards', '--db', db, '--as-of', '9999-12-31T00:00:00Z', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.code, zh.stderr).toBe(2);
    expect(zh.stderr).toContain('请在更早的时刻判定时限');
    const fine = await runCasefold(['dashboards', '--db', db, '--as-of', '2026-06-30T16:00:00.000Z', '--json'], { cwd: dir });
    expect(fine.code, fine.stderr).toBe(0);
    expect((JSON.parse(fine.stdout) as { dashboards: { asOf: string } }).dashboards.asOf).toBe('2026-06-30T16:00:00.000Z');
  }, 240_000);
});
