import { createHash } from 'node:crypto';
import { openDatabase } from '@casefold/sqlite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoCopy, tempDir } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';
import { sql } from './support/postgresServer.js';

/**
 * `casefold replay` on a store holding an event that does not decode: it fails (exit 4, naming
 * the event) and leaves the read models that existed before exactly as they were: the
 * dashboards record and every row read model (contents and checkpoints).
 */

/** A digest of the read models a SQLite file holds: the `projections` table and every row table. */
const sqliteReadModels = (fileName: string): { readonly tables: string[]; readonly digest: string } => {
  const db = openDatabase({ fileName });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND (name = 'projections' OR name LIKE 'rows\\_%' ESCAPE '\\') ORDER BY name").pluck().all() as string[];
    const hash = createHash('sha256');
    for (const table of tables) {
      hash.update(`${table}\n`);
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw(true).iterate()) hash.update(`${JSON.stringify(row)}\n`);
    }
    return { tables, digest: hash.digest('hex') };
  } finally {
    db.close();
  }
};

describe('casefold replay is whole or nothing', () => {
  it('on SQLite: an event whose stored JSON is damaged fails the replay (exit 4) and leaves every read model as it was', async () => {
    const { dir, db } = demoCopy();
    expect((await runCasefold(['dashboards', '--db', db], { cwd: dir })).code).toBe(0);
    const before = sqliteReadModels(db);
    expect(before.tables).toContain('projections');
    expect(before.tables.length).toBeGreaterThan(1);
    const target = (() => {
      const handle = openDatabase({ fileName: db });
      try {
        const row = handle.prepare("SELECT stream_id AS streamId, revision FROM events WHERE stream_id LIKE 'case-%' ORDER BY position LIMIT 1 OFFSET 500").get() as {
          streamId: string;
          revision: number;
        };
        handle.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run('{"broken', row.streamId, row.revision);
        return row;
      } finally {
        handle.close();
      }
    })();

    const replay = await runCasefold(['replay', '--db', db], { cwd: dir });
    expect(replay.code).toBe(4);
    expect(replay.stderr).toContain(`at stream '${target.streamId}' revision ${target.revision}, field 'data': the stored data is not valid JSON`);
    expect(sqliteReadModels(db)).toEqual(before);

    const verified = await runCasefold(['replay', '--verify', '--db', db], { cwd: dir });
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`stream:   ${target.streamId}`);
    expect(sqliteReadModels(db)).toEqual(before);
  });

  describe('on PostgreSQL', () => {
    const serverUrl = inject('databaseUrl');
    const database = `casefold_replay_${process.pid}_${Date.now().toString(36)}`;
    const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
    const dir = tempDir();

    /** A digest of the read models in the `casefold` schema: `projections` and every row table. */
    const postgresReadModels = async (): Promise<{ readonly tables: string[]; readonly digest: string }> => {
      const tables = (
        await sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'casefold' AND (table_name = 'projections' OR table_name LIKE 'rows\\_%') ORDER BY table_name", url)
      ).map((row) => String(row['table_name']));
      const hash = createHash('sha256');
      for (const table of tables) {
        hash.update(`${table}\n`);
        const columns = table === 'projections' ? 'name, version, position, state::text' : '*';
        for (const row of await sql(`SELECT ${columns} FROM casefold."${table}" ORDER BY 1, 2`, url)) hash.update(`${JSON.stringify(row)}\n`);
      }
      return { tables, digest: hash.digest('hex') };
    };

    beforeAll(async () => {
      await sql(`CREATE DATABASE "${database}"`, serverUrl);
      expect((await runCasefold(['demo', '--cases', '60', '--seed', 'replay-whole', '--store', url], { cwd: dir })).code).toBe(0);
    }, 180_000);
    afterAll(async () => {
      await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
    });

    it('an event whose data no longer fits its type fails the replay (exit 4) and leaves every read model as it was', async () => {
      expect((await runCasefold(['dashboards', '--store', url], { cwd: dir })).code).toBe(0);
      const before = await postgresReadModels();
      expect(before.tables.length).toBeGreaterThan(1);
      // PostgreSQL's json column refuses text that does not parse: valid JSON that its codec refuses instead.
      const [target] = await sql("SELECT stream_id, revision FROM casefold.events WHERE type = 'Routed' ORDER BY position LIMIT 1", url);
      await sql(`UPDATE casefold.events SET data = '{"unexpected":true}' WHERE stream_id = '${String(target!['stream_id'])}' AND revision = ${String(target!['revision'])}`, url);

      const replay = await runCasefold(['replay', '--store', url], { cwd: dir });
      expect(replay.code).toBe(4);
      expect(replay.stderr).toContain(`Cannot decode event 'Routed' at stream '${String(target!['stream_id'])}' revision ${String(target!['revision'])}`);
      expect(await postgresReadModels()).toEqual(before);
    });
  });
});
