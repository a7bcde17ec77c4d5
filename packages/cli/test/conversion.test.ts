import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gridEventWorkflow, mediationWorkflow } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { caseCommandHandler, convertCase } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { tempDir } from './support/demoDatabase.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

/*
 * 访调对接 on a real SQLite file: a grid worker's report of a neighbours' dispute is converted
 * into a mediation case; the CLI (a real process) verifies both histories and counts each
 * case once, under its own kind.
 */

const gridWorker = { id: 'gridWorker-7', role: 'gridWorker', unit: 'grid-7' };
const neighbours = [
  { subjectId: 'resident-1', side: 'applicant' as const, pii: { name: '赵六', phone: null, idNumber: null } },
  { subjectId: 'resident-2', side: 'respondent' as const, pii: { name: '钱七', phone: null, idNumber: null } },
];

/** What a failed command or conversion says (for the assertion message). */
const failureOf = (result: E.Either<unknown, unknown>): string => (E.isLeft(result) ? JSON.stringify(result.left, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) : '');

/** A store holding one grid event converted to one mediation case. */
const convertedStore = async (): Promise<string> => {
  const db = join(tempDir(), 'centre.db');
  const store = await openSqliteStore({ fileName: db });
  try {
    const execute = caseCommandHandler({ store: store.events, directory: sampleDirectory(), workflows: [mediationWorkflow, gridEventWorkflow] });
    const reported = await execute(
      {
        type: 'Submit',
        commandId: 'G-1/report',
        caseId: 'G-1',
        kind: 'gridEvent',
        channel: 'patrol',
        category: 'civilDispute',
        summary: 'Water leaking from the flat above; the neighbours quarrel on the stairs',
        receivingUnit: 'grid-7',
        area: 'grid-7',
        claimedAmountFen: null,
        parties: neighbours,
      },
      { actor: gridWorker },
    );
    expect(E.isRight(reported), failureOf(reported)).toBe(true);
    // The centre has it checked on site first: events only the grid-event kind knows.
    const verification = await execute(
      { type: 'RequestVerification', commandId: 'G-1/verify', caseId: 'G-1', note: 'Please confirm who is involved' },
      { actor: { id: 'clerk-7', role: 'intakeClerk', unit: 'grid-7' } },
    );
    expect(E.isRight(verification), failureOf(verification)).toBe(true);
    const verified = await execute({ type: 'VerifyOnSite', commandId: 'G-1/verified', caseId: 'G-1', confirmed: true, findings: 'Two households on the third floor' }, { actor: gridWorker });
    expect(E.isRight(verified), failureOf(verified)).toBe(true);
    const converted = await convertCase(
      execute,
      {
        conversionId: 'conv-G-1',
        fromCaseId: 'G-1',
        note: 'A civil dispute between neighbours: to the mediation desk',
        to: {
          kind: 'mediation',
          caseId: 'M-1',
          channel: 'gridPatrol',
          category: 'neighbour',
          summary: 'Water leaking from the flat above',
          receivingUnit: 'grid-7',
          area: 'grid-7',
          claimedAmountFen: 300_000,
          parties: neighbours,
        },
      },
      { actor: gridWorker },
    );
    expect(E.isRight(converted), failureOf(converted)).toBe(true);
  } finally {
    await store.close();
  }
  return db;
};

describe('a grid event converted to a mediation case (访调对接), read by the CLI', () => {
  it('both histories verify, each kind counts its case once, and each timeline shows the link', async () => {
    const db = await convertedStore();
    const cwd = tempDir();
    const verify = await runCasefold(['verify', '--db', db], { cwd });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/OK: 5 events in 2 streams/);

    const stats = await runCasefold(['stats', '--json', '--db', db], { cwd });
    expect(stats.code, stats.stderr).toBe(0);
    const report = jsonOf<{ intake: { total: number }; byKind: Record<string, { received: number }> }>(stats);
    expect(report.intake.total).toBe(2);
    expect(Object.fromEntries(Object.entries(report.byKind).map(([kind, figures]) => [kind, figures.received]))).toEqual({ gridEvent: 1, mediation: 1 });

    const gridTimeline = await runCasefold(['timeline', 'G-1', '--db', db], { cwd });
    expect(gridTimeline.code, gridTimeline.stderr).toBe(0);
    expect(gridTimeline.stdout).toContain('Converted to mediation case M-1');
    const mediationTimeline = await runCasefold(['timeline', 'M-1', '--json', '--db', db], { cwd });
    expect(mediationTimeline.code, mediationTimeline.stderr).toBe(0);
    expect(jsonOf<{ items: { type: string }[] }>(mediationTimeline).items.map((i) => i.type)).toEqual(['Submitted']);
  });
});
