import { isIncompatibleDatabaseError, isSchemaTooNewError } from '@casefold/engine';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { getSqliteEventStore, latestSchemaVersion, migrations, openDatabase } from '@casefold/sqlite';
import { migrate, readSchemaVersion } from '../src/database/migrations.js';
import { newEvent, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** Opens and closes a file's store once so that it exists, migrated, with its WAL folded back in. */
const createStoreFile = async (name: string): Promise<string> => {
  const fileName = dir.file(name);
  const store = getSqliteEventStore({ fileName });
  await store.appendToStream('case-1', [newEvent()]);
  await store.close();
  return fileName;
};

describe('openDatabase', () => {
  it('creates a fresh file at the latest schema version, in WAL mode, synchronous FULL by default', () => {
    const db = openDatabase({ fileName: dir.file('fresh.db') });
    try {
      expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
      expect(db.prepare('SELECT version, description FROM schema_version ORDER BY version').all()).toEqual(migrations.map(({ version, description }) => ({ version, description })));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  it('applies the durability and busy timeout asked for', () => {
    const db = openDatabase({ fileName: dir.file('normal.db'), synchronous: 'NORMAL', busyTimeoutMs: 250 });
    try {
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(250);
    } finally {
      db.close();
    }
  });

  it('runs each migration once: reopening changes nothing', async () => {
    const fileName = await createStoreFile('reopen.db');
    const versions = (): unknown[] => {
      const raw = new BetterSqlite3(fileName, { readonly: true });
      try {
        return raw.prepare('SELECT * FROM schema_version').all();
      } finally {
        raw.close();
      }
    };
    const before = versions();
    openDatabase({ fileName }).close();
    openDatabase({ fileName }).close();
    expect(versions()).toEqual(before);
  });

  it('refuses a file whose schema is newer with SchemaTooNewError and leaves it byte for byte untouched', async () => {
    const fileName = await createStoreFile('future.db');
    const raw = new BetterSqlite3(fileName);
    raw.prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (?, 'from the future', 'x')").run(latestSchemaVersion + 1);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const bytes = readFileSync(fileName);
    const files = readdirSync(dir.path)
      .filter((f) => f.startsWith('future.db'))
      .sort();
    let error: unknown;
    try {
      getSqliteEventStore({ fileName });
    } catch (e) {
      error = e;
    }
    expect(isSchemaTooNewError(error)).toBe(true);
    expect(error).toMatchObject({ target: fileName, foundVersion: latestSchemaVersion + 1, knownVersion: latestSchemaVersion, adapter: '@casefold/sqlite' });
    expect((error as Error).message).toMatch(/upgrade @casefold\/sqlite/);
    expect(readFileSync(fileName).equals(bytes)).toBe(true);
    expect(
      readdirSync(dir.path)
        .filter((f) => f.startsWith('future.db'))
        .sort(),
    ).toEqual(files);
  });

  it('refuses a file that is not SQLite with IncompatibleDatabaseError and leaves it alone', () => {
    const fileName = dir.file('notes.txt');
    const text = 'These are my notes, not a database. '.repeat(200);
    writeFileSync(fileName, text);
    expect(() => openDatabase({ fileName })).toThrow(expect.objectContaining({ name: 'IncompatibleDatabaseError' }));
    expect(readFileSync(fileName, 'utf8')).toBe(text);
  });

  it("refuses a SQLite file holding another application's tables of the same names, unchanged", () => {
    const fileName = dir.file('other-app.db');
    const raw = new BetterSqlite3(fileName);
    raw.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO events (what) VALUES ('concert')");
    raw.close();
    const bytes = readFileSync(fileName);
    let error: unknown;
    try {
      openDatabase({ fileName });
    } catch (e) {
      error = e;
    }
    expect(isIncompatibleDatabaseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/events/);
    expect(readFileSync(fileName).equals(bytes)).toBe(true);
  });

  it('applies migrations all or nothing: a failing step leaves the file at its old version', () => {
    const db = new BetterSqlite3(':memory:');
    const steps = [
      { version: 1, description: 'one', sql: () => 'CREATE TABLE one (x INTEGER)' },
      { version: 2, description: 'two, broken', sql: () => 'CREATE TABLE two (x INTEGER); THIS IS NOT SQL' },
    ];
    expect(() => migrate(db, steps)).toThrow();
    expect(readSchemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([]);
    expect(migrate(db, steps.slice(0, 1))).toBe(0);
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    expect(readSchemaVersion(db)).toBe(1);
    db.close();
  });
});
