import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENESIS_HASH, eventHashOfJson } from '@casefold/engine';
import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/** `casefold checkpoint` and `casefold verify --checkpoint` on copies of the demo database, tampered with raw SQL as a forger with write access would. */

interface Row {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly prev_hash: string;
  readonly hash: string;
}

interface Difference {
  readonly kind: string;
  readonly streamId?: string;
  readonly revision?: string;
  readonly link?: { readonly kind: string };
}

type Database = ReturnType<typeof openDatabase>;

let dir: string;
/** Streams picked from the demo database: with at least 5 events, in position order of their first event. */
let streams: string[];
/** Streams in the demo database. */
let streamCount: number;

const withDb = <T>(db: string, work: (handle: Database) => T): T => {
  const handle = openDatabase({ fileName: db });
  try {
    return work(handle);
  } finally {
    handle.close();
  }
};

const rowsOf = (handle: Database, streamId: string): Row[] => handle.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(streamId) as Row[];

/** Changes `revision` of a stream with `change`, then re-hashes it and every later event so that the chain holds. */
const rewriteAndRehash = (handle: Database, streamId: string, revision: number, change: (row: Row) => Row): void => {
  const update = handle.prepare('UPDATE events SET data = ?, metadata = ?, prev_hash = ?, hash = ? WHERE position = ?');
  let prevHash: string | null = null;
  for (const row of rowsOf(handle, streamId)) {
    if (row.revision < revision) continue;
    const next = row.revision === revision ? change(row) : { ...row, prev_hash: prevHash! };
    const hash = eventHashOfJson(next.prev_hash, { streamId, revision: BigInt(row.revision), eventId: next.event_id, type: next.type, dataJson: next.data, metadataJson: next.metadata });
    update.run(next.data, next.metadata, next.prev_hash, hash, row.position);
    prevHash = hash;
  }
};

/**
 * Sets the `streams` table (each stream's head, which appends build on) to the events as they
 * now are, as a forger who knows the schema does: `verify` without a checkpoint names a table
 * left behind (`headDiffers`, verifyHeadRecords.test.ts); only the checkpoint names the rest.
 */
const alignStreamsTable = (handle: Database): void => {
  handle.exec('DELETE FROM streams; INSERT INTO streams (stream_id, revision, hash) SELECT stream_id, max(revision), hash FROM events GROUP BY stream_id');
};

const copy = (name: string): string => {
  const db = join(dir, `${name}.db`);
  copyFileSync(join(dir, 'original.db'), db);
  return db;
};

const verify = async (db: string, checkpoint = 'cp.json', key = 'signer.pub') => {
  const run = await runCasefold(['verify', '--db', db, '--checkpoint', checkpoint, '--key', key, '--json'], { cwd: dir });
  return { code: run.code, result: jsonOf<{ ok: boolean; differences?: Difference[] }>(run) };
};

beforeAll(async () => {
  dir = tempDir();
  copyFileSync(demoDatabase(), join(dir, 'original.db'));
  streams = withDb(
    join(dir, 'original.db'),
    (handle) => handle.prepare('SELECT stream_id FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 4').pluck().all() as string[],
  );
  streamCount = withDb(join(dir, 'original.db'), (handle) => handle.prepare('SELECT count(DISTINCT stream_id) FROM events').pluck().get() as number);
  const key = await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir });
  expect(key.code, key.stderr).toBe(0);
  expect((await runCasefold(['checkpoint', '--new-key', 'intruder'], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--db', 'original.db', '--key', 'signer', '--out', 'cp.json'], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
  expect(taken.stdout).toMatch(
    new RegExp(`^Checkpoint of [\\d,]+ events in ${streamCount.toLocaleString('en')} streams up to position [\\d,]+ written to cp\\.json \\(leaves in cp\\.json\\.leaves\\)`),
  );
}, 120_000);

describe('casefold checkpoint', () => {
  it('writes a key pair (private key mode 0600, never overwritten), a checkpoint and its leaves', async () => {
    expect(statSync(join(dir, 'signer')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'signer.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("'signer' exists, and a key is never overwritten");
    const checkpoint = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')) as Record<string, unknown>;
    expect(checkpoint).toMatchObject({ format: 'casefold-checkpoint', version: 1, store: `'original.db'`, streams: streamCount, algorithms: { hash: 'sha256', signature: 'ed25519' } });
    expect(readFileSync(join(dir, 'cp.json.leaves'), 'utf8').split('\n')).toHaveLength(streamCount + 1);
  });

  it('refuses a store whose chain is broken (exit 1), and a key file that is not a key (exit 3)', async () => {
    const db = copy('broken-before');
    withDb(db, (h) => h.prepare("UPDATE events SET data = json_set(data, '$.x', 1) WHERE stream_id = ? AND revision = 1").run(streams[0]));
    const broken = await runCasefold(['checkpoint', '--db', db, '--key', 'signer', '--out', 'never.json'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`stream:   ${streams[0]}`);
    const badKey = await runCasefold(['checkpoint', '--db', 'original.db', '--key', 'cp.json', '--out', 'never.json'], { cwd: dir });
    expect(badKey.code).toBe(3);
    expect(badKey.stderr).toContain('cp.json: The checkpoint key is not usable');
  });
});

describe('casefold verify --checkpoint, on a tampered copy of the demo database', () => {
  it('passes the untampered store, with text that says what it proved', async () => {
    const db = copy('intact');
    expect(await verify(db)).toEqual({ code: 0, result: expect.objectContaining({ ok: true, streams: streamCount }) });
    const text = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'signer.pub'], { cwd: dir });
    expect(text.stdout).toMatch(/^OK: the store holds everything checkpoint cp\.json committed to/);
  });

  const matrix: [string, (handle: Database) => void, (s: string[]) => Partial<Difference>[]][] = [
    [
      'edit data',
      (h) => h.prepare("UPDATE events SET data = json_set(data, '$.note', 'edited') WHERE stream_id = ? AND revision = 2").run(streams[0]),
      (s) => [{ kind: 'chainBroken', streamId: s[0]!, revision: '2' }],
    ],
    [
      'edit metadata',
      (h) => h.prepare("UPDATE events SET metadata = json_set(metadata, '$.occurredAt', '2020-01-01T00:00:00.000Z') WHERE stream_id = ? AND revision = 1").run(streams[1]),
      (s) => [{ kind: 'chainBroken', streamId: s[1]!, revision: '1' }],
    ],
    [
      'delete a middle event',
      (h) => h.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 2').run(streams[0]),
      (s) => [{ kind: 'eventCountDiffers' }, { kind: 'chainBroken', streamId: s[0]!, revision: '2' }],
    ],
    [
      'delete the tail of a stream',
      (h) => h.prepare('DELETE FROM events WHERE stream_id = ? AND revision >= 3').run(streams[0]),
      (s) => [{ kind: 'streamTruncated', streamId: s[0]!, revision: '3' }, { kind: 'eventCountDiffers' }],
    ],
    ['delete a whole stream', (h) => h.prepare('DELETE FROM events WHERE stream_id = ?').run(streams[2]), (s) => [{ kind: 'streamRemoved', streamId: s[2]! }, { kind: 'eventCountDiffers' }]],
    [
      'insert a stream (at positions freed by deleting another)',
      (h) => {
        const rows = rowsOf(h, streams[3]!);
        h.prepare('DELETE FROM events WHERE stream_id = ?').run(streams[3]);
        const insert = h.prepare('INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
        let prevHash = GENESIS_HASH;
        for (const row of rows) {
          const hash = eventHashOfJson(prevHash, { streamId: 'case-forged', revision: BigInt(row.revision), eventId: row.event_id, type: row.type, dataJson: row.data, metadataJson: row.metadata });
          insert.run(row.position, 'case-forged', row.revision, row.event_id, row.type, row.data, row.metadata, prevHash, hash);
          prevHash = hash;
        }
      },
      (s) =>
        [
          { kind: 'streamInserted', streamId: 'case-forged' },
          { kind: 'streamRemoved', streamId: s[3]! },
        ].sort((a, b) => (a.streamId < b.streamId ? -1 : 1)),
    ],
    [
      're-hash a rewritten stream',
      (h) => rewriteAndRehash(h, streams[1]!, 1, (row) => ({ ...row, data: JSON.stringify({ ...(JSON.parse(row.data) as object), note: 'rewritten' }) })),
      (s) => [{ kind: 'streamRewritten', streamId: s[1]! }],
    ],
    [
      'swap two streams (ids exchanged, re-hashed)',
      (h) => {
        const swap = h.prepare('UPDATE events SET stream_id = ? WHERE stream_id = ?');
        swap.run('swapping', streams[0]);
        swap.run(streams[0], streams[1]);
        swap.run(streams[1], 'swapping');
        rewriteAndRehash(h, streams[0]!, 0, (row) => row);
        rewriteAndRehash(h, streams[1]!, 0, (row) => row);
      },
      (s) => [{ streamId: s[0]! }, { streamId: s[1]! }].sort((a, b) => (a.streamId! < b.streamId! ? -1 : 1)),
    ],
    [
      'reorder (two events of a stream exchange positions)',
      (h) => {
        const [, one, two] = rowsOf(h, streams[2]!);
        const move = h.prepare('UPDATE events SET position = ? WHERE position = ?');
        move.run(-1, one!.position);
        move.run(one!.position, two!.position);
        move.run(two!.position, -1);
      },
      (s) => [{ kind: 'chainBroken', streamId: s[2]!, revision: '1', link: { kind: 'reordered' } }],
    ],
    [
      'several at once: every broken chain is named, not only the first',
      (h) => {
        const edit = h.prepare("UPDATE events SET data = json_set(data, '$.note', 'edited') WHERE stream_id = ? AND revision = ?");
        edit.run(streams[0], 1);
        edit.run(streams[3], 2);
      },
      (s) => [
        { kind: 'chainBroken', streamId: s[0]!, revision: '1' },
        { kind: 'chainBroken', streamId: s[3]!, revision: '2' },
      ],
    ],
  ];

  it.each(matrix)('%s: detected and named', async (name, tamper, expected) => {
    const db = copy(name.replace(/\W+/g, '-'));
    withDb(db, (handle) => {
      tamper(handle);
      alignStreamsTable(handle);
    });
    const { code, result } = await verify(db);
    expect(code).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual(expected(streams).map((d) => expect.objectContaining({ ...d, ...(d.link === undefined ? {} : { link: expect.objectContaining(d.link) }) })));
  });

  it('duplicate a JSON key: json_extract reads the forged value, verify names the event as ambiguous', async () => {
    const db = copy('duplicate-key');
    const [streamId, revision] = [streams[2]!, 1];
    const original = withDb(db, (h) => {
      const row = h.prepare('SELECT data FROM events WHERE stream_id = ? AND revision = ?').pluck().get(streamId, revision) as string;
      const [key, value] = Object.entries(JSON.parse(row) as Record<string, unknown>)[0]!;
      h.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(`{${JSON.stringify(key)}:"forged",${row.slice(1)}`, streamId, revision);
      expect(h.prepare(`SELECT json_extract(data, '$.' || ?) FROM events WHERE stream_id = ? AND revision = ?`).pluck().get(key, streamId, revision)).toBe('forged');
      return value;
    });
    expect(original).not.toBe('forged');
    const { code, result } = await verify(db);
    expect(code).toBe(1);
    expect(result.differences).toEqual([expect.objectContaining({ kind: 'chainBroken', streamId, revision: '1', link: expect.objectContaining({ kind: 'ambiguous' }) })]);
    const plain = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('kind:     ambiguous');
  });

  it('edit the checkpoint, or sign it with another key: refused before the store is compared', async () => {
    const db = copy('checkpoint-edited');
    const checkpoint = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify({ ...checkpoint, events: (checkpoint['events'] as number) - 1 }));
    expect(await verify(db, 'edited.json')).toEqual({ code: 1, result: expect.objectContaining({ differences: [expect.objectContaining({ kind: 'signatureInvalid' })] }) });
    const resigned = await runCasefold(['checkpoint', '--db', db, '--key', 'intruder', '--out', 'intruder.json'], { cwd: dir });
    expect(resigned.code, resigned.stderr).toBe(0);
    expect(await verify(db, 'intruder.json')).toEqual({ code: 1, result: expect.objectContaining({ differences: [expect.objectContaining({ kind: 'keyDiffers' })] }) });
    writeFileSync(join(dir, 'duplicated.json'), readFileSync(join(dir, 'cp.json'), 'utf8').replace('{', '{"events":1,'));
    const duplicated = await runCasefold(['verify', '--db', db, '--checkpoint', 'duplicated.json', '--key', 'signer.pub'], { cwd: dir });
    expect(duplicated.code).toBe(3);
    expect(duplicated.stderr).toContain('the key "events" appears twice in one object');
  });
});
