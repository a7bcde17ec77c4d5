import { describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { storeWithLateCallback } from './support/lateCallbackStore.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/*
 * Honest time in the CLI, over a real SQLite file (see storeWithLateCallback): the call-back
 * counts as on time by its date; the timeline and the dashboards show that it was recorded
 * late, after the due time.
 */

type Json = Record<string, any>;

describe('casefold timeline and dashboards: facts recorded late', () => {
  it('the timeline shows when a late event was recorded and the deadline it met "on time, recorded late"; the dashboards list it and count it', async () => {
    const db = await storeWithLateCallback();
    const cwd = tempDir();

    const timeline = await runCasefold(['timeline', 'L-1', '--db', db], { cwd });
    expect(timeline.code, timeline.stderr).toBe(0);
    expect(timeline.stdout).toContain('2026-06-03 16:00 (recorded late: 2026-06-05 10:00)');
    expect(timeline.stdout).toMatch(/rejectionCallback .* met on time, recorded late \(2026-06-05 10:00\)/);
    const json = jsonOf<Json>(await runCasefold(['timeline', 'L-1', '--json', '--db', db], { cwd }));
    const late = (json['items'] as Json[]).filter((item) => item['recordedAt'] !== undefined);
    expect(late.map((item) => [item['type'], item['occurredAt'], item['recordedAt']])).toEqual([['CallbackRecorded', '2026-06-03T08:00:00.000Z', '2026-06-05T02:00:00.000Z']]);

    const dashboards = await runCasefold(['dashboards', '--db', db], { cwd });
    expect(dashboards.code, dashboards.stderr).toBe(0);
    expect(dashboards.stdout).toContain('On time, recorded late');
    expect(dashboards.stdout).toMatch(/L-1\s+│?\s*mediation\s+│?\s*rejectionCallback: /);
    expect(dashboards.stdout).toMatch(/of which recorded late\s+│?\s*1/);
    expect(dashboards.stdout).toMatch(/events recorded late\s+│?\s*1\s+│?\s*more than an hour after they happened; 1 cases/);
    const d = jsonOf<Json>(await runCasefold(['dashboards', '--json', '--db', db], { cwd }))['dashboards'] as Json;
    expect(d['deadlines']['onTimeRecordedLate']).toMatchObject([
      { caseId: 'L-1', rule: 'rejectionCallback', stoppedAt: '2026-06-03T08:00:00.000Z', stopRecordedAt: '2026-06-05T02:00:00.000Z', dueAt: '2026-06-03T16:00:00.000Z', onTimeRecordedLate: true },
    ]);
    expect(d['statistics']['closure']).toMatchObject({ closed: 1, onTime: 1, onTimeRecordedLate: 1 });
    expect(d['statistics']['recordedLate']).toEqual({ events: 1, cases: 1 });
  });
});
