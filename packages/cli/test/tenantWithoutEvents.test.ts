import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { tempDir } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

/*
 * `--tenant` with a tenant the store holds no events of — a misspelt tenant id, most often.
 * A command that reads must not answer for it as if it were an empty store (verify: "every
 * hash chain is intact", checkpoint: a signed commitment to nothing) nor leave read models of
 * a tenant that does not exist in the shared file: it is refused as a store without events is.
 */

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const casefold = (args: readonly string[]) => runCasefold(args, { cwd: dir });
const shared = join(dir, 'city.db');

describe('casefold --tenant TENANT for a tenant without events', () => {
  beforeAll(async () => {
    const demo = await casefold(['demo', '--db', shared, '--tenant', 'xishan', '--cases', '40']);
    expect(demo.code, demo.stderr).toBe(0);
  }, 120_000);

  it('verify, checkpoint, dashboards, stats, replay, timeline and export refuse it with exit 4 naming the tenant; the file is unchanged and no checkpoint or export is written', async () => {
    const before = databaseDigest(shared);
    const key = join(dir, 'signer');
    expect((await casefold(['checkpoint', '--new-key', key])).code).toBe(0);
    const commands = [
      ['verify'],
      ['checkpoint', '--key', key, '--out', join(dir, 'cp.json')],
      ['dashboards'],
      ['stats'],
      ['replay'],
      ['timeline', 'PL-2025-00001-mediation'],
      ['export', '--out', join(dir, 'x.ndjson')],
    ];
    for (const command of commands) {
      // When a command reads a tenant the file holds no events of (xishan misspelt)
      const run = await casefold([...command, '--db', shared, '--tenant', 'xishn']);
      // Then it is refused as a store without events: what, where and what to do
      expect(run.code, `${command[0]}: ${run.stdout}${run.stderr}`).toBe(4);
      expect(run.stderr).toContain("holds no events of tenant 'xishn'");
      expect(run.stderr).toContain('check --tenant');
      expect(run.stdout).not.toContain('OK');
    }
    // And nothing was written: no read model of the phantom tenant, no checkpoint, no export
    expect(databaseDigest(shared)).toEqual(before);
    expect(existsSync(join(dir, 'cp.json'))).toBe(false);
    expect(existsSync(join(dir, 'x.ndjson'))).toBe(false);
    // While the tenant that is there still verifies
    const verified = await casefold(['verify', '--db', shared, '--tenant', 'xishan']);
    expect(verified.code, verified.stderr).toBe(0);
  }, 300_000);
});
