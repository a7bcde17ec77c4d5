import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { caseCommandHandler } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { tempDir } from './demoDatabase.js';

const clerk = { actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' } };
const agent = { actor: { id: 'agent-1', role: 'followUpAgent', unit: 'majie' } };

/**
 * A real SQLite file holding one mediation case, L-1, with a fact recorded late: the request
 * is rejected on Monday 1 June 2026, and its call-back (due by the end of Wednesday 3 June,
 * two working days) is recorded by a follow-up agent on Friday 5 June dated Wednesday 3 June,
 * as the mediation workflow's backdating policy lets that role; then the case is closed.
 * Revisions: 0 Submitted, 1 Reviewed, 2 CallbackRecorded (recorded late), 3 Closed.
 */
export const storeWithLateCallback = async (): Promise<string> => {
  const db = join(tempDir(), 'late.db');
  const store = await openSqliteStore({ fileName: db });
  let now = '2026-06-01T01:00:00.000Z';
  try {
    const execute = caseCommandHandler({ store: store.events, directory: sampleDirectory(), clock: () => now });
    const submitted = await execute(
      sampleSubmit('L-1', { claimedAmountFen: null, parties: [{ subjectId: 'resident-1', side: 'applicant', pii: { name: '赵六', phone: null, idNumber: null } }] }),
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
