import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { countEvents, runLockedPartWay } from './support/lockedPartWay.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { writeSyntheticExport } from './support/syntheticExport.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

describe('import: bounded memory, odd files, and the truth about a write that stopped', () => {
  let exported: string;
  beforeAll(async () => {
    const dir = tempDir();
    exported = join(dir, 'demo.ndjson');
    const run = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: demoDatabase() })), '--out', exported, '--db', demoDatabase()], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
  });

  it('/dev/zero (no line end at all) is refused with the line and the limit, exit 3, nothing created', async () => {
    const dir = tempDir();
    const run = await runCasefold(['import', '/dev/zero', '--db', 'zero.db'], { cwd: dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('/dev/zero, line 1: line 1 is longer than 32 MiB, the limit for one event');
    expect(run.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(existsSync(join(dir, 'zero.db'))).toBe(false);
  }, 120_000);

  it('a line over the limit after good lines: exit 3 naming that line; nothing imported', async () => {
    const dir = tempDir();
    const lines = readFileSync(exported, 'utf8').split('\n');
    writeFileSync(join(dir, 'long.ndjson'), [...lines.slice(0, 4), `{"kind":"event","data":"${'y'.repeat(33 * 1024 * 1024)}"}`, ...lines.slice(4)].join('\n'));
    const run = await runCasefold(['import', 'long.ndjson', '--db', 'long.db'], { cwd: dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('long.ndjson, line 5: line 5 is longer than 32 MiB');
    expect(existsSync(join(dir, 'long.db'))).toBe(false);
  }, 120_000);

  it('a byte-order mark, blank lines and CRLF line ends are accepted: the same events as the plain file', async () => {
    const dir = tempDir();
    const lines = readFileSync(exported, 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'bom.ndjson'), `\uFEFF${lines.slice(0, 3).join('\r\n')}\r\n\r\n   \n${lines.slice(3).join('\n\n')}\n\n`);
    const run = await runCasefold(['import', 'bom.ndjson', '--db', 'bom.db', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run)).toMatchObject({ events: lines.length - 2, streams: (JSON.parse(lines[lines.length - 1]!) as { streams: number }).streams });
    expect(databaseDigest(join(dir, 'bom.db'), { eventsOnly: true })).toEqual(databaseDigest(demoDatabase(), { eventsOnly: true }));
  }, 120_000);

  it('imports a 60 MB export with a 40 MB heap (the whole file would not fit), and again from stdin', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.ndjson');
    const events = await writeSyntheticExport(file, { streams: 60, eventsPerStream: 100, dataChars: 10_000 });
    const small = { NODE_OPTIONS: '--max-old-space-size=40' };
    const run = await runCasefold(['import', 'big.ndjson', '--db', 'big.db', '--json'], { cwd: dir, env: small });
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(jsonOf(run)).toMatchObject({ events, streams: 60 });
    expect(countEvents(join(dir, 'big.db'))).toBe(6_000);
    const again = await runCasefold(['import', '-', '--db', 'big.db', '--json'], { cwd: dir, env: small, stdin: readFileSync(file, 'utf8') });
    expect(again.code, again.stderr.slice(-2000)).toBe(0);
    expect(jsonOf(again)).toMatchObject({ events: 0, alreadyStored: events });
  }, 300_000);

  it('a stream whose events together exceed what one append carries (MAX_APPEND_BYTES) is imported in several appends, not refused: 8 events of 30 MiB', async () => {
    const dir = tempDir();
    const file = join(dir, 'large.ndjson');
    // Each line is under the 32 MiB a line may hold; the stream's 8 lines together (240 MiB) are over MAX_APPEND_BYTES (200 MiB).
    const events = await writeSyntheticExport(file, { streams: 1, eventsPerStream: 8, dataChars: 30 * 1024 * 1024 });
    const run = await runCasefold(['import', 'large.ndjson', '--db', 'large.db', '--json'], { cwd: dir });
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(jsonOf(run)).toMatchObject({ events, streams: 1 });
    expect(countEvents(join(dir, 'large.db'))).toBe(8);
    const verify = await runCasefold(['verify', '--db', 'large.db'], { cwd: dir });
    expect(verify.code, verify.stderr).toBe(0);
  }, 240_000);

  it('a store locked part-way through: exit 6 saying how many events were written (all there, intact); a second run completes it', async () => {
    const dir = tempDir();
    const file = join(dir, 'many.ndjson');
    const events = await writeSyntheticExport(file, { streams: 20_000, eventsPerStream: 1, dataChars: 10 });
    const db = join(dir, 'many.db');
    // Once the import has written some events, another process takes the write lock and keeps it.
    const { run, written } = await runLockedPartWay(['import', file, '--db', db, '--lock-timeout', '300'], { cwd: dir, db });
    expect(run.code, run.stderr).toBe(6);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(events);
    expect(run.stderr).toContain(
      `import stopped after ${written.toLocaleString('en-US')} ${written === 1 ? 'event was' : 'events were'} written: the database is locked: another process holds its write lock`,
    );
    expect(run.stderr).toContain('run the same import again to complete it');
    expect(run.stderr).not.toContain('nothing was changed');

    const verify = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const again = await runCasefold(['import', file, '--db', db, '--json'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again)).toMatchObject({ events: events - written, alreadyStored: written });
    expect(countEvents(db)).toBe(events);
  }, 300_000);

  it("a header whose jurisdiction directory holds a unit '__proto__' is refused (exit 3), the database unchanged; dashboards still work", async () => {
    const dir = tempDir();
    const lines = readFileSync(exported, 'utf8').split('\n');
    const header = JSON.parse(lines[0]!) as { directory: { id: string; level: string; parent: string | null }[] };
    const community = header.directory.find((unit) => unit.level === 'community')!;
    header.directory.push({ ...community, id: '__proto__' });
    writeFileSync(join(dir, 'proto.ndjson'), [JSON.stringify(header), ...lines.slice(1)].join('\n'));
    const db = join(dir, 'proto.db');
    const seed = await runCasefold(['import', exported, '--db', db], { cwd: dir });
    expect(seed.code, seed.stderr).toBe(0);
    // The database has the events but no directory yet, so an accepted header would be imported.
    const raw = openDatabase({ fileName: db });
    raw.prepare("DELETE FROM projections WHERE name = 'casefold-cli.setting.directory'").run();
    raw.close();
    const before = databaseDigest(db);
    const run = await runCasefold(['import', 'proto.ndjson', '--db', db], { cwd: dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`proto.ndjson, line 1: the header's jurisdiction directory is invalid: ${header.directory.length - 1}.id: unit id "__proto__" is reserved`);
    expect(databaseDigest(db)).toEqual(before);
    const dashboards = await runCasefold(['dashboards', '--db', db], { cwd: dir });
    expect(dashboards.code, dashboards.stderr).toBe(0);
  }, 120_000);
});
