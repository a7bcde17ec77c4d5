import { describe, expect, it } from 'vitest';
import {
  caseBoardCountQuery,
  caseBoardQuery,
  caseBoardTotalQuery,
  caseTimelineQuery,
  caseTimelineRulesQuery,
  deadlinesQuery,
  escalationCasesQuery,
  escalationFiguresQuery,
  escalationPathQuery,
  isReportInputError,
  statisticsQuery,
} from '../../src/projections/index.js';
import { mixedDirectory } from './mixedStores.js';
import { calendar } from '../support/fixtures.js';

/** The field and message of the ReportInputError `build` throws; fails when it returns or throws anything else. */
const refusal = (build: () => unknown): { field: string; message: string } => {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  if (!isReportInputError(error)) throw new Error(`expected a ReportInputError, got ${error === undefined ? 'a query' : String(error)}`);
  return { field: error.field, message: error.message };
};

/** Values read from outside (a query string, JSON), as a caller forwards them without looking. */
const request: Record<string, unknown> = { open: 'false', limit: '5', status: 'closedish' };

describe('query builders refuse bad options with ReportInputError instead of widening or emptying the query', () => {
  it('caseBoardQuery: an undefined unit, kind, status, stage or open is refused, not read as "every"', () => {
    for (const name of ['unit', 'kind', 'status', 'stage', 'open']) {
      const { field, message } = refusal(() => caseBoardQuery(mixedDirectory, { [name]: request.missing, limit: 5 } as never));
      expect(field).toBe(`caseBoardQuery: ${name}`);
      expect(message).toContain('is undefined');
      expect(message).toContain(`leave ${name} out`);
    }
  });

  it('caseBoardQuery: open as text, an unknown status, a limit as text, a bad direction or cursor are refused', () => {
    expect(refusal(() => caseBoardQuery(mixedDirectory, { open: request.open as boolean, limit: 5 }))).toEqual({
      field: 'caseBoardQuery: open',
      message: 'caseBoardQuery: open: must be true or false (a boolean, not text), got "false"',
    });
    expect(refusal(() => caseBoardQuery(mixedDirectory, { status: request.status as never, limit: 5 })).message).toMatch(/status: must be one of the public statuses .*"pending".*, got "closedish"/);
    expect(refusal(() => caseBoardQuery(mixedDirectory, { limit: request.limit as number })).message).toContain('limit: must be a whole number of rows, 1 or more, got "5"');
    expect(refusal(() => caseBoardQuery(mixedDirectory, { limit: 5, direction: 'down' as never })).field).toBe('caseBoardQuery: direction');
    expect(refusal(() => caseBoardQuery(mixedDirectory, { limit: 5, after: 'abc' as never })).field).toBe('caseBoardQuery: after');
    expect(refusal(() => caseBoardQuery(mixedDirectory, { unit: 7 as never, limit: 5 })).message).toContain('unit: must be text (a unit id), got 7');
    expect(refusal(() => caseBoardQuery(mixedDirectory, undefined as never)).field).toBe('caseBoardQuery');
  });

  it('caseBoardQuery: good options still build the query they did', () => {
    expect(caseBoardQuery(mixedDirectory, { kind: 'petition', status: 'pending', open: false, limit: 5, direction: 'desc', after: [1, 'a', 'b'] })).toEqual({
      where: { kind: 'petition', status: 'pending', open: 0 },
      orderBy: ['submittedMs', 'caseId'],
      limit: 5,
      direction: 'desc',
      after: [1, 'a', 'b'],
    });
    expect(caseBoardQuery(mixedDirectory, { limit: 5 }).where).toEqual({});
  });

  it('caseBoardTotalQuery and caseBoardCountQuery refuse the same', () => {
    expect(refusal(() => caseBoardTotalQuery(mixedDirectory, { unit: request.missing as string })).field).toBe('caseBoardTotalQuery: unit');
    expect(refusal(() => caseBoardTotalQuery(mixedDirectory, { open: 1 as never })).message).toContain('got 1');
    expect(refusal(() => caseBoardCountQuery({ kind: request.missing as string })).field).toBe('caseBoardCountQuery: kind');
    expect(caseBoardCountQuery({ kind: 'petition' }).where).toEqual({ kind: 'petition' });
  });

  it('deadlinesQuery refuses an undefined unit or kind (it would read every case, closed ones too)', () => {
    expect(refusal(() => deadlinesQuery(mixedDirectory, { unit: request.missing as string })).field).toBe('deadlinesQuery: unit');
    expect(refusal(() => deadlinesQuery(mixedDirectory, { kind: request.missing as string })).field).toBe('deadlinesQuery: kind');
    expect(refusal(() => deadlinesQuery(mixedDirectory, { kind: ['mediation'] as never })).message).toContain('got ["mediation"]');
    expect(deadlinesQuery(mixedDirectory).where).toEqual({});
  });

  it('statisticsQuery refuses an undefined unit or workflow (it would count the whole store)', () => {
    expect(refusal(() => statisticsQuery(calendar, { unit: request.missing as string, directory: mixedDirectory })).field).toBe('statisticsQuery: unit');
    expect(refusal(() => statisticsQuery(calendar, { workflow: request.missing as string })).field).toBe('statisticsQuery: workflow');
  });

  it('the timeline and escalation builders refuse an undefined case id, kind or paging', () => {
    expect(refusal(() => caseTimelineQuery(request.missing as string)).field).toBe('caseTimelineQuery: caseId');
    expect(refusal(() => caseTimelineQuery('M-1', { limit: request.missing as number })).field).toBe('caseTimelineQuery: limit');
    expect(refusal(() => caseTimelineRulesQuery('mediation', '1' as never)).message).toContain('got "1"');
    expect(refusal(() => escalationPathQuery(request.missing as string)).field).toBe('escalationPathQuery: caseId');
    expect(refusal(() => escalationFiguresQuery({ kind: request.missing as string })).field).toBe('escalationFiguresQuery: kind');
    expect(refusal(() => escalationCasesQuery({ kind: request.missing as string })).field).toBe('escalationCasesQuery: kind');
    expect(caseTimelineQuery('M-1')).toEqual({ where: { caseId: 'M-1' }, orderBy: ['revision'], limit: 1000 });
  });
});
