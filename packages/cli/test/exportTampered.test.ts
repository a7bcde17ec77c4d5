import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@casefold/sqlite';
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoCopy, demoDatabase, tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

/** Changes one event's data in place by SQL (its hash stays): the tampering `verify` reports as `changed`. */
const changeAnEvent = (db: string): { readonly streamId: string; readonly revision: number } => {
  const handle = openDatabase({ fileName: db });
  try {
    const target = handle.prepare('SELECT stream_id AS streamId, revision FROM events WHERE revision = 2 ORDER BY position LIMIT 1 OFFSET 25').get() as { streamId: string; revision: number };
    handle.prepare("UPDATE events SET data = json_set(data, '$.note', 'edited by hand') WHERE stream_id = ? AND revision = ?").run(target.streamId, target.revision);
    return target;
  } finally {
    handle.close();
  }
};

/** Deletes one event by SQL: the stream then jumps from revision - 1 to revision + 1. */
const removeAnEvent = (db: string): { readonly streamId: string; readonly revision: number } => {
  const handle = openDatabase({ fileName: db });
  try {
    const target = handle.prepare('SELECT stream_id AS streamId, revision FROM events WHERE revision = 1 ORDER BY position LIMIT 1 OFFSET 60').get() as { streamId: string; revision: number };
    handle.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(target.streamId, target.revision);
    return target;
  } finally {
    handle.close();
  }
};

describe('casefold export of a store whose hash chain is broken', () => {
  it('given an event changed in the database, writes every event as evidence, warns naming the stream and revision, exits with 1; import then points to verify', async () => {
    const { dir, db } = demoCopy();
    const target = changeAnEvent(db);
    const caseId = target.streamId.replace(/^case-/, '');

    const run = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: demoDatabase() })), '--out', 'evidence.ndjson', '--db', db], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`WARNING: a hash chain of the store is broken: stream '${target.streamId}' (case ${caseId}) revision ${target.revision} (position`);
    expect(run.stderr).toContain('1 event in all does not check');
    expect(run.stderr).toContain("the hash does not match the event's content");
    expect(run.stderr).toContain('casefold verify');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // Every event is in the file, the changed one as it is stored now.
    const lines = readFileSync(join(dir, 'evidence.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines.length - 2).toBe(databaseDigest(db).events);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: 'end', events: lines.length - 2 });
    const changed = lines
      .map((line) => JSON.parse(line) as { streamId?: string; revision?: string; data?: { note?: string } })
      .find((e) => e.streamId === target.streamId && e.revision === String(target.revision));
    expect(changed?.data?.note).toBe('edited by hand');
    expect(existsSync(join(dir, 'evidence.ndjson.partial'))).toBe(false);

    const json = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: demoDatabase() })), '--out', 'again.ndjson', '--json', '--db', db], { cwd: dir });
    expect(json.code).toBe(1);
    expect(jsonOf(json)).toMatchObject({ events: lines.length - 2, intact: false, brokenEvents: 1, firstBrokenLink: { streamId: target.streamId, caseId, revision: String(target.revision) } });
    const toStdout = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: demoDatabase() })), '--db', db], { cwd: dir });
    expect(toStdout.code).toBe(1);
    expect(toStdout.stdout).toBe(readFileSync(join(dir, 'evidence.ndjson'), 'utf8'));
    expect(toStdout.stderr).toContain(`stream '${target.streamId}'`);

    const imported = await runCasefold(['import', 'evidence.ndjson', '--db', join(tempDir(), 'copy.db')], { cwd: dir });
    expect(imported.code).toBe(3);
    expect(imported.stderr).toContain(`stream '${target.streamId}' revision ${target.revision}: the hash does not match`);
    expect(imported.stderr).toContain('run `casefold verify` on the database it was exported from');
    expect(imported.stderr).not.toContain('re-export the file');
  });

  it('given an event removed from the database, names the stream and the revision where the chain breaks', async () => {
    const { dir, db } = demoCopy();
    const target = removeAnEvent(db);
    const run = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: demoDatabase() })), '--out', 'evidence.ndjson', '--db', db], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`stream '${target.streamId}'`);
    expect(run.stderr).toMatch(new RegExp(`revision ${target.revision + 1} \\(position \\d+\\): expected revision ${target.revision} next in this stream`));
    const imported = await runCasefold(['import', 'evidence.ndjson', '--db', join(tempDir(), 'copy.db')], { cwd: dir });
    expect(imported.code).toBe(3);
    expect(imported.stderr).toContain('casefold verify');
  });

  it('--help documents that a broken chain exits with 1', async () => {
    const help = await runCasefold(['export', '--help'], { cwd: tempDir() });
    expect(help.stdout).toMatch(/broken hash chain[^]*exits with 1/);
  });
});
