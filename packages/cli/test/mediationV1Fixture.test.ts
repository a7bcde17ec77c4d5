import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/**
 * A history decided under mediation workflow version 1, exported by the release before the
 * open case model (commit 19d41f0: `casefold demo --cases 60 --seed fixture-v1`, then
 * `export`), with the read models that release printed for it. Whatever the decider and
 * the projections become, this history must import, verify and fold to the same read models.
 */
const fixture = join(import.meta.dirname, 'fixtures', 'mediation-v1');
const expected = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixture, name), 'utf8')) as Record<string, unknown>;
const withoutDatabase = (json: Record<string, unknown>): Record<string, unknown> => {
  const { database: _database, ...rest } = json;
  return rest;
};

/**
 * The timeline as that release printed it: later releases add `holidayDataMissing` to each
 * deadline (`null` when the calendar dates it, as it does every deadline of this 2025
 * history), and the case's `kind` and `workflowVersion` (here `mediation` and 1, checked
 * below); every other field must be as it was.
 */
const asReleased = (json: Record<string, unknown>): unknown => {
  const { kind: _kind, workflowVersion: _workflowVersion, ...released } = json;
  return JSON.parse(JSON.stringify(released, (key, value: unknown) => (key === 'holidayDataMissing' && value === null ? undefined : value)));
};

describe('mediation v1 fixture (made by the release before the open case model)', () => {
  it('imports, verifies, and folds to the same dashboards, statistics and timelines as that release', async () => {
    const dir = tempDir();
    const imported = await runCasefold(['import', join(fixture, 'mediation-v1.ndjson'), '--db', 'v1.db', '--json'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(jsonOf(imported)).toMatchObject({ events: 385, alreadyStored: 0, streams: 60 });

    const verify = await runCasefold(['verify', '--db', 'v1.db'], { cwd: dir });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('OK');

    const [dashboards, stats] = await Promise.all([runCasefold(['dashboards', '--json', '--db', 'v1.db'], { cwd: dir }), runCasefold(['stats', '--json', '--db', 'v1.db'], { cwd: dir })]);
    expect(dashboards.code, dashboards.stderr).toBe(0);
    expect(stats.code, stats.stderr).toBe(0);
    // Every figure that release printed is printed the same; later releases only add figures
    // (e.g. the claims of accepted and of rejected requests apart, the labour mediations, by unit).
    expect(withoutDatabase(jsonOf(dashboards))).toMatchObject(expected('dashboards.json'));
    expect(withoutDatabase(jsonOf(stats))).toMatchObject(expected('stats.json'));

    const timelines = expected('timelines.json');
    for (const caseId of Object.keys(timelines)) {
      const timeline = await runCasefold(['timeline', caseId, '--json', '--db', 'v1.db'], { cwd: dir });
      expect(timeline.code, timeline.stderr).toBe(0);
      expect(asReleased(withoutDatabase(jsonOf(timeline))), caseId).toEqual(timelines[caseId]);
      expect(jsonOf(timeline), caseId).toMatchObject({ kind: 'mediation', workflowVersion: 1 });
    }
  });
});
