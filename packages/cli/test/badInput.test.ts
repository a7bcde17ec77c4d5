import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventMetadata, GENESIS_HASH, type Json, eventHash } from '@casefold/engine';
import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseDigest, fileDigest } from './support/databaseDigest.js';
import { demoCopy, tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

/** Runs a command that must fail, and checks the database is exactly as before. */
const failsLeavingUnchanged = async (db: string, args: readonly string[], cwd: string) => {
  const before = databaseDigest(db);
  const run = await runCasefold(args, { cwd });
  expect(databaseDigest(db)).toEqual(before);
  return run;
};

describe('bad input: a clear message, a non-zero exit, and the database unchanged', () => {
  let copy: { readonly dir: string; readonly db: string };
  let exported: string;
  beforeAll(async () => {
    copy = demoCopy();
    exported = join(copy.dir, 'all.ndjson');
    const run = await runCasefold(['export', ...withPersonalData(copy.dir, await storeUnits(copy.dir, copy)), '--out', exported, '--db', copy.db], { cwd: copy.dir });
    expect(run.code, run.stderr).toBe(0);
  });

  it('an unknown case id: exit 3, says so and how to find case ids', async () => {
    const run = await failsLeavingUnchanged(copy.db, ['timeline', 'PL-2025-99999', '--db', copy.db], copy.dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('there is no case "PL-2025-99999"');
    expect(run.stderr).toContain('Case ids look like');
  });

  it('a request id where a case id is wanted (the demo cases are <request>-<kind>): exit 3, naming the cases of that request, which the store holds', async () => {
    // Given a case of the demo, and the id of its request alone
    const handle = openDatabase({ fileName: copy.db });
    const streamId = handle.prepare("SELECT stream_id FROM events WHERE stream_id LIKE 'case-%-gridEvent' ORDER BY position LIMIT 1").pluck().get() as string;
    handle.close();
    const caseId = streamId.slice('case-'.length);
    const request = caseId.slice(0, -'-gridEvent'.length);
    // When the timeline of the request id is asked for
    const run = await failsLeavingUnchanged(copy.db, ['timeline', request, '--db', copy.db], copy.dir);
    // Then it is refused, naming the case that is there (which works)
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`there is no case "${request}"`);
    expect(run.stderr).toContain(`Did you mean ${caseId}?`);
    const meant = await runCasefold(['timeline', caseId, '--db', copy.db], { cwd: copy.dir });
    expect(meant.code, meant.stderr).toBe(0);
  });

  it('an event changed so that it no longer decodes: timeline exits 4 naming the stream, revision and field, and saying that verify tells whether it was tampered with (it says so); in Chinese too', async () => {
    // Given an event whose data was changed after it was written, so that it fails to decode
    const { dir, db } = demoCopy();
    const handle = openDatabase({ fileName: db });
    const { stream_id: streamId, revision } = handle.prepare("SELECT stream_id, revision FROM events WHERE type = 'Closed' ORDER BY position LIMIT 1").get() as { stream_id: string; revision: number };
    handle.prepare("UPDATE events SET data = '{}' WHERE stream_id = ? AND revision = ?").run(streamId, revision);
    handle.close();
    // When the case is read
    const caseId = streamId.slice('case-'.length);
    const run = await failsLeavingUnchanged(db, ['timeline', caseId, '--db', db], dir);
    // Then the failure names the event and where to look: not only the codec (a developer's fix)
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`Cannot decode event 'Closed' at stream '${streamId}' revision ${revision}, field 'data.`);
    expect(run.stderr).toContain('run `casefold verify`');
    expect(run.stderr).not.toContain('EventDecodeError:');
    const chinese = await runCasefold(['timeline', caseId, '--db', db, '--lang', 'zh-CN'], { cwd: dir });
    expect(chinese.code).toBe(4);
    expect(chinese.stderr).toContain('无法解码存储中的事件');
    // And verify names it as changed
    const verify = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`revision: ${revision}`);
    expect(verify.stdout).toContain('kind:     changed');
  });

  it('a page of events damaged on disk: verify exits 4 saying the file is damaged and to restore it, without an error class for a prefix; in Chinese too', async () => {
    // Given a file whose page holding an event was overwritten (a failing disk, a stray write)
    const { dir, db } = demoCopy();
    const handle = openDatabase({ fileName: db });
    const eventId = handle.prepare('SELECT event_id FROM events ORDER BY position LIMIT 1 OFFSET 500').pluck().get() as string;
    handle.close();
    const bytes = readFileSync(db);
    const page = Math.floor(bytes.indexOf(eventId) / 4096);
    expect(page).toBeGreaterThan(0);
    bytes.fill(0xa5, page * 4096, (page + 1) * 4096);
    writeFileSync(db, bytes);
    // When it is verified
    const run = await runCasefold(['verify', '--db', db], { cwd: dir });
    // Then the message says what, where and what to do, as the store's own sentence
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^casefold: The database '.*casefold\.db' is damaged/);
    expect(run.stderr).toContain('restore the file from a backup');
    const chinese = await runCasefold(['verify', '--db', db, '--lang', 'zh-CN'], { cwd: dir });
    expect(chinese.code).toBe(4);
    expect(chinese.stderr).toMatch(/^casefold: 存储无法使用：The database '.*casefold\.db' is damaged/);
  });

  it('a missing database: exit 4, says how to create one, creates nothing', async () => {
    const dir = tempDir();
    const run = await runCasefold(['dashboards', '--db', 'missing.db'], { cwd: dir });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("Cannot use the store 'missing.db': there is no database there");
    expect(run.stderr).toContain('casefold demo --db FILE');
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  });

  it('a --db that cannot be opened (a missing directory, a directory): exit 4, says why and what to do, no stack trace', async () => {
    const dir = tempDir();
    const inMissingDir = await runCasefold(['demo', '--cases', '5', '--db', 'no-such-dir/new.db'], { cwd: dir });
    expect(inMissingDir.code, inMissingDir.stderr).toBe(4);
    expect(inMissingDir.stderr).toMatch(/Cannot use the store 'no-such-dir\/new\.db': the directory .*no-such-dir' does not exist\. Nothing was changed; create the directory first/);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
    const aDirectory = await runCasefold(['dashboards', '--db', '.'], { cwd: dir });
    expect(aDirectory.code, aDirectory.stderr).toBe(4);
    expect(aDirectory.stderr).toMatch(/Cannot use the store '\.'/);
    expect(`${inMissingDir.stderr}${aDirectory.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('a database locked by another process: exit 4, says to wait, changes nothing', async () => {
    const locker = openDatabase({ fileName: copy.db });
    locker.prepare('BEGIN IMMEDIATE').run();
    try {
      const before = databaseDigest(copy.db);
      const run = await runCasefold(['replay', '--lock-timeout', '200', '--db', copy.db], { cwd: copy.dir });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/locked|busy/);
      expect(run.stderr).toMatch(/wait for/i);
      expect(run.stderr).toContain('no event was written');
      expect(databaseDigest(copy.db)).toEqual(before);
    } finally {
      locker.prepare('ROLLBACK').run();
      locker.close();
    }
  });

  it('a database of a newer schema: exit 4, says to upgrade, leaves the file byte for byte', async () => {
    const dir = tempDir();
    const db = join(dir, 'future.db');
    const raw = openDatabase({ fileName: db });
    raw.prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', '2030-01-01')").run();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = fileDigest(db);
    const run = await runCasefold(['verify', '--db', 'future.db'], { cwd: dir });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('written by a newer casefold (schema version 99');
    expect(run.stderr).toContain('upgrade casefold');
    expect(fileDigest(db)).toBe(before);
  });

  it('malformed NDJSON: exit 3 with the line number and reason; nothing imported', async () => {
    const lines = readFileSync(exported, 'utf8').split('\n');
    const bad = join(copy.dir, 'bad.ndjson');
    writeFileSync(bad, [...lines.slice(0, 6), '{"kind":"event","streamId": oops}', ...lines.slice(7)].join('\n'));
    const run = await failsLeavingUnchanged(copy.db, ['import', 'bad.ndjson', '--db', copy.db], copy.dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('bad.ndjson, line 7: not valid JSON');
    expect(run.stderr).toContain('Nothing was imported');

    const fresh = join(tempDir(), 'fresh.db');
    const intoNew = await runCasefold(['import', bad, '--db', fresh], { cwd: copy.dir });
    expect(intoNew.code).toBe(3);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a changed event in the file: exit 3 naming the line, stream and revision', async () => {
    const lines = readFileSync(exported, 'utf8').split('\n');
    const event = JSON.parse(lines[40]!) as { streamId: string; revision: string; data: Record<string, unknown> };
    event.data['note'] = 'changed in the file';
    lines[40] = JSON.stringify(event);
    writeFileSync(join(copy.dir, 'changed.ndjson'), lines.join('\n'));
    const fresh = join(tempDir(), 'fresh.db');
    const run = await runCasefold(['import', 'changed.ndjson', '--db', fresh], { cwd: copy.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`changed.ndjson, line 41: stream '${event.streamId}' revision ${event.revision}: the hash does not match`);
    expect(existsSync(fresh)).toBe(false);
  });

  it('an import that would break a chain of the database: exit 3, nothing imported', async () => {
    // A file that is a valid chain on its own, but tells another story for a case the database has.
    const lines = readFileSync(exported, 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[1]!) as { streamId: string };
    let prevHash = GENESIS_HASH;
    const rewritten = lines
      .slice(1, -1)
      .map((line) => JSON.parse(line) as { streamId: string; revision: string; eventId: string; type: string; data: Json; metadata: EventMetadata; prevHash: string; hash: string })
      .filter((event) => event.streamId === first.streamId)
      .map((event) => {
        const data = event.revision === '0' ? { ...(event.data as Record<string, Json>), summary: 'Another story' } : event.data;
        const hash = eventHash(prevHash, { streamId: event.streamId, revision: BigInt(event.revision), eventId: event.eventId, type: event.type, data, metadata: event.metadata });
        const line = JSON.stringify({ ...event, data, prevHash, hash });
        prevHash = hash;
        return line;
      });
    // A version 1 file (no root over the streams' heads to recompute): only the database's chain can catch it.
    const header = JSON.stringify({ ...(JSON.parse(lines[0]!) as Record<string, unknown>), version: 1 });
    writeFileSync(join(copy.dir, 'story.ndjson'), [header, ...rewritten, JSON.stringify({ kind: 'end', events: rewritten.length, streams: 1 })].join('\n'));
    const run = await failsLeavingUnchanged(copy.db, ['import', 'story.ndjson', '--db', copy.db], copy.dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`story.ndjson, line 2: stream '${first.streamId}': revision 0 in the file differs from the one in the database`);
    expect(run.stderr).toContain("would break the database's hash chain, so nothing was imported");
  });

  it('usage errors: exit 2 with the reason and where to look', async () => {
    const dir = tempDir();
    const unknown = await runCasefold(['frobnicate'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    // An option before the command (as `git -C DIR status` takes one) says where options go
    const optionFirst = await runCasefold(['--lang', 'en', 'verify'], { cwd: dir });
    expect(optionFirst.code).toBe(2);
    expect(optionFirst.stderr).toContain('"--lang" comes before the command: give the command first, then its options (casefold <command> [options], e.g. casefold verify --json)');
    expect(optionFirst.stderr).not.toContain('unknown command');
    const badDate = await runCasefold(['stats', '--from', '2025-02-30', '--json'], { cwd: dir });
    expect(badDate.code).toBe(2);
    expect(jsonOf<{ error: { code: number; message: string } }>(badDate).error).toMatchObject({ code: 2, message: expect.stringContaining('--from must be a date') });
  });

  it('a reversed or empty stats period: exit 2 naming both bounds, no all-zero figures', async () => {
    const reversed = await runCasefold(['stats', '--from', '2025-10-01', '--to', '2025-07-01', '--db', copy.db], { cwd: copy.dir });
    expect(reversed.code).toBe(2);
    expect(reversed.stdout).toBe('');
    expect(reversed.stderr).toContain('from 2025-10-01 (2025-09-30T16:00:00.000Z) is not before to 2025-07-01 (2025-06-30T16:00:00.000Z)');
    expect(reversed.stderr).toContain('give a from earlier than the to');
    const empty = await runCasefold(['stats', '--from', '2025-07-01', '--to', '2025-07-01', '--json', '--db', copy.db], { cwd: copy.dir });
    expect(jsonOf<{ error: { code: number; kind: string } }>(empty).error).toMatchObject({ code: 2, kind: 'ReportInputError' });
  });
});
