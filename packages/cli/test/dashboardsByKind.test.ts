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
 * `casefold dashboards` over a real SQLite file holding several kinds: a grid event a
 * micro-grid's worker resolved on the spot, a grid event converted to a mediation case, and
 * that mediation case. Every dashboard shows its figures by kind; --kind limits them to one.
 */

const parties = [{ subjectId: 'resident-1', side: 'applicant' as const, pii: { name: '赵六', phone: null, idNumber: null } }];
const report = (caseId: string, unit: string, category: string) => ({
  type: 'Submit',
  commandId: `${caseId}/report`,
  caseId,
  kind: 'gridEvent',
  channel: 'patrol',
  category,
  summary: 'Seen on patrol',
  receivingUnit: unit,
  area: unit,
  claimedAmountFen: null,
  parties,
});

const mixedStore = async (): Promise<string> => {
  const db = join(tempDir(), 'kinds.db');
  const store = await openSqliteStore({ fileName: db });
  try {
    const execute = caseCommandHandler({ store: store.events, directory: sampleDirectory(), workflows: [mediationWorkflow, gridEventWorkflow] });
    const worker = (unit: string) => ({ actor: { id: `gridWorker@${unit}`, role: 'gridWorker', unit } });
    const outcomes = [
      await execute(report('B-1', 'grid-7-b3', 'greenSpaceLitter'), worker('grid-7-b3')),
      await execute({ type: 'ResolveOnTheSpot', commandId: 'B-1/resolve', caseId: 'B-1', action: 'Cleared with the residents', evidence: ['photo-1'] }, worker('grid-7-b3')),
      await execute({ type: 'Close', commandId: 'B-1/close', caseId: 'B-1', referredTo: null, note: null }, { actor: { id: 'chief-7', role: 'gridChief', unit: 'grid-7' } }),
      await execute(report('G-1', 'grid-7', 'civilDispute'), worker('grid-7')),
    ];
    for (const outcome of outcomes) expect(E.isRight(outcome), JSON.stringify(E.isLeft(outcome) ? outcome.left : null)).toBe(true);
    const converted = await convertCase(
      execute,
      {
        conversionId: 'conv-G-1',
        fromCaseId: 'G-1',
        note: null,
        to: { kind: 'mediation', caseId: 'M-1', channel: 'gridPatrol', category: 'neighbour', summary: 'Neighbours quarrel', receivingUnit: 'grid-7', area: 'grid-7', claimedAmountFen: null, parties },
      },
      worker('grid-7'),
    );
    expect(E.isRight(converted)).toBe(true);
  } finally {
    await store.close();
  }
  return db;
};

type Json = Record<string, any>;

describe('casefold dashboards, by kind', () => {
  it('shows every kind: the board by kind × status, resolution shares by kind, deadlines by kind; --kind limits every dashboard to one kind; a timeline names its kind; an unknown kind is a usage error', async () => {
    const db = await mixedStore();
    const cwd = tempDir();
    const all = await runCasefold(['dashboards', '--db', db], { cwd });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('By kind and public status');
    expect(all.stdout).toMatch(/gridEvent\s+2\s+0\s+0\s+2\s+0/);
    expect(all.stdout).toMatch(/mediation\s+1\s+1\s+0\s+0\s+0/);
    expect(all.stdout).toContain('By kind (shares of the settled cases)');

    const grid = await runCasefold(['dashboards', '--json', '--kind', 'gridEvent', '--db', db], { cwd });
    expect(grid.code, grid.stderr).toBe(0);
    const d = jsonOf<Json>(grid)['dashboards'] as Json;
    expect(d['kind']).toBe('gridEvent');
    expect(d['caseBoard']).toMatchObject({ total: 2, byKind: { gridEvent: 2 }, byStage: { closed: 1, convertedToMediation: 1 } });
    expect(d['escalation']['overall']).toMatchObject({ cases: 2, converted: 1, settled: 1, settledByLevel: { microGrid: 1 }, withinGridShare: 1, withinCommunityShare: 1 });
    expect(Object.keys(d['escalation']['byKind'])).toEqual(['gridEvent']);
    expect(d['deadlines']['openCases']).toBe(1); // G-1 waits to be closed after its conversion

    const mediationText = await runCasefold(['dashboards', '--kind', 'mediation', '--db', db], { cwd });
    expect(mediationText.code, mediationText.stderr).toBe(0);
    expect(mediationText.stdout).toContain('CASE BOARD (kind: mediation) — 1 cases, 1 open');
    expect(mediationText.stdout).toContain('submitted 未审核');
    expect(mediationText.stdout).toMatch(/mediation\s+1\s+1\s+0\s+0\s+0\s+0\s+0/);

    const timeline = await runCasefold(['timeline', 'G-1', '--db', db], { cwd });
    expect(timeline.code, timeline.stderr).toBe(0);
    expect(timeline.stdout).toContain('Timeline of case G-1 (2 events; kind gridEvent@1;');
    expect(timeline.stdout).toContain('Converted to mediation case M-1');

    const unknown = await runCasefold(['dashboards', '--kind', 'parking', '--db', db], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--kind must be a case kind, one of mediation, legalConsultation, legalAid, gridEvent, petition; got "parking"');
  });
});
