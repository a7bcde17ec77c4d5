import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCaseCount, demoCopy } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

describe('casefold replay and verify on the demo database', () => {
  let copy: { readonly dir: string; readonly db: string };
  beforeAll(() => {
    copy = demoCopy();
  });

  it('replay rebuilds the read models and the dashboards are identical before and after', async () => {
    const before = await runCasefold(['dashboards', '--json', '--db', copy.db], { cwd: copy.dir });
    expect(before.code, before.stderr).toBe(0);
    const replay = await runCasefold(['replay', '--db', copy.db], { cwd: copy.dir });
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(new RegExp(`^Replayed every event up to position [\\d,]+ \\(${demoCaseCount().toLocaleString('en')} cases\\) .* in [\\d.]+ s\\.$`, 'm'));
    const after = await runCasefold(['dashboards', '--json', '--db', copy.db], { cwd: copy.dir });
    expect(after.code, after.stderr).toBe(0);
    expect(jsonOf(after)).toEqual(jsonOf(before));
  });

  it('verify passes, then fails naming the case and revision of a row edited by hand', async () => {
    const ok = await runCasefold(['verify', '--db', copy.db], { cwd: copy.dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^OK: [\\d,]+ events in ${demoCaseCount().toLocaleString('en')} streams`));

    const db = openDatabase({ fileName: copy.db });
    const target = db.prepare('SELECT stream_id AS streamId, revision FROM events WHERE revision = 3 ORDER BY position LIMIT 1 OFFSET 17').get() as { streamId: string; revision: number };
    db.prepare("UPDATE events SET data = json_set(data, '$.note', 'edited by hand') WHERE stream_id = ? AND revision = ?").run(target.streamId, target.revision);
    db.close();

    const text = await runCasefold(['verify', '--db', copy.db], { cwd: copy.dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`stream:   ${target.streamId} (case ${target.streamId.replace(/^case-/, '')})`);
    expect(text.stdout).toContain('revision: 3');
    expect(text.stdout).toContain('kind:     changed');
  });
});

describe('casefold replay --verify', () => {
  /** The stored dashboards record, as the file holds it. */
  const storedRecord = (db: string): unknown => {
    const handle = openDatabase({ fileName: db });
    try {
      return handle.prepare('SELECT name, version, position, state FROM projections ORDER BY name').all();
    } finally {
      handle.close();
    }
  };

  it('given an intact store, rebuilds the same dashboards in one verified pass', async () => {
    const { dir, db } = demoCopy();
    const before = await runCasefold(['dashboards', '--json', '--db', db], { cwd: dir });
    expect(before.code, before.stderr).toBe(0);
    const replay = await runCasefold(['replay', '--verify', '--db', db], { cwd: dir });
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(new RegExp(`^Replayed every event up to position [\\d,]+ \\(${demoCaseCount().toLocaleString('en')} cases\\) .* in [\\d.]+ s; every hash chain is intact\\.$`, 'm'));
    const json = await runCasefold(['replay', '--verify', '--json', '--db', db], { cwd: dir });
    expect(jsonOf(json)).toMatchObject({ cases: demoCaseCount(), verified: true });
    const after = await runCasefold(['dashboards', '--json', '--db', db], { cwd: dir });
    expect(jsonOf(after)).toEqual(jsonOf(before));
  });

  it('given a row edited by hand, names the broken link, exits with 1 and leaves the stored read models as they were', async () => {
    const { dir, db } = demoCopy();
    expect((await runCasefold(['dashboards', '--db', db], { cwd: dir })).code).toBe(0);
    const handle = openDatabase({ fileName: db });
    const target = handle.prepare('SELECT stream_id AS streamId, revision FROM events WHERE revision = 2 ORDER BY position LIMIT 1 OFFSET 40').get() as { streamId: string; revision: number };
    handle.prepare("UPDATE events SET metadata = json_set(metadata, '$.recordedAt', '2020-01-01T00:00:00.000Z') WHERE stream_id = ? AND revision = ?").run(target.streamId, target.revision);
    handle.close();
    const recordBefore = storedRecord(db);

    const replay = await runCasefold(['replay', '--verify', '--db', db], { cwd: dir });
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('VERIFICATION FAILED');
    expect(replay.stdout).toContain(`stream:   ${target.streamId} (case ${target.streamId.replace(/^case-/, '')})`);
    expect(replay.stdout).toContain('revision: 2');
    expect(replay.stdout).toContain('kind:     changed');
    expect(replay.stdout).not.toContain('Replayed every event');
    expect(storedRecord(db)).toEqual(recordBefore);

    // Without --verify the replay trusts the rows, as documented: it rebuilds.
    expect((await runCasefold(['replay', '--db', db], { cwd: dir })).code).toBe(0);
  });
});
