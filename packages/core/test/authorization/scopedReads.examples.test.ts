import { describe, expect, it } from 'vitest';
import {
  CASE_PARTS,
  WITHHELD,
  WITHHELD_DESCRIPTION,
  WITHHELD_VALUE,
  caseBoardProjection,
  caseScopesProjection,
  caseSight,
  caseTimelineProjection,
  casesOnBoard,
  deadlineReport,
  deadlinesProjection,
  escalationPathOf,
  escalationPathsProjection,
  redactCaseEvent,
  scopeCaseBoard,
  scopeCaseTimelines,
  scopeDeadlines,
  scopeEscalationPaths,
  scopeStatistics,
  statisticsProjection,
  statisticsReport,
  timelineOf,
} from '@casefold/core';
import { calendar, run, submit } from '../support/fixtures.js';
import { project, storeOf } from '../projections/project.js';
import { citizen, shippedAuthorization, staff } from './authorizationFixtures.js';

const authorization = shippedAuthorization();
const AT = '2026-06-01T01:00:00.000Z';

/** Majie's case M-1 (dispatched to Majie North) and Guandu's case G-1, submitted at each district's window. */
const store = storeOf(
  run([
    { at: AT, role: 'intakeClerk', unit: 'majie', command: submit('M-1') },
    { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'M-1', decision: { outcome: 'accepted', note: null } } },
    { at: '2026-06-01T03:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'M-1', to: 'majie-north', reason: null } },
  ]),
  run([
    {
      at: AT,
      role: 'intakeClerk',
      unit: 'guandu',
      command: submit('G-1', { receivingUnit: 'guandu', area: 'guandu', parties: [{ subjectId: 'g-1', side: 'applicant', pii: { name: '王五', phone: null, idNumber: null } }] }),
    },
  ]),
);
const scopes = project(caseScopesProjection, store);
const majieClerk = caseSight(staff('c1', 'intakeClerk', 'majie'), authorization, scopes);
const guanduClerk = caseSight(staff('c9', 'intakeClerk', 'guandu'), authorization, scopes);

describe('scoped reads: each read model as one principal may see it', () => {
  it('given two districts’ cases, when each clerk reads the board, then each sees their own case only, counted alone', () => {
    const board = project(caseBoardProjection, store);
    expect(casesOnBoard(scopeCaseBoard(board, majieClerk)).map((e) => e.caseId)).toEqual(['M-1']);
    expect(casesOnBoard(scopeCaseBoard(board, guanduClerk)).map((e) => e.caseId)).toEqual(['G-1']);
    expect(scopeCaseBoard(board, guanduClerk).counts).toMatchObject({ total: 1, byUnit: { guandu: 1 } });
    expect(JSON.stringify(scopeCaseBoard(board, guanduClerk))).not.toContain('M-1');
  });

  it('given a timeline of another district’s case, then it is absent; of a case seen without its summary, its lines read (withheld)', () => {
    const timelines = project(caseTimelineProjection, store);
    expect(timelineOf(scopeCaseTimelines(timelines, guanduClerk), 'M-1', calendar)).toBeNull();
    expect(timelineOf(scopeCaseTimelines(timelines, majieClerk), 'M-1', calendar)?.items.map((i) => i.summary)).toHaveLength(3);
    const caseOnly = (caseId: string, part: string) => part === 'case' && majieClerk(caseId, 'case');
    expect(timelineOf(scopeCaseTimelines(timelines, caseOnly), 'M-1', calendar)?.items.map((i) => i.summary)).toEqual([WITHHELD, WITHHELD, WITHHELD]);
    // and so do their descriptions, from which the pages say the line in their language
    expect(timelineOf(scopeCaseTimelines(timelines, caseOnly), 'M-1', calendar)?.items.map((i) => i.description)).toEqual([WITHHELD_DESCRIPTION, WITHHELD_DESCRIPTION, WITHHELD_DESCRIPTION]);
  });

  it('given the deadlines, then each clerk’s report counts only their open cases', () => {
    const deadlines = project(deadlinesProjection, store);
    expect(deadlineReport(deadlines, '2026-06-02T00:00:00.000Z', calendar).openCases).toBe(2);
    expect(deadlineReport(scopeDeadlines(deadlines, guanduClerk), '2026-06-02T00:00:00.000Z', calendar).openCases).toBe(1);
  });

  it('given the statistics, then each clerk’s figures count only their cases', () => {
    const statistics = project(statisticsProjection, store);
    expect(statisticsReport(scopeStatistics(statistics, majieClerk), calendar).intake).toMatchObject({ total: 1 });
    expect(statisticsReport(statistics, calendar).intake).toMatchObject({ total: 2 });
  });

  it('given the escalation paths, then another district’s path is absent', () => {
    const paths = project(escalationPathsProjection, store);
    expect(escalationPathOf(scopeEscalationPaths(paths, guanduClerk), 'M-1')).toBeNull();
    expect(escalationPathOf(scopeEscalationPaths(paths, majieClerk), 'M-1')).not.toBeNull();
  });

  it('given an export of a submission, then the district leader (no personal data) reads the parties without their names, the applicant reads all, an outsider nothing', () => {
    const submitted = store[0]!.event;
    const leader = new Set(CASE_PARTS.filter((part) => caseSight(staff('l1', 'leaderInCharge', 'xishan'), authorization, scopes)('M-1', part)));
    const redacted = JSON.stringify(redactCaseEvent(submitted, leader));
    expect(redacted).not.toContain('张三');
    expect(redacted).toContain(JSON.stringify(WITHHELD_VALUE));
    expect(redacted).toContain('Deposit not returned');
    const own = new Set(CASE_PARTS.filter((part) => caseSight(citizen('p-1'), authorization, scopes)('M-1', part)));
    expect(JSON.stringify(redactCaseEvent(submitted, own))).toContain('张三');
    expect(redactCaseEvent(submitted, new Set())).toBeNull();
  });
});
