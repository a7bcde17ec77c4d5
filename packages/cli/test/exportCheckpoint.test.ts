import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareLeaves, merkleRoot, sha256, type Json } from '@casefold/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { exportLineHash } from './support/exportLineHash.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

/**
 * Whole-store export files carry the store-wide root (and a signed checkpoint): `casefold
 * import` refuses a file whose cases were cut out, truncated or re-hashed, naming what
 * differs, and imports nothing; with --key it checks who signed.
 */

type Line = Record<string, unknown>;

let dir: string;
/** The export with the checkpoint, parsed line by line. */
let lines: Line[];
/** Two case streams with at least 5 events. */
let streams: string[];
/** Streams in the demo database (the checkpoint's). */
let streamCount: number;

const text = (file: Line[]): string => file.map((line) => `${JSON.stringify(line)}\n`).join('');
const events = (file: Line[]): Line[] => file.filter((line) => line['kind'] === 'event');

/** Fixes the end line's counts after lines were cut, as a forger would; with `root`, its root too. */
const recount = (file: Line[], root = false): Line[] => {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  for (const e of events(file)) heads.set(e['streamId'] as string, { revision: BigInt(e['revision'] as string), hash: e['hash'] as string });
  const leaves = [...heads].map(([streamId, head]) => ({ streamId, ...head })).sort(compareLeaves);
  return file.map((line) => (line['kind'] === 'end' ? { ...line, events: events(file).length, streams: heads.size, ...(root ? { root: merkleRoot(leaves, sha256) } : {}) } : line));
};

/** Changes `streamId`'s event at revision 1 and re-hashes the stream from there, as a forger with the file would. */
const rehash = (file: Line[], streamId: string): Line[] => {
  let prevHash: string | null = null;
  return file.map((line) => {
    if (line['kind'] !== 'event' || line['streamId'] !== streamId || BigInt(line['revision'] as string) < 1n) return line;
    const changed: Line = prevHash === null ? { ...line, data: { ...(line['data'] as Record<string, Json>), note: 'rewritten' } } : { ...line, prevHash };
    const hash = exportLineHash(changed['prevHash'] as string, changed, streamId);
    prevHash = hash;
    return { ...changed, hash };
  });
};

const importFile = async (name: string, file: Line[] | string, key?: string) => {
  writeFileSync(join(dir, `${name}.ndjson`), typeof file === 'string' ? file : text(file));
  const run = await runCasefold(['import', `${name}.ndjson`, '--db', `${name}.db`, '--json', ...(key === undefined ? [] : ['--key', key])], { cwd: dir });
  return { ...run, imported: existsSync(join(dir, `${name}.db`)) };
};

beforeAll(async () => {
  dir = tempDir();
  copyFileSync(demoDatabase(), join(dir, 'original.db'));
  for (const name of ['signer', 'intruder']) expect((await runCasefold(['checkpoint', '--new-key', name], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--db', 'original.db', '--key', 'signer', '--out', 'cp.json'], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
  const exported = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: 'original.db' })), '--db', 'original.db', '--checkpoint', 'cp.json', '--out', 'full.ndjson'], {
    cwd: dir,
  });
  expect(exported.code, exported.stderr).toBe(0);
  lines = readFileSync(join(dir, 'full.ndjson'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
  const counts = new Map<string, number>();
  for (const e of events(lines)) counts.set(e['streamId'] as string, (counts.get(e['streamId'] as string) ?? 0) + 1);
  streams = [...counts]
    .filter(([, n]) => n >= 5)
    .map(([s]) => s)
    .slice(0, 2);
  streamCount = counts.size;
}, 120_000);

describe('casefold export --checkpoint', () => {
  it("writes a version 2 file: the signed checkpoint in the header, its leaves, the events, and the root over every stream's head", () => {
    const checkpoint = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')) as Line;
    expect(lines[0]).toMatchObject({ kind: 'header', format: 'casefold-events', version: 2, checkpoint });
    const leaves = lines.filter((line) => line['kind'] === 'leaf');
    expect(leaves).toHaveLength(streamCount);
    expect(checkpoint['streams']).toBe(streamCount);
    expect(leaves.map((l) => JSON.stringify({ hash: l['hash'], revision: l['revision'], streamId: l['streamId'] })).join('\n')).toBe(readFileSync(join(dir, 'cp.json.leaves'), 'utf8').trimEnd());
    expect(lines[lines.length - 1]).toEqual({ kind: 'end', events: checkpoint['events'], streams: streamCount, root: checkpoint['root'] });
  });

  it('imports the untampered file with --key, and the copy verifies against the same checkpoint', async () => {
    const run = await importFile('intact', lines, 'signer.pub');
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run)).toMatchObject({ streams: streamCount, commitment: 'signedCheckpoint' });
    const verified = await runCasefold(['verify', '--db', 'intact.db', '--checkpoint', 'cp.json', '--key', 'signer.pub'], { cwd: dir });
    expect(verified.code, verified.stdout).toBe(0);
  });
});

describe('casefold import refuses a tampered export (exit 3, nothing imported), naming what differs', () => {
  const cases: [string, () => Line[], (s: string[]) => RegExp[]][] = [
    [
      'a case cut out (counts fixed)',
      () => recount(lines.filter((l) => l['streamId'] !== streams[0] || l['kind'] === 'leaf')),
      (s) => [new RegExp(`the root over the heads of the file's ${streamCount - 1} streams is [0-9a-f]{64}, not the end line's`), new RegExp(`streamRemoved: stream ${s[0]}.*was removed`)],
    ],
    [
      'a case truncated (counts fixed)',
      () => recount(lines.filter((l) => !(l['kind'] === 'event' && l['streamId'] === streams[1] && BigInt(l['revision'] as string) >= 3n))),
      (s) => [new RegExp(`streamTruncated: stream ${s[1]}.*revision 3: `), /eventCountDiffers/],
    ],
    ['a case re-hashed, the end line recomputed', () => recount(rehash(lines, streams[0]!), true), (s) => [new RegExp(`streamRewritten: stream ${s[0]}`)]],
    [
      'a case cut out and the end line recomputed',
      () =>
        recount(
          lines.filter((l) => l['streamId'] !== streams[1] || l['kind'] === 'leaf'),
          true,
        ),
      (s) => [new RegExp(`streamRemoved: stream ${s[1]}`)],
    ],
  ];
  it.each(cases)('%s', async (name, tamper, expected) => {
    const run = await importFile(name.replace(/\W+/g, '-'), tamper());
    expect(run.code).toBe(3);
    expect(run.imported).toBe(false);
    for (const pattern of expected(streams)) expect(run.stderr).toMatch(pattern);
    expect(run.stderr).toContain('Nothing was imported. The file was changed after `casefold export` wrote it');
  });

  it('without a checkpoint, the root alone refuses a case cut out, and the cut is refused whatever the counts say', async () => {
    const plain = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: 'original.db' })), '--db', 'original.db'], { cwd: dir });
    expect(plain.code).toBe(0);
    const file = plain.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
    expect(file[0]).not.toHaveProperty('checkpoint');
    const run = await importFile('root-only-cut', recount(file.filter((l) => l['streamId'] !== streams[0])));
    expect(run.code).toBe(3);
    expect(run.imported).toBe(false);
    expect(run.stderr).toMatch(/a case was cut out, truncated or re-hashed after the export/);
    const intact = await importFile('root-only', file);
    expect(intact.code, intact.stderr).toBe(0);
    expect(jsonOf(intact)).toMatchObject({ commitment: 'root' });
    const keyed = await importFile('root-only-keyed', file, 'signer.pub');
    expect(keyed.code).toBe(3);
    expect(keyed.stderr).toContain('the file carries no checkpoint to check with --key');
  });

  it('a file checkpointed with another key gets past a plain import, not past --key; an edited checkpoint neither', async () => {
    // As a forger who rewrote the database would: checkpoint it with their own key, export with that checkpoint.
    const cp = await runCasefold(['checkpoint', '--db', 'original.db', '--key', 'intruder', '--out', 'intruder.json'], { cwd: dir });
    expect(cp.code, cp.stderr).toBe(0);
    const resigned = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: 'original.db' })), '--db', 'original.db', '--checkpoint', 'intruder.json'], { cwd: dir });
    expect(resigned.code).toBe(0);
    expect((await importFile('resigned-plain', resigned.stdout)).code).toBe(0);
    const keyed = await importFile('resigned-keyed', resigned.stdout, 'signer.pub');
    expect(keyed.code).toBe(3);
    expect(keyed.imported).toBe(false);
    expect(keyed.stderr).toMatch(/keyDiffers: The checkpoint was signed by key [0-9a-f]{64}, not by the key given/);
    const edited = lines.map((l) => (l['kind'] === 'header' ? { ...l, checkpoint: { ...(l['checkpoint'] as Line), events: 1 } } : l));
    const run = await importFile('checkpoint-edited', edited, 'signer.pub');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/signatureInvalid: The checkpoint's signature does not match its content/);
  });

  it('still imports a version 1 file (no root, no checkpoint), saying that there was no root to check', async () => {
    const v1 = lines
      .filter((l) => l['kind'] !== 'leaf')
      .map((l) =>
        l['kind'] === 'header'
          ? { kind: 'header', format: 'casefold-events', version: 1, directory: l['directory'] }
          : l['kind'] === 'end'
            ? { kind: 'end', events: l['events'], streams: l['streams'] }
            : l,
      );
    const run = await importFile('version-1', v1);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run)).toMatchObject({ streams: streamCount, commitment: 'none' });
  });
});
