import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, tempDir, onDatabase } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/**
 * The SQLite store's `streams` table records each stream's head, which appends build on. An
 * event deleted from the end of a stream with sqlite3, the table left as it was, leaves every
 * hash chain intact: `casefold verify` compares the table with the last stored events.
 */

let dir: string;
/** A stream of the demo with at least 5 events, and its last revision. */
let target: { readonly streamId: string; readonly last: number };

/** The lines of `text` that name the stream (with a quote or space after its id: `case-1` is not `case-10`). */
const linesNaming = (text: string, streamId: string): string[] => text.split('\n').filter((line) => line.includes(`${streamId} `) || line.includes(`${streamId}'`) || line.includes(`${streamId}”`));

/** A copy of the demo database with the last event of the target stream deleted behind the store's back. */
const tailDeleted = (name: string): string => {
  const db = join(dir, `${name}.db`);
  copyFileSync(join(dir, 'original.db'), db);
  onDatabase(db, (h) => h.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(target.streamId, target.last));
  return db;
};

beforeAll(async () => {
  dir = tempDir();
  copyFileSync(demoDatabase(), join(dir, 'original.db'));
  target = onDatabase(
    join(dir, 'original.db'),
    (h) =>
      h.prepare('SELECT stream_id AS streamId, max(revision) AS last FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 1').get() as { streamId: string; last: number },
  );
  expect((await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--db', 'original.db', '--key', 'signer', '--out', 'cp.json'], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
}, 120_000);

describe('casefold verify compares the streams table with the events', () => {
  it('names the stream, its recorded head and its last stored event when the last event was deleted, and exits with 1', async () => {
    const db = tailDeleted('tail-deleted');
    const caseId = target.streamId.replace(/^case-/, '');
    const text = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("VERIFICATION FAILED: a stream's recorded head does not match its last stored event.");
    expect(text.stdout).not.toContain('a hash chain is broken');
    expect(text.stdout).toContain(`stream:   ${target.streamId} (case ${caseId})`);
    expect(text.stdout).toContain(`revision: ${target.last}`);
    expect(text.stdout).toContain('kind:     headDiffers');
    expect(text.stdout).toContain(`has a head record at revision ${target.last} (hash `);
    expect(text.stdout).toContain(`but its last stored event is revision ${target.last - 1}: revision ${target.last} removed from its end (or the head record was changed)`);

    const json = await runCasefold(['verify', '--db', db, '--json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(jsonOf(json)).toMatchObject({
      ok: false,
      brokenLink: { kind: 'headDiffers', streamId: target.streamId, caseId, revision: String(target.last), recorded: { revision: String(target.last) }, stored: { revision: String(target.last - 1) } },
    });

    const zh = await runCasefold(['verify', '--db', db, '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('链头不符');
    expect(zh.stdout).toContain('校验未通过：一个流的链头记录与其最后一个存储的事件不符。');
  });

  it('casefold checkpoint refuses to sign such a store (exit 1)', async () => {
    const db = tailDeleted('tail-deleted-checkpoint');
    const run = await runCasefold(['checkpoint', '--db', db, '--key', 'signer', '--out', 'never.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('kind:     headDiffers');
  });

  it('verify --checkpoint names the cut tail once, with the head record that disagrees (not a second time as a broken chain)', async () => {
    const db = tailDeleted('tail-deleted-against-checkpoint');
    const run = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'signer.pub', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(jsonOf<{ differences: unknown[] }>(run).differences).toEqual([
      expect.objectContaining({
        kind: 'streamTruncated',
        streamId: target.streamId,
        revision: String(target.last),
        link: expect.objectContaining({ kind: 'headDiffers', recorded: expect.objectContaining({ revision: String(target.last) }) }),
      }),
      expect.objectContaining({ kind: 'eventCountDiffers' }),
    ]);
    const text = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'signer.pub'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('(2 differences)');
    expect(linesNaming(text.stdout, target.streamId)).toHaveLength(1);
    expect(text.stdout).toContain(`its head record (headDiffers): Stream '${target.streamId}': has a head record at revision ${target.last}`);
    const zh = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'signer.pub', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.code).toBe(1);
    expect(linesNaming(zh.stdout, target.streamId)).toHaveLength(1);
    expect(zh.stdout).toContain('被截短了');
    expect(zh.stdout).toContain('链头不符');
    expect(zh.stdout).not.toContain('哈希链断开了');
  });
});

describe('many streams deleted with the streams table left as it was', () => {
  /** A copy of the demo database with the events of the first `count` streams deleted, their streams rows kept. */
  const streamsDeleted = (name: string, count: number): { readonly db: string; readonly streams: readonly string[] } => {
    const db = join(dir, `${name}.db`);
    copyFileSync(join(dir, 'original.db'), db);
    const streams = onDatabase(db, (h) => {
      const ids = h.prepare('SELECT stream_id FROM streams ORDER BY stream_id LIMIT ?').pluck().all(count) as string[];
      const remove = h.prepare('DELETE FROM events WHERE stream_id = ?');
      h.transaction(() => ids.forEach((id) => remove.run(id)))();
      return ids;
    });
    return { db, streams };
  };

  it('verify --checkpoint names each removed stream once, with its head record, and counts nothing as a broken hash chain', async () => {
    const { db, streams } = streamsDeleted('many-removed', 120);
    const run = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'signer.pub', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    const { differences } = jsonOf<{ differences: { kind: string; streamId?: string; link?: { kind: string } }[] }>(run);
    const removed = differences.filter((d) => d.kind === 'streamRemoved');
    expect(removed.map((d) => d.streamId)).toEqual(streams);
    expect(removed.every((d) => d.link?.kind === 'headDiffers')).toBe(true);
    expect(differences.map((d) => d.kind).filter((kind) => kind !== 'streamRemoved')).toEqual(['eventCountDiffers']);

    const text = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'signer.pub'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('(121 differences)');
    expect(text.stdout).not.toContain('more streams');
    for (const streamId of streams) expect(linesNaming(text.stdout, streamId)).toHaveLength(1);
  });

  it('without the leaves, the head records past the first 100 are counted as such, not as broken hash chains, in English and Chinese', async () => {
    const { db } = streamsDeleted('many-removed-no-leaves', 120);
    copyFileSync(join(dir, 'cp.json'), join(dir, 'cp-alone.json'));
    const run = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp-alone.json', '--key', 'signer.pub', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    const { differences } = jsonOf<{ differences: { kind: string; count?: number; headsDiffer?: number; link?: { kind: string } }[] }>(run);
    expect(differences.filter((d) => d.kind === 'chainBroken').every((d) => d.link?.kind === 'headDiffers')).toBe(true);
    expect(differences.find((d) => d.kind === 'moreChainsBroken')).toMatchObject({ count: 20, headsDiffer: 20 });

    const text = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp-alone.json', '--key', 'signer.pub'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("20 more streams' recorded heads differ from their last stored events (only the first 100 broken streams are listed).");
    expect(text.stdout).not.toContain('hash chains of 20 more streams');
    const zh = await runCasefold(['verify', '--db', db, '--checkpoint', 'cp-alone.json', '--key', 'signer.pub', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('另有 20 个流的链头记录与其最后一个存储的事件不符');
    expect(zh.stdout).not.toContain('哈希链断开了');
  });
});
