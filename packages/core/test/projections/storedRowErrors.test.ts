import { describe, expect, it } from 'vitest';
import type { AnyCaseEvent, Envelope, Row, RowProjection } from '@casefold/core';
import {
  StoredRowError,
  caseTimelineQuery,
  caseTimelineRows,
  caseTimelineRulesQuery,
  deadlineReportOfRows,
  deadlinesRows,
  escalationPathOfRows,
  escalationPathsRows,
  escalationReportOfRows,
  isStoredRowError,
  statisticsReportOfRows,
  statisticsRows,
  timelineOfRows,
} from '../../src/index.js';
import { clockChangeShape, clockFactsShape, eventDescriptionShape } from '../../src/projections/shared/storedShapes.js';
import { calendar, directory } from '../support/fixtures.js';
import { fourCentres } from './fourCentres.js';
import { storeOf } from './project.js';
import { foldRows, queryAll } from './rowFold.js';

/*
 * A built-in row whose JSON column was changed behind the projection's back (not JSON, or JSON
 * of another shape) is refused with one typed error naming the projection, the row, the column
 * and the problem, and saying to rebuild — when a report reads it and when apply reads it.
 */

const envelopes = storeOf(...fourCentres);
const NOW = '2026-06-10T08:00:00.000Z';

/** The rows with one column of one row replaced. */
const corrupted = <R extends Row>(table: ReadonlyMap<string, R>, key: string, column: keyof R & string, text: string): Map<string, R> => {
  const row = table.get(key);
  if (row === undefined) throw new Error(`no row ${key}`);
  return new Map(table).set(key, { ...row, [column]: text });
};

/** The error `read` throws, checked to be a StoredRowError naming the projection, row and column. */
const refusal = (read: () => unknown, projection: string, key: string, column: string): StoredRowError => {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(isStoredRowError(thrown), String(thrown)).toBe(true);
  const error = thrown as StoredRowError;
  expect(error).toBeInstanceOf(StoredRowError);
  expect({ projection: error.projection, key: error.key, column: error.column }).toEqual({ projection, key, column });
  expect(error.message).toContain(`Row projection '${projection}', row ${JSON.stringify(key)}, column '${column}'`);
  expect(error.message).toMatch(/derived from the events: delete them \(`casefold replay`.*delete\(".*"\)\) and start the runner again/);
  return error;
};

/** A JSON column's value parsed, changed by `change`, written back. */
const reshaped = (text: string, change: (value: Record<string, any>) => unknown): string => JSON.stringify(change(JSON.parse(text) as Record<string, any>));

/** The first row of the table with a non-empty JSON object in `column`. */
const rowWith = <R extends Row>(table: ReadonlyMap<string, R>, column: keyof R & string): R => {
  const row = [...table.values()].find((r) => typeof r[column] === 'string' && Object.keys(JSON.parse(r[column] as string) as object).length > 0);
  if (row === undefined) throw new Error(`no row with a non-empty ${column}`);
  return row;
};

describe('deadlinesRows: a stored row that is not what the projection writes', () => {
  const projection = deadlinesRows(directory);
  const { table } = foldRows(projection, envelopes);
  const row = rowWith(table, 'clocks');
  const report = (rows: ReadonlyMap<string, typeof table extends Map<string, infer R> ? R : never>) => () => deadlineReportOfRows(rows.values(), NOW, calendar);

  it('reads the rows as written', () => {
    expect(report(table)).not.toThrow();
  });

  it('clocks not JSON: a StoredRowError saying so, not a SyntaxError', () => {
    const error = refusal(report(corrupted(table, row.streamId, 'clocks', '{not json')), 'deadlinesRows', row.streamId, 'clocks');
    expect(error.problem).toMatch(/^not JSON \(/);
  });

  it("clocks of the wrong shape (a clock's pauses not an array): a StoredRowError naming the field, not a TypeError", () => {
    const [rule] = Object.keys(JSON.parse(row.clocks) as object);
    const bad = reshaped(row.clocks, (clocks) => ({ ...clocks, [rule!]: { ...clocks[rule!], pauses: 5 } }));
    const error = refusal(report(corrupted(table, row.streamId, 'clocks', bad)), 'deadlinesRows', row.streamId, 'clocks');
    expect(error.problem).toBe(`clocks.${rule}.pauses should be an array, got 5`);
  });

  it("a clock's start that is not an instant: a StoredRowError naming the field, not the calendar's CalendarInputError", () => {
    const [rule] = Object.keys(JSON.parse(row.clocks) as object);
    const bad = reshaped(row.clocks, (clocks) => ({ ...clocks, [rule!]: { ...clocks[rule!], startedAt: 'yesterday' } }));
    const error = refusal(report(corrupted(table, row.streamId, 'clocks', bad)), 'deadlinesRows', row.streamId, 'clocks');
    expect(error.problem).toBe(`clocks.${rule}.startedAt should be an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z, got "yesterday"`);
  });

  it('rules and late of the wrong shape: StoredRowErrors naming their column', () => {
    expect(refusal(report(corrupted(table, row.streamId, 'rules', '[1]')), 'deadlinesRows', row.streamId, 'rules').problem).toBe('rules should be an object, got an array');
    expect(refusal(report(corrupted(table, row.streamId, 'late', '{"caseId":7}')), 'deadlinesRows', row.streamId, 'late').problem).toBe('late.caseId should be a string, got 7');
  });

  it('when apply reads the bad row (the next event of its case), it throws the StoredRowError', () => {
    const at = lastEventOfAStreamWithARow(projection, envelopes, (r) => r.clocks !== '{}');
    const before = foldRows(projection, envelopes.slice(0, at)).table;
    const key = envelopes[at]!.streamId;
    refusal(() => foldRows(projection, [envelopes[at]!], corrupted(before, key, 'clocks', '{not json')), 'deadlinesRows', key, 'clocks');
  });
});

describe('statisticsRows: a stored row that is not what the projection writes', () => {
  const projection = statisticsRows(directory);
  const { table } = foldRows(projection, envelopes);
  const row = [...table.values()][0]!;
  const report = (rows: ReadonlyMap<string, typeof row>) => () => statisticsReportOfRows([...rows.values()], calendar);

  it('reads the rows as written', () => {
    expect(report(table)).not.toThrow();
  });

  it.each([
    ['clocks', '{not json', /^not JSON \(/],
    ['clocks', '{"review":{"amount":3}}', /^clocks\.review\.unit should be a string, got nothing$/],
    ['ownEvents', '{"Submitted":"one"}', /^ownEvents\.Submitted should be a number, got "one"$/],
    ['satisfaction', '["ecstatic"]', /^satisfaction\[0\] should be a satisfaction level, got "ecstatic"$/],
    ['satisfaction', 'null', /^satisfaction should be an array, got null$/],
  ] as const)('%s = %s: a StoredRowError naming the column and the problem', (column, text, problem) => {
    expect(refusal(report(corrupted(table, row.streamId, column, text)), 'statisticsRows', row.streamId, column).problem).toMatch(problem);
  });

  describe("a stopped clock's times that are not instants (its figures would be judged wrongly, silently)", () => {
    const stoppedRow = [...table.values()].find((r) => Object.values(JSON.parse(r.clocks) as Record<string, { stoppedAt: string | null }>).some((c) => c.stoppedAt !== null))!;
    const stopped = Object.entries(JSON.parse(stoppedRow.clocks) as Record<string, { stoppedAt: string | null }>).find(([, c]) => c.stoppedAt !== null)![0];
    const withClock = (change: Record<string, unknown>) => reshaped(stoppedRow.clocks, (clocks) => ({ ...clocks, [stopped]: { ...clocks[stopped], ...change } }));

    it.each([
      ['stoppedAt', { stoppedAt: 'never' }, ', or null, got "never"'],
      ['stoppedAt', { stoppedAt: '2026-02-30T09:00:00.000Z' }, ', or null, got "2026-02-30T09:00:00.000Z"'],
      ['stopRecordedAt', { stopRecordedAt: '2026-06-01' }, ', got "2026-06-01"'],
      ['pauses[0].to', { pauses: [{ from: '2026-06-01T00:00:00.000Z', to: 'later' }] }, ', got "later"'],
    ] as const)('%s: a StoredRowError naming the field', (field, change, ending) => {
      const error = refusal(report(corrupted(table, stoppedRow.streamId, 'clocks', withClock(change))), 'statisticsRows', stoppedRow.streamId, 'clocks');
      expect(error.problem).toBe(`clocks.${stopped}.${field} should be an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z${ending}`);
    });
  });

  it('when apply reads the bad row, it throws the StoredRowError', () => {
    const at = lastEventOfAStreamWithARow(projection, envelopes, () => true);
    const before = foldRows(projection, envelopes.slice(0, at)).table;
    const key = envelopes[at]!.streamId;
    refusal(() => foldRows(projection, [envelopes[at]!], corrupted(before, key, 'satisfaction', '{not json')), 'statisticsRows', key, 'satisfaction');
  });
});

describe('caseTimelineRows: a stored row that is not what the projection writes', () => {
  const { table } = foldRows(caseTimelineRows, envelopes);
  const event = [...table.values()].find((r) => r.record === 'event' && r.clocks !== null && r.description !== null)!;
  const timeline = (rows: ReadonlyMap<string, typeof event>) => () => {
    const caseRows = queryAll(caseTimelineRows, rows, caseTimelineQuery(event.caseId!));
    const head = caseRows[0]!;
    return timelineOfRows([...caseRows, ...queryAll(caseTimelineRows, rows, caseTimelineRulesQuery(head.kind, head.workflowVersion))], event.caseId!, calendar);
  };

  it('reads the rows as written', () => {
    expect(timeline(table)()?.items.length).toBeGreaterThan(0);
  });

  it('description not JSON, description without its type, clocks an array: StoredRowErrors naming the row and column', () => {
    expect(refusal(timeline(corrupted(table, event.id, 'description', '{not json')), 'caseTimelineRows', event.id, 'description').problem).toMatch(/^not JSON \(/);
    expect(refusal(timeline(corrupted(table, event.id, 'description', '{}')), 'caseTimelineRows', event.id, 'description').problem).toBe('description.type should be a string, got nothing');
    expect(refusal(timeline(corrupted(table, event.id, 'clocks', '[]')), 'caseTimelineRows', event.id, 'clocks').problem).toBe('clocks should be an object, got an array');
  });
});

describe('escalationPathsRows: a stored row that is not what the projection writes', () => {
  const projection = escalationPathsRows(directory);
  const { table } = foldRows(projection, envelopes);
  const caseRow = [...table.values()].find((r) => r.record === 'case')!;
  const figures = [...table.values()].find((r) => r.record === 'figures')!;

  it('reads the rows as written', () => {
    expect(escalationPathOfRows([...table.values()], caseRow.caseId!)?.stops.length).toBeGreaterThan(0);
    expect(() => escalationReportOfRows([...table.values()])).not.toThrow();
  });

  it('stops, links and totals not JSON or of the wrong shape: StoredRowErrors naming the row and column', () => {
    const path = (rows: ReadonlyMap<string, typeof caseRow>) => () => escalationPathOfRows([...rows.values()], caseRow.caseId!);
    const report = (rows: ReadonlyMap<string, typeof caseRow>) => () => escalationReportOfRows([...rows.values()]);
    expect(refusal(path(corrupted(table, caseRow.id, 'stops', '{not json')), 'escalationPathsRows', caseRow.id, 'stops').problem).toMatch(/^not JSON \(/);
    expect(refusal(path(corrupted(table, caseRow.id, 'stops', '[{"unit":1}]')), 'escalationPathsRows', caseRow.id, 'stops').problem).toBe('stops[0].unit should be a string, got 1');
    const lateArrival = JSON.stringify((JSON.parse(caseRow.stops!) as Record<string, unknown>[]).map((stop) => ({ ...stop, arrivedAt: 'soon' })));
    expect(refusal(path(corrupted(table, caseRow.id, 'stops', lateArrival)), 'escalationPathsRows', caseRow.id, 'stops').problem).toBe(
      'stops[0].arrivedAt should be an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z, got "soon"',
    );
    expect(refusal(path(corrupted(table, caseRow.id, 'links', '[{}]')), 'escalationPathsRows', caseRow.id, 'links').problem).toMatch(/^links\[0\] should be a case link/);
    expect(refusal(report(corrupted(table, figures.id, 'totals', '{not json')), 'escalationPathsRows', figures.id, 'totals').problem).toMatch(/^not JSON \(/);
    expect(refusal(report(corrupted(table, figures.id, 'totals', '{"":{"cases":"1"}}')), 'escalationPathsRows', figures.id, 'totals').problem).toBe('totals..cases should be a number, got "1"');
  });

  it('when apply reads a bad figures row (the next event of its kind), it throws the StoredRowError', () => {
    // The last event whose kind has a figures row before it.
    const figuresKeyOf = (at: number) => projection.keysOf(envelopes[at]!).find((k) => k.startsWith('figures/'));
    let at = envelopes.length - 1;
    while (at > 0 && !foldRows(projection, envelopes.slice(0, at)).table.has(figuresKeyOf(at) ?? '')) at -= 1;
    const before = foldRows(projection, envelopes.slice(0, at)).table;
    const key = figuresKeyOf(at)!;
    refusal(() => foldRows(projection, [envelopes[at]!], corrupted(before, key, 'totals', '[')), 'escalationPathsRows', key, 'totals');
  });
});

/** The index of the last event whose stream has a row (matching `has`) after the events before it. */
function lastEventOfAStreamWithARow<R extends Row & { readonly streamId: string }>(
  projection: RowProjection<R, AnyCaseEvent>,
  all: readonly Envelope<AnyCaseEvent>[],
  has: (row: R) => boolean,
): number {
  for (let at = all.length - 1; at > 0; at -= 1) {
    const row = foldRows(projection, all.slice(0, at)).table.get(all[at]!.streamId);
    if (row !== undefined && has(row)) return at;
  }
  throw new Error('no event follows a row of its stream');
}

describe('the hand-written checks of the shapes read on every row agree with the shapes they stand for', () => {
  const statistics = foldRows(statisticsRows(directory), envelopes).table;
  const timeline = foldRows(caseTimelineRows, envelopes).table;
  const clocks = [...statistics.values()].flatMap((row) => Object.values(JSON.parse(row.clocks) as Record<string, Record<string, unknown>>));
  const changes = [...timeline.values()].flatMap((row) => (row.clocks === null ? [] : [JSON.parse(row.clocks) as Record<string, unknown>]));
  const descriptions = [...timeline.values()].flatMap((row) => (row.description === null ? [] : [JSON.parse(row.description) as Record<string, unknown>]));
  const wrong = [undefined, null, 5, 'x', '2026-02-30T00:00:00.000Z', '2026-06-01', [], {}, [{}], ['x'], { rule: 5 }];
  /** Each value, and each with one field (or one item's field) replaced by something of another type or removed. */
  const variants = (value: Record<string, unknown>): unknown[] =>
    Object.entries(value).flatMap(([field, inner]) => [
      ...wrong.map((w) => ({ ...value, [field]: w })),
      ...(Array.isArray(inner) && typeof inner[0] === 'object' && inner[0] !== null ? Object.keys(inner[0] as object).map((k) => ({ ...value, [field]: [{ ...(inner[0] as object), [k]: 7 }] })) : []),
    ]);

  it.each([
    ['clockFactsShape', clockFactsShape, clocks],
    ['clockChangeShape', clockChangeShape, changes],
    ['eventDescriptionShape', eventDescriptionShape, descriptions],
  ] as const)('%s: is accepts what the projections write, and accepts a variant exactly when problem finds none', (_, shape, written) => {
    expect(written.length).toBeGreaterThan(0);
    for (const value of written) expect(shape.is(value), JSON.stringify(value)).toBe(true);
    const all = [...wrong, ...written.flatMap(variants)];
    for (const value of all) expect(shape.is(value), JSON.stringify(value)).toBe(shape.problem(value, 'v') === undefined);
    expect(all.some((value) => !shape.is(value))).toBe(true);
  });
});
