import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareLeaves, merkleRoot, sha256, type Json } from '@casefold/engine';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { sql } from './support/postgresServer.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { englishRuns } from './support/englishRuns.js';
import { exportLineHash } from './support/exportLineHash.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

/**
 * Issue 15's whole tamper matrix over whole-store export files through `casefold import --key`
 * (re-checked end to end): a small demo store on SQLite and on PostgreSQL, checkpointed,
 * exported with `--with-personal-data --checkpoint`, and each tampering of the file — done as a
 * forger with the file would, counts and root fixed where that helps them — refused with exit 3,
 * nothing imported, the difference named. exportCheckpoint.test.ts has the cut, truncated and
 * re-hashed cases in more detail on the demo year.
 */

type Line = Record<string, unknown>;

/** A checkpointed export in `dir` (`full.ndjson`), with `signer.pub`, an export checkpointed by `intruder` (`resigned.ndjson`), and two case streams of at least 5 events. */
interface Exported {
  readonly dir: string;
  readonly streams: readonly [string, string];
}

const parse = (text: string): Line[] =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
const text = (file: Line[]): string => file.map((line) => `${JSON.stringify(line)}\n`).join('');
const isEvent = (line: Line): boolean => line['kind'] === 'event';
const of = (streamId: string, revision?: number) => (line: Line) => isEvent(line) && line['streamId'] === streamId && (revision === undefined || line['revision'] === String(revision));

/** The end line's counts and root recomputed from the file's events, as a forger who cut or rewrote events would. */
const recount = (file: Line[]): Line[] => {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  for (const e of file.filter(isEvent)) heads.set(e['streamId'] as string, { revision: BigInt(e['revision'] as string), hash: e['hash'] as string });
  const leaves = [...heads].map(([streamId, head]) => ({ streamId, ...head })).sort(compareLeaves);
  return file.map((line) => (line['kind'] === 'end' ? { ...line, events: file.filter(isEvent).length, streams: heads.size, root: merkleRoot(leaves, sha256) } : line));
};

/** Re-hashes every event of `streamId` (named `as`), after `change` at revision `from`, so that its chain holds again. */
const rehash = (file: Line[], streamId: string, from: number, change: (line: Line) => Line = (line) => line, as = streamId): Line[] => {
  let prevHash = '0'.repeat(64);
  return file.map((line) => {
    if (!of(streamId)(line)) return line;
    const revision = Number(line['revision']);
    if (revision < from) {
      prevHash = line['hash'] as string;
      return line;
    }
    const changed: Line = { ...(revision === from ? change(line) : line), streamId: as, prevHash };
    const hash = exportLineHash(prevHash, changed, as);
    prevHash = hash;
    return { ...changed, hash };
  });
};

const note = (line: Line): Line => ({ ...line, data: { ...(line['data'] as Record<string, Json>), note: 'forged' } });

/** One tampering of the file's text (`resigned`: the same store's export checkpointed by another key), and what the refusal must name. */
type Tampering = [string, (file: string, s: readonly [string, string], resigned: string) => string, (s: readonly [string, string]) => RegExp[]];

const matrix: Tampering[] = [
  ['edit data (hash left)', (f, s) => text(parse(f).map((l) => (of(s[0], 2)(l) ? note(l) : l))), (s) => [new RegExp(`stream '${s[0]}' revision 2: the hash does not match`)]],
  [
    'edit metadata (hash left)',
    (f, s) => text(parse(f).map((l) => (of(s[1], 1)(l) ? { ...l, metadata: { ...(l['metadata'] as Line), occurredAt: '2020-01-01T00:00:00.000Z' } } : l))),
    (s) => [new RegExp(`stream '${s[1]}' revision 1: the hash does not match`)],
  ],
  ['delete a middle event (counts and root fixed)', (f, s) => text(recount(parse(f).filter((l) => !of(s[0], 2)(l)))), (s) => [new RegExp(`stream '${s[0]}' revision 3: expected revision 2 next`)]],
  [
    'delete the tail of a stream (counts and root fixed)',
    (f, s) => text(recount(parse(f).filter((l) => !(of(s[1])(l) && Number(l['revision']) >= 3)))),
    (s) => [new RegExp(`streamTruncated: stream ${s[1]}\\b`)],
  ],
  ['delete a whole stream (counts and root fixed)', (f, s) => text(recount(parse(f).filter((l) => !of(s[0])(l)))), (s) => [new RegExp(`streamRemoved: stream ${s[0]}\\b`)]],
  [
    "insert a stream (a copy of another's events under a new id, re-hashed; counts and root fixed)",
    (f, s) => {
      const file = parse(f);
      const forged = rehash(file.filter(of(s[0])), s[0], 0, undefined, 'case-forged');
      const end = file.pop()!;
      return text(recount([...file, ...forged, end]));
    },
    () => [/streamInserted: stream case-forged\b/],
  ],
  ['re-hash a rewritten stream (counts and root fixed)', (f, s) => text(recount(rehash(parse(f), s[0], 1, note))), (s) => [new RegExp(`streamRewritten: stream ${s[0]}\\b`)]],
  [
    'swap two streams (ids exchanged, re-hashed; root fixed)',
    (f, s) => {
      const swapped = parse(f).map((l) => (of(s[0])(l) ? { ...l, streamId: 'swapping' } : l));
      return text(recount(rehash(rehash(swapped, s[1], 0, undefined, s[0]), 'swapping', 0, undefined, s[1])));
    },
    (s) => [new RegExp(`stream ${s[0]}\\b`), new RegExp(`stream ${s[1]}\\b`)],
  ],
  [
    "duplicate a JSON key in an event's data (the forged value first: JSON.parse reads the original, so the hash matches)",
    (f, s) =>
      f
        .split('\n')
        .map((line) => {
          if (line === '' || !of(s[1], 2)(JSON.parse(line) as Line)) return line;
          const at = line.indexOf('"data":{') + '"data":{'.length;
          const key = /^"([^"]+)":/.exec(line.slice(at))![1]!;
          return `${line.slice(0, at)}"${key}":"forged",${line.slice(at)}`;
        })
        .join('\n'),
    (s) => [new RegExp(`stream '${s[1]}' revision 2: the key "[^"]+" appears twice in one object`)],
  ],
  [
    'reorder (two events of a stream exchange lines)',
    (f, s) => {
      const file = parse(f);
      const [one, two] = [file.findIndex(of(s[0], 1)), file.findIndex(of(s[0], 2))];
      [file[one], file[two]] = [file[two]!, file[one]!];
      return text(file);
    },
    (s) => [new RegExp(`stream '${s[0]}' revision 2: expected revision 1 next`)],
  ],
  [
    'edit the checkpoint in the header',
    (f) => text(parse(f).map((l) => (l['kind'] === 'header' ? { ...l, checkpoint: { ...(l['checkpoint'] as Line), events: 1 } } : l))),
    () => [/signatureInvalid: /],
  ],
  ['sign with another key (the export of a checkpoint by another key)', (_f, _s, resigned) => resigned, () => [/keyDiffers: The checkpoint was signed by key [0-9a-f]{64}, not by the key given/]],
];

/** Registers the matrix (inside the caller's `describe`) over the export `exported()` makes. */
const importTamperMatrix = (exported: () => Exported): void => {
  const importFile = async (name: string, content: string) => {
    const { dir } = exported();
    writeFileSync(join(dir, `${name}.ndjson`), content);
    const run = await runCasefold(['import', `${name}.ndjson`, '--db', `${name}.db`, '--key', 'signer.pub', '--json'], { cwd: dir });
    return { ...run, imported: existsSync(join(dir, `${name}.db`)) };
  };

  it('the untampered file imports with --key (exit 0), its checkpoint checked', async () => {
    const { dir } = exported();
    const run = await importFile('intact', readFileSync(join(dir, 'full.ndjson'), 'utf8'));
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run)).toMatchObject({ commitment: 'signedCheckpoint' });
  });

  it.each(matrix)('%s: refused (exit 3, nothing imported) and named', async (name, tamper, expected) => {
    const { dir, streams } = exported();
    const original = readFileSync(join(dir, 'full.ndjson'), 'utf8');
    const content = tamper(original, streams, readFileSync(join(dir, 'resigned.ndjson'), 'utf8'));
    expect(content).not.toBe(original);
    const run = await importFile(name.replace(/\W+/g, '-').slice(0, 40), content);
    expect(run.code, run.stderr).toBe(3);
    expect(run.imported).toBe(false);
    for (const pattern of expected(streams)) expect(run.stderr).toMatch(pattern);
    expect(run.stderr).toContain('Nothing was imported');
  });

  it('a whole stream deleted: the refusal names the difference in Chinese with --lang zh-CN (no English sentence)', async () => {
    const { dir, streams } = exported();
    const content = text(recount(parse(readFileSync(join(dir, 'full.ndjson'), 'utf8')).filter((l) => !of(streams[0])(l))));
    writeFileSync(join(dir, 'cut-zh.ndjson'), content);
    const run = await runCasefold(['import', 'cut-zh.ndjson', '--db', 'cut-zh.db', '--key', 'signer.pub', '--lang', 'zh-CN'], { cwd: dir });
    expect(run.code, run.stderr).toBe(3);
    expect(existsSync(join(dir, 'cut-zh.db'))).toBe(false);
    expect(run.stderr).toContain('文件与其检查点不一致');
    expect(run.stderr).toContain(streams[0]);
    expect(englishRuns(run.stderr, [...streams])).toEqual([]);
  });
};

/** Checkpoints the store `store` (CLI arguments) in `dir` with `signer` and with `intruder`, exports it with each, and picks two case streams. */
const exportBoth = async (dir: string, store: readonly string[], location: { readonly db: string } | { readonly store: string }): Promise<Exported> => {
  for (const key of ['signer', 'intruder']) expect((await runCasefold(['checkpoint', '--new-key', key], { cwd: dir })).code).toBe(0);
  const personal = withPersonalData(dir, await storeUnits(dir, location));
  for (const [key, out] of [
    ['signer', 'full.ndjson'],
    ['intruder', 'resigned.ndjson'],
  ] as const) {
    const taken = await runCasefold(['checkpoint', '--key', key, '--out', `${key}.json`, ...store], { cwd: dir });
    expect(taken.code, taken.stderr).toBe(0);
    const run = await runCasefold(['export', ...personal, '--checkpoint', `${key}.json`, '--out', out, ...store], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
  }
  const counts = new Map<string, number>();
  for (const e of parse(readFileSync(join(dir, 'full.ndjson'), 'utf8')).filter(isEvent)) counts.set(e['streamId'] as string, (counts.get(e['streamId'] as string) ?? 0) + 1);
  const [a, b] = [...counts].filter(([, n]) => n >= 5).map(([s]) => s);
  expect(b).toBeDefined();
  return { dir, streams: [a!, b!] };
};

describe('casefold import --key over a tampered export of a SQLite store', () => {
  let exported: Exported;
  beforeAll(async () => {
    const dir = tempDir();
    expect((await runCasefold(['demo', '--cases', '30', '--seed', 'import-matrix', '--db', 'store.db'], { cwd: dir })).code).toBe(0);
    exported = await exportBoth(dir, ['--db', 'store.db'], { db: 'store.db' });
  }, 180_000);
  importTamperMatrix(() => exported);
});

describe('casefold import --key over a tampered export of a PostgreSQL store', () => {
  const serverUrl = inject('databaseUrl');
  const database = `casefold_import_matrix_${process.pid}_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  let exported: Exported;
  beforeAll(async () => {
    await sql(`CREATE DATABASE "${database}"`, serverUrl);
    const dir = tempDir();
    expect((await runCasefold(['demo', '--cases', '30', '--seed', 'import-matrix', '--store', url], { cwd: dir })).code).toBe(0);
    exported = await exportBoth(dir, ['--store', url], { store: url });
  }, 180_000);
  afterAll(async () => {
    await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
  });
  importTamperMatrix(() => exported);
});
