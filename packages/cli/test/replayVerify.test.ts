import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCopy } from './support/demoDatabase.js';
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
    expect(replay.stdout).toMatch(/^Replayed every event up to position [\d,]+ \(800 cases\) .* in [\d.]+ s\.$/m);
    const after = await runCasefold(['dashboards', '--json', '--db', copy.db], { cwd: copy.dir });
    expect(after.code, after.stderr).toBe(0);
    expect(jsonOf(after)).toEqual(jsonOf(before));
  });

  it('verify passes, then fails naming the case and revision of a row edited by hand', async () => {
    const ok = await runCasefold(['verify', '--db', copy.db], { cwd: copy.dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK: [\d,]+ events in 800 streams/);

    const db = openDatabase({ fileName: copy.db });
    const target = db.prepare("SELECT stream_id AS streamId, revision FROM events WHERE revision = 3 ORDER BY position LIMIT 1 OFFSET 17").get() as { streamId: string; revision: number };
    db.prepare("UPDATE events SET data = json_set(data, '$.note', 'edited by hand') WHERE stream_id = ? AND revision = ?").run(target.streamId, target.revision);
    db.close();

    const text = await runCasefold(['verify', '--db', copy.db], { cwd: copy.dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`stream:   ${target.streamId} (case ${target.streamId.replace(/^case-/, '')})`);
    expect(text.stdout).toContain('revision: 3');
    expect(text.stdout).toContain('kind:     changed');
  });
});
