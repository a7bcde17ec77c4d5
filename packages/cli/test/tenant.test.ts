import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/*
 * `--tenant`: one tenant of a store that several share (docs/tenancy.md), from the command line.
 * Two tenants' demo years in one file, each beside the same year in a file of its own.
 */

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const casefold = (args: readonly string[]) => runCasefold(args, { cwd: dir });
const shared = join(dir, 'city.db');
const YEARS = [
  { tenant: 'xishan', seed: 'west', own: join(dir, 'xishan.db') },
  { tenant: 'guandu', seed: 'east', own: join(dir, 'guandu.db') },
];
const CASES = '80';

/** A command's JSON figures, without where they were read and at which position (a tenant's positions are the shared file's). */
const figures = (run: Parameters<typeof jsonOf>[0]): unknown => {
  const { database: _database, position: _position, ...rest } = jsonOf(run) as Record<string, unknown>;
  return rest;
};

describe('casefold --tenant', () => {
  it('two tenants’ years in one file: each tenant’s dashboards, statistics and verification equal those of its year in a file of its own; the whole file verifies', { timeout: 300_000 }, async () => {
    for (const { tenant, seed, own } of YEARS) {
      // Given the same year in the shared file under the tenant, and in a file of its own
      const inShared = await casefold(['demo', '--db', shared, '--tenant', tenant, '--cases', CASES, '--seed', seed]);
      expect(inShared.code, inShared.stderr).toBe(0);
      const alone = await casefold(['demo', '--db', own, '--cases', CASES, '--seed', seed]);
      expect(alone.code, alone.stderr).toBe(0);
    }
    for (const { tenant, own } of YEARS) {
      // When each is read with --tenant, and its own file without
      for (const command of [
        ['dashboards', '--json'],
        ['stats', '--json'],
      ]) {
        const mine = await casefold([...command, '--db', shared, '--tenant', tenant]);
        const alone = await casefold([...command, '--db', own]);
        expect(mine.code, mine.stderr).toBe(0);
        // Then they are the same figures, read from the tenant's part of the file
        expect(figures(mine)).toEqual(figures(alone));
        if (command[0] === 'dashboards') expect((jsonOf(mine) as { database: string }).database).toContain(`tenant ${tenant}`);
      }
      const verified = await casefold(['verify', '--db', shared, '--tenant', tenant]);
      const alone = await casefold(['verify', '--db', own]);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout.match(/([\d,]+) events in ([\d,]+) streams/)?.slice(1)).toEqual(alone.stdout.match(/([\d,]+) events in ([\d,]+) streams/)?.slice(1));
    }
    const whole = await casefold(['verify', '--db', shared]);
    expect(whole.code, whole.stderr).toBe(0);
  });

  it('refuses what would reach beyond the tenant or cannot keep its hashes — demo --force (it replaces the whole file), import --tenant — and a malformed tenant id; nothing is changed', async () => {
    const before = readFileSync(shared);
    const forced = await casefold(['demo', '--db', shared, '--tenant', 'xishan', '--force']);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('--force replaces the whole database file');
    const imported = await casefold(['import', join(dir, 'none.ndjson'), '--db', join(dir, 'new.db'), '--tenant', 'xishan']);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain('import the file without --tenant');
    for (const bad of ['Xishan', 'xi/shan', 'x'.repeat(17), '1a']) {
      const refused = await casefold(['stats', '--db', shared, '--tenant', bad]);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toContain('--tenant must be a tenant id');
    }
    expect(readFileSync(shared).equals(before)).toBe(true);
  });
});
