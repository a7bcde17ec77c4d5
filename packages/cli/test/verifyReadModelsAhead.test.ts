import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@casefold/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, tempDir, onDatabase } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/**
 * The SQLite store keeps its read models' checkpoints (the `projections` table: the dashboards'
 * record, the row projections') in the same database as its events. Events deleted from the end
 * of the store with sqlite3 — all of them, or the last ones with the streams table set to match —
 * leave every hash chain intact, but the read models' checkpoints past the store's last position:
 * `casefold verify` reports it.
 */

let dir: string;
/** The demo's last position. */
let last: number;
/**
 * The read model verify names (the furthest checkpoint, the first by name among equals) and how
 * many read models the demo database holds: its dashboards record, and the row read models when a
 * test file that ran before (`casefold dashboards` on the shared demo database) built them.
 */
let furthest: { readonly name: string; readonly readModels: number };

/** A copy of the demo database, changed by `tamper` as a forger with sqlite3 would. */
const tampered = (name: string, tamper: (handle: ReturnType<typeof openDatabase>) => void): string => {
  const db = join(dir, `${name}.db`);
  copyFileSync(join(dir, 'original.db'), db);
  onDatabase(db, tamper);
  return db;
};

beforeAll(() => {
  dir = tempDir();
  copyFileSync(demoDatabase(), join(dir, 'original.db'));
  last = onDatabase(join(dir, 'original.db'), (h) => h.prepare('SELECT max(position) FROM events').pluck().get() as number);
  // The demo's dashboards were built up to its last event: the premise of every case below.
  expect(onDatabase(join(dir, 'original.db'), (h) => h.prepare('SELECT max(position) FROM projections').pluck().get())).toBe(last);
  furthest = onDatabase(join(dir, 'original.db'), (h) => ({
    name: h.prepare('SELECT name FROM projections ORDER BY position DESC, name LIMIT 1').pluck().get() as string,
    readModels: h.prepare('SELECT count(*) FROM projections WHERE position > 0').pluck().get() as number,
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The store cut back to its first `position` events, the streams table set to match (as a forger who knows the schema would). */
const cutTo = (h: ReturnType<typeof openDatabase>, position: number): void => {
  h.prepare('DELETE FROM events WHERE position > ?').run(position);
  h.exec('DELETE FROM streams');
  h.exec('INSERT INTO streams (stream_id, revision, hash) SELECT stream_id, revision, hash FROM events e WHERE revision = (SELECT max(revision) FROM events m WHERE m.stream_id = e.stream_id)');
};

/** The read models' checkpoints, to show a command left them as they were. */
const checkpointsOf = (db: string): unknown => onDatabase(db, (h) => h.prepare('SELECT name, position FROM projections ORDER BY name').all());

describe('casefold verify compares the read models’ checkpoints with the store’s last position (SQLite)', () => {
  it('every event deleted (events and streams tables emptied): exits 1 naming both positions, in English, Chinese and JSON', async () => {
    const db = tampered('emptied', (h) => h.exec('DELETE FROM events; DELETE FROM streams;'));
    const text = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(text.code, text.stdout).toBe(1);
    expect(text.stdout).not.toContain('OK:');
    expect(text.stdout).toContain(`VERIFICATION FAILED: the read models were built up to position ${last.toLocaleString('en-US')}, but the store ends at position 0.`);
    expect(text.stdout).toContain(furthest.name);
    expect(text.stdout).toContain('events were removed from the end of the store, or the read models belong to another store');

    const json = await runCasefold(['verify', '--db', db, '--json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(jsonOf(json)).toMatchObject({ ok: false, readModelsAhead: { readModel: furthest.name, position: String(last), lastPosition: '0', readModels: furthest.readModels } });

    const zh = await runCasefold(['verify', '--db', db, '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain(`校验未通过：读模型已构建到位置 ${last.toLocaleString('en-US')}，但存储止于位置 0。`);
  });

  it('the last events of the store deleted, the streams table set to match (as a forger who knows the schema): exits 1', async () => {
    const db = tampered('tail-cut', (h) => cutTo(h, last - 5));
    const json = await runCasefold(['verify', '--db', db, '--json'], { cwd: dir });
    expect(json.code, json.stdout).toBe(1);
    expect(jsonOf(json)).toMatchObject({ ok: false, readModelsAhead: { position: String(last), lastPosition: String(last - 5) } });
  });

  it('an untouched store, and one whose read models are behind its events, verify (exit 0)', async () => {
    const intact = await runCasefold(['verify', '--db', join(dir, 'original.db')], { cwd: dir });
    expect(intact.code, intact.stdout).toBe(0);
    const behind = tampered('read-models-behind', (h) => h.prepare('UPDATE projections SET position = ?').run(last - 100));
    const run = await runCasefold(['verify', '--db', behind], { cwd: dir });
    expect(run.code, run.stdout).toBe(0);
  });

  it('with --tenant: another tenant’s read models, built past this tenant’s last event, are no finding', { timeout: 120_000 }, async () => {
    const shared = join(dir, 'city.db');
    for (const [tenant, seed] of [
      ['xishan', 'west'],
      ['guandu', 'east'],
    ] as const) {
      const made = await runCasefold(['demo', '--db', shared, '--tenant', tenant, '--cases', '30', '--seed', seed], { cwd: dir });
      expect(made.code, made.stderr).toBe(0);
    }
    const [xishanLast, readModels] = onDatabase(shared, (h) => [
      h.prepare("SELECT max(position) FROM events WHERE stream_id LIKE 'xishan/%'").pluck().get() as number,
      h.prepare('SELECT max(position) FROM projections').pluck().get() as number,
    ]);
    // The premise: a read model of the file was built past the tenant's last event.
    expect(readModels).toBeGreaterThan(xishanLast);
    for (const args of [['--tenant', 'xishan'], ['--tenant', 'guandu'], []]) {
      const run = await runCasefold(['verify', '--db', shared, ...args], { cwd: dir });
      expect(run.code, `${args.join(' ')}: ${run.stdout}`).toBe(0);
    }
  });
});

describe('checkpoint, verify --checkpoint and replay --verify make the same comparison (SQLite)', () => {
  it('checkpoint refuses to sign a store whose last events were cut (exit 1, no file written)', async () => {
    const db = tampered('cut-before-signing', (h) => cutTo(h, last - 5));
    expect((await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir })).code).toBe(0);
    const run = await runCasefold(['checkpoint', '--db', db, '--key', 'signer', '--out', 'cut.checkpoint', '--json'], { cwd: dir });
    expect(run.code, run.stdout).toBe(1);
    expect(jsonOf(run)).toMatchObject({ ok: false, readModelsAhead: { position: String(last), lastPosition: String(last - 5) } });
    expect(existsSync(join(dir, 'cut.checkpoint'))).toBe(false);
    // The same store with its read models as far as its events: signed.
    const consistent = tampered('consistent-before-signing', (h) => {
      cutTo(h, last - 5);
      h.prepare('UPDATE projections SET position = min(position, ?)').run(last - 5);
    });
    const signed = await runCasefold(['checkpoint', '--db', consistent, '--key', 'signer', '--out', 'consistent.checkpoint'], { cwd: dir });
    expect(signed.code, signed.stdout).toBe(0);
  });

  it('verify --checkpoint: events appended after the checkpoint, then cut, differ from nothing it committed to, and still fail the check', async () => {
    // The store as it was when signed, at last - 5, read models included; then it went on to `last`, then was cut back.
    const signedThen = tampered('signed-then', (h) => {
      cutTo(h, last - 5);
      h.prepare('UPDATE projections SET position = min(position, ?)').run(last - 5);
    });
    expect((await runCasefold(['checkpoint', '--new-key', 'auditor'], { cwd: dir })).code).toBe(0);
    expect((await runCasefold(['checkpoint', '--db', signedThen, '--key', 'auditor', '--out', 'then.checkpoint'], { cwd: dir })).code).toBe(0);
    const intact = await runCasefold(['verify', '--db', join(dir, 'original.db'), '--checkpoint', 'then.checkpoint', '--key', 'auditor.pub'], { cwd: dir });
    expect(intact.code, intact.stdout).toBe(0);
    const cut = tampered('cut-after-checkpoint', (h) => cutTo(h, last - 5));
    const run = await runCasefold(['verify', '--db', cut, '--checkpoint', 'then.checkpoint', '--key', 'auditor.pub', '--json'], { cwd: dir });
    expect(run.code, run.stdout).toBe(1);
    expect(jsonOf(run)).toMatchObject({ ok: false, readModelsAhead: { position: String(last), lastPosition: String(last - 5) } });
  });

  it('replay --verify reports the cut and keeps the read models as they were (exit 1); replay without it rebuilds them from the events there are', async () => {
    const db = tampered('cut-before-replay', (h) => cutTo(h, last - 5));
    const before = checkpointsOf(db);
    const run = await runCasefold(['replay', '--verify', '--db', db, '--json'], { cwd: dir });
    expect(run.code, run.stdout).toBe(1);
    expect(jsonOf(run)).toMatchObject({ ok: false, readModelsAhead: { position: String(last), lastPosition: String(last - 5) } });
    expect(checkpointsOf(db)).toEqual(before);
    const text = await runCasefold(['replay', '--verify', '--db', db], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `VERIFICATION FAILED: the read models were built up to position ${last.toLocaleString('en-US')}, but the store ends at position ${(last - 5).toLocaleString('en-US')}.`,
    );

    const rebuilt = await runCasefold(['replay', '--db', db], { cwd: dir });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect((await runCasefold(['verify', '--db', db], { cwd: dir })).code).toBe(0);
  });
});
