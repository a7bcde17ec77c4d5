import { existsSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { isStoreUnavailableError } from '@casefold/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteStoreFile, migrations, openSqliteStore } from '@casefold/sqlite';
import { failureOf, newEvent, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('deleteStoreFile', () => {
  it('deletes a database no one else has open, with its -wal and -shm', async () => {
    const fileName = dir.file('alone.db');
    const store = await openSqliteStore({ fileName });
    await store.events.appendToStream('case-1', [newEvent()]);
    await store.close();
    deleteStoreFile({ fileName, busyTimeoutMs: 100 });
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(fileName + suffix)).toBe(false);
  });

  it('refuses with StoreUnavailableError while another connection has the database open, even idle; nothing deleted', async () => {
    const fileName = dir.file('shared.db');
    const store = await openSqliteStore({ fileName });
    await store.events.appendToStream('case-1', [newEvent()]);
    const before = readFileSync(fileName);
    const error = failureOf(() => deleteStoreFile({ fileName, busyTimeoutMs: 50 }));
    expect(isStoreUnavailableError(error)).toBe(true);
    expect(existsSync(fileName)).toBe(true);
    expect(readFileSync(fileName).equals(before)).toBe(true);
    await store.events.appendToStream('case-1', [newEvent()]);
    expect(await store.readLastPosition()).toBe(2n);
    await store.close();
  });
});

describe('migration 2: the settings table', () => {
  it('a file of schema version 1 gains app_settings when opened, its events and projection records intact', async () => {
    const fileName = dir.file('version1.db');
    const raw = new BetterSqlite3(fileName);
    raw.exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;
      INSERT INTO schema_version VALUES (1, 'events, stream heads, projections', '2026-01-01T00:00:00.000Z');`);
    raw.exec(migrations[0]!.sql('main'));
    raw.prepare("INSERT INTO projections VALUES ('board', 1, 0, '{}')").run();
    raw.close();
    const store = await openSqliteStore({ fileName });
    expect(await store.projections.load('board')).toEqual({ name: 'board', version: 1, position: 0n, state: {} });
    expect(await store.settings.read('directory')).toBeNull();
    await store.settings.write('directory', { units: [] });
    expect(await store.settings.read('directory')).toEqual({ units: [] });
    await store.close();
    const check = new BetterSqlite3(fileName, { readonly: true });
    expect(check.prepare('SELECT max(version) FROM schema_version').pluck().get()).toBe(2);
    check.close();
  });
});
