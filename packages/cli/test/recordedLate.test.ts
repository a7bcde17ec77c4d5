import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { sampleDirectory } from '@casefold/core/testing';
import { caseCommandHandler } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/*
 * Honest time in the CLI, over a real SQLite file: a request rejected on Monday 1 June 2026,
 * whose call-back (due by the end of Wednesday 3 June, two working days) a follow-up agent
 * records on Friday 5 June dated Wednesday 3 June, as the mediation workflow's backdating
 * policy lets that role. The call-back counts as on time by its date; the timeline and the
 * dashboards show that it was recorded late, after the due time.
 */

const clerk = { actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' } };
const agent = { actor: { id: 'agent-1', role: 'followUpAgent', unit: 'majie' } };

const storeWithLateCallback = async (): Promise<string> => {
  const db = join(tempDir(), 'late.db');
  const store = await openSqliteStore({ fileName: db });
  let now = '2026-06-01T01:00:00.000Z';
  try {
    const execute = caseCommandHandler({ store: store.events, directory: sampleDirectory(), clock: () => now });
    const submitted = await execute(
      {
        type: 'Submit',
        commandId: 'L-1/submit',
        caseId: 'L-1',
        channel: 'window',
        category: 'tenancy',
        summary: 'Deposit not returned',
        receivingUnit: 'majie',
        area: 'majie-north',
        claimedAmountFen: null,
        parties: [{ subjectId: 'resident-1', side: 'applicant', pii: { name: '赵六', phone: null, idNumber: null } }],
      },
      clerk,
    );
    now = '2026-06-01T02:00:00.000Z';
    const reviewed = await execute({ type: 'Review', commandId: 'L-1/review', caseId: 'L-1', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Arose in another district' } }, clerk);
    now = '2026-06-05T02:00:00.000Z';
    const calledBack = await execute(
      { type: 'RecordCallback', commandId: 'L-1/callback', caseId: 'L-1', purpose: 'rejectionExplained', reached: true, satisfaction: null, note: null },
      { ...agent, occurredAt: '2026-06-03T08:00:00.000Z' },
    );
    now = '2026-06-05T03:00:00.000Z';
    const closed = await execute({ type: 'Close', commandId: 'L-1/close', caseId: 'L-1', referredTo: null, note: null }, clerk);
    for (const outcome of [submitted, reviewed, calledBack, closed]) expect(E.isRight(outcome), JSON.stringify(E.isLeft(outcome) ? outcome.left : null)).toBe(true);
  } finally {
    await store.close();
  }
  return db;
};

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
