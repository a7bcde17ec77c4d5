import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseDigest } from './support/databaseDigest.js';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { storeUnits, withPersonalData } from './support/operatorPrincipal.js';

describe('casefold export / import', () => {
  it('round-trips the demo: same events and hashes, same dashboards, verify passes; importing again adds nothing', async () => {
    const dir = tempDir();
    const exported = await runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: demoDatabase() })), '--db', demoDatabase()], { cwd: dir });
    expect(exported.code, exported.stderr).toBe(0);
    const lines = exported.stdout.trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(header).toMatchObject({ kind: 'header', format: 'casefold-events', version: 2 });
    expect(Array.isArray(header['directory'])).toBe(true);
    const end = JSON.parse(lines[lines.length - 1]!) as { kind: string; events: number; streams: number };
    expect(end).toMatchObject({ kind: 'end', streams: new Set(lines.slice(1, -1).map((line) => (JSON.parse(line) as { streamId: string }).streamId)).size });
    expect(end.events).toBe(lines.length - 2);
    expect(end.events).toBe(databaseDigest(demoDatabase()).events);

    const imported = await runCasefold(['import', '-', '--db', 'copy.db', '--json'], { cwd: dir, stdin: exported.stdout });
    expect(imported.code, imported.stderr).toBe(0);
    expect(jsonOf(imported)).toMatchObject({ events: end.events, alreadyStored: 0, streams: end.streams, directory: 'imported' });
    expect(databaseDigest(join(dir, 'copy.db'), { eventsOnly: true })).toEqual(databaseDigest(demoDatabase(), { eventsOnly: true }));

    const [original, copy, verify, again] = await Promise.all([
      runCasefold(['dashboards', '--json', '--db', demoDatabase()], { cwd: dir }),
      runCasefold(['dashboards', '--json', '--db', 'copy.db'], { cwd: dir }),
      runCasefold(['verify', '--db', 'copy.db'], { cwd: dir }),
      runCasefold(['export', ...withPersonalData(dir, await storeUnits(dir, { db: demoDatabase() })), '--out', 'again.ndjson', '--db', 'copy.db'], { cwd: dir }),
    ]);
    for (const run of [original, copy, verify, again]) expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(copy)['dashboards']).toEqual(jsonOf(original)['dashboards']);
    expect(readFileSync(join(dir, 'again.ndjson'), 'utf8')).toBe(exported.stdout);
    const before = databaseDigest(join(dir, 'copy.db'));
    const twice = await runCasefold(['import', 'again.ndjson', '--db', 'copy.db', '--json'], { cwd: dir });
    expect(twice.code, twice.stderr).toBe(0);
    expect(jsonOf(twice)).toMatchObject({ events: 0, alreadyStored: end.events });
    expect(databaseDigest(join(dir, 'copy.db'))).toEqual(before);
  });
});
