import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventHashOfJson } from '@casefold/engine';
import { openDatabase } from '@casefold/sqlite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { sql } from './support/postgresServer.js';

/**
 * An auditor's attacks on both stores, by a forger who can write the database and knows its
 * schema (on SQLite, the `streams` table is set to the tampered events, so only the chains and
 * the checkpoint can tell): what `casefold verify` says without and with a checkpoint. The
 * rows marked "not detected" are the limits docs/audit.md states.
 */

/** A database as the attacks see it: statements as text, run in order. */
interface Db {
  readonly all: (text: string) => Promise<Record<string, unknown>[]>;
  readonly run: (text: string) => Promise<void>;
  /** The events table's name. */
  readonly events: string;
}

interface Difference {
  readonly kind: string;
  readonly streamId?: string;
  readonly link?: { readonly kind: string };
}

/** Re-hashes a stream from `revision` on, each event linked to the one before, writing each hash back (as a forger would). */
const rehashFrom = async (db: Db, streamId: string, revision: number): Promise<void> => {
  const rows = await db.all(
    `SELECT position, revision, event_id, type, CAST(data AS text) AS data, CAST(metadata AS text) AS metadata, hash FROM ${db.events} WHERE stream_id = '${streamId}' ORDER BY revision`,
  );
  let prevHash = String(rows[revision - 1]!['hash']);
  for (const row of rows.slice(revision)) {
    const hash = eventHashOfJson(prevHash, {
      streamId,
      revision: BigInt(String(row['revision'])),
      eventId: String(row['event_id']),
      type: String(row['type']),
      dataJson: String(row['data']),
      metadataJson: String(row['metadata']),
    });
    await db.run(`UPDATE ${db.events} SET prev_hash = '${prevHash}', hash = '${hash}' WHERE position = ${String(row['position'])}`);
    prevHash = hash;
  }
};

/** Positions of a stream's events, by revision. */
const positionsOf = async (db: Db, streamId: string): Promise<number[]> =>
  (await db.all(`SELECT position FROM ${db.events} WHERE stream_id = '${streamId}' ORDER BY revision`)).map((row) => Number(row['position']));

const lastPositionOf = async (db: Db): Promise<number> => Number((await db.all(`SELECT max(position) AS position FROM ${db.events}`))[0]!['position']);

/** Inserts a copy of the event at `position` as revision `revision` of its stream at `at` (hashes recomputed by {@link rehashFrom}). */
const insertForged = async (db: Db, position: number, revision: number, at: number): Promise<void> => {
  const [row] = await db.all(`SELECT stream_id, type, CAST(data AS text) AS data, CAST(metadata AS text) AS metadata FROM ${db.events} WHERE position = ${position}`);
  const data = JSON.stringify({ ...(JSON.parse(String(row!['data'])) as object), forged: true });
  await db.run(
    `INSERT INTO ${db.events} (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (${at}, '${String(row!['stream_id'])}', ${revision}, 'forged-${at}', '${String(row!['type'])}', '${data}', '${String(row!['metadata'])}', '', '')`,
  );
};

/** The attacks: each changes the database, and says what plain `verify` and `verify --checkpoint` find (`null`: not detected, exit 0). */
const attacks: readonly {
  readonly name: string;
  readonly tamper: (db: Db, streams: readonly string[]) => Promise<void>;
  /** What `verify --json` says (a part of its document), on a store of `kind`; `null`: the store verifies. */
  readonly plain: (streams: readonly string[], kind: StoreKind) => Record<string, unknown> | null;
  readonly againstCheckpoint: (streams: readonly string[], streamCount: number) => Partial<Difference>[] | null;
}[] = [
  {
    name: 'a forged event inserted in the middle of a stream with a recomputed chain (the later events moved up one revision and position)',
    tamper: async (db, [s0]) => {
      const positions = await positionsOf(db, s0!);
      const last = positions.length - 1;
      // From the end: the last event moves after every event, each other one to its successor's position, the forged one takes revision 2's.
      await db.run(`UPDATE ${db.events} SET revision = ${last + 1}, position = ${(await lastPositionOf(db)) + 1} WHERE position = ${positions[last]!}`);
      for (let revision = last - 1; revision >= 2; revision--)
        await db.run(`UPDATE ${db.events} SET revision = ${revision + 1}, position = ${positions[revision + 1]!} WHERE position = ${positions[revision]!}`);
      await insertForged(db, positions[1]!, 2, positions[2]!);
      await rehashFrom(db, s0!, 2);
    },
    plain: () => null,
    againstCheckpoint: (s) => [{ kind: 'streamRewritten', streamId: s[0]! }],
  },
  {
    name: 'a forged event appended to the end of a stream after the checkpoint, with a recomputed chain',
    tamper: async (db, [, s1]) => {
      const positions = await positionsOf(db, s1!);
      await insertForged(db, positions.at(-1)!, positions.length, (await lastPositionOf(db)) + 1);
      await rehashFrom(db, s1!, positions.length);
    },
    plain: () => null,
    againstCheckpoint: () => null,
  },
  {
    name: 'an event moved to the end of another stream',
    tamper: async (db, [s0, s1]) => {
      const from = (await positionsOf(db, s0!)).length - 1;
      const to = (await positionsOf(db, s1!)).length;
      await db.run(`UPDATE ${db.events} SET stream_id = '${s1!}', revision = ${to} WHERE stream_id = '${s0!}' AND revision = ${from}`);
    },
    plain: (s) => ({ brokenLink: { kind: 'changed', streamId: s[1]! } }),
    againstCheckpoint: (s) => [
      ...[
        { kind: 'streamTruncated', streamId: s[0]! },
        // Its broken chain told with it, not again as chainBroken.
        { kind: 'streamExtended', streamId: s[1]!, link: { kind: 'changed' } },
      ].sort((a, b) => (a.streamId < b.streamId ? -1 : 1)),
    ],
  },
  {
    name: 'every event deleted (the whole store truncated after the checkpoint)',
    tamper: async (db) => {
      await db.run(`DELETE FROM ${db.events}`);
    },
    // The read models' checkpoints, in the same file or schema, are past the emptied store's end
    // (which read model verify names depends on what the shared demo database holds by then: its
    // dashboards record, and the row read models once another test file's `casefold dashboards` built them).
    plain: () => ({ readModelsAhead: { lastPosition: '0' } }),
    againstCheckpoint: (_s, streamCount) => [...Array.from({ length: streamCount }, () => ({ kind: 'streamRemoved' })), { kind: 'eventCountDiffers' }],
  },
];

/** The stores attacked. */
type StoreKind = 'sqlite' | 'postgres';

/** Runs every attack against copies of one checkpointed store. */
const attackMatrix = (store: {
  readonly kind: StoreKind;
  readonly setUp: () => Promise<{ readonly dir: string; readonly streams: string[]; readonly streamCount: number }>;
  readonly copy: (name: string) => Promise<{ readonly db: Db; readonly location: string[]; readonly done: () => Promise<void> }>;
}): void => {
  let dir: string;
  let streams: string[];
  let streamCount: number;
  beforeAll(async () => {
    ({ dir, streams, streamCount } = await store.setUp());
    expect((await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir })).code).toBe(0);
  }, 180_000);

  it.each(attacks)('$name', async ({ name, tamper, plain, againstCheckpoint }) => {
    const { db, location, done } = await store.copy(name.replace(/\W+/g, '_').slice(0, 30));
    const taken = await runCasefold(['checkpoint', '--key', 'signer', '--out', 'cp.json', ...location], { cwd: dir });
    expect(taken.code, taken.stderr).toBe(0);
    try {
      await tamper(db, streams);
    } finally {
      await done();
    }
    const verify = await runCasefold(['verify', '--json', ...location], { cwd: dir });
    const expected = plain(streams, store.kind);
    if (expected === null) {
      expect(verify.code, verify.stdout).toBe(0);
    } else {
      expect(verify.code).toBe(1);
      expect(jsonOf(verify)).toMatchObject(expected);
    }
    const checked = await runCasefold(['verify', '--checkpoint', 'cp.json', '--key', 'signer.pub', '--json', ...location], { cwd: dir });
    const differences = againstCheckpoint(streams, streamCount);
    expect(checked.code, checked.stdout).toBe(differences === null ? 0 : 1);
    expect(jsonOf<{ differences?: Difference[] }>(checked).differences).toEqual(
      differences?.map((d) => expect.objectContaining({ ...d, ...(d.link === undefined ? {} : { link: expect.objectContaining(d.link) }) })),
    );
  });
};

describe('attacks on a SQLite store', () => {
  let dir: string;
  attackMatrix({
    kind: 'sqlite',
    setUp: async () => {
      dir = tempDir();
      copyFileSync(demoDatabase(), join(dir, 'original.db'));
      const handle = openDatabase({ fileName: join(dir, 'original.db') });
      try {
        const streams = handle.prepare('SELECT stream_id FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 2').pluck().all() as string[];
        return { dir, streams, streamCount: handle.prepare('SELECT count(*) FROM streams').pluck().get() as number };
      } finally {
        handle.close();
      }
    },
    copy: async (name) => {
      const file = join(dir, `${name}.db`);
      copyFileSync(join(dir, 'original.db'), file);
      const handle = openDatabase({ fileName: file });
      return {
        db: { events: 'events', all: async (text) => handle.prepare(text).all() as Record<string, unknown>[], run: async (text) => void handle.exec(text) },
        location: ['--db', file],
        done: async () => {
          // A forger who knows the schema sets each stream's recorded head to the tampered events.
          handle.exec('DELETE FROM streams; INSERT INTO streams (stream_id, revision, hash) SELECT stream_id, max(revision), hash FROM events GROUP BY stream_id');
          handle.close();
        },
      };
    },
  });
});

describe('attacks on a PostgreSQL store', () => {
  const serverUrl = inject('databaseUrl');
  const original = `casefold_attacks_${process.pid}_${Date.now().toString(36)}`;
  const urlOf = (database: string): string => Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const created: string[] = [];
  afterAll(async () => {
    for (const database of created.reverse()) await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
  });
  attackMatrix({
    kind: 'postgres',
    setUp: async () => {
      const dir = tempDir();
      await sql(`CREATE DATABASE "${original}"`, serverUrl);
      created.push(original);
      expect((await runCasefold(['demo', '--cases', '40', '--seed', 'cli-attacks', '--store', urlOf(original)], { cwd: dir })).code).toBe(0);
      const streams = (await sql('SELECT stream_id FROM casefold.events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 2', urlOf(original))).map((r) => String(r['stream_id']));
      const [count] = await sql('SELECT count(DISTINCT stream_id) AS n FROM casefold.events', urlOf(original));
      return { dir, streams, streamCount: Number(count!['n']) };
    },
    copy: async (name) => {
      const database = `${original}_${name}`.slice(0, 63);
      await sql(`CREATE DATABASE "${database}" TEMPLATE "${original}"`, serverUrl);
      created.push(database);
      const url = urlOf(database);
      return { db: { events: 'casefold.events', all: (text) => sql(text, url), run: async (text) => void (await sql(text, url)) }, location: ['--store', url], done: async () => {} };
    },
  });
});
