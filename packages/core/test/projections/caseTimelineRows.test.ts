import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseTimelineProjection, caseTimelineQuery, caseTimelineRows, caseTimelineRulesQuery, timelineOf, timelineOfRows } from '../../src/projections/index.js';
import { calendar } from '../support/fixtures.js';
import { mixedStoresRecordedLate } from './lateRecording.js';
import { project } from './project.js';
import { foldRows, queryAll } from './rowFold.js';

describe('caseTimelineRows: for all histories of every kind', () => {
  it("each case's timeline read through its queries, page by page, equals timelineOf over the document timeline", () => {
    fc.assert(
      fc.property(mixedStoresRecordedLate, fc.integer({ min: 1, max: 5 }), (store, limit) => {
        const { table } = foldRows(caseTimelineRows, store.envelopes);
        const state = project(caseTimelineProjection, store.envelopes);
        for (const c of store.cases) {
          const caseRows = queryAll(caseTimelineRows, table, caseTimelineQuery(c.caseId, { limit }));
          expect(caseRows.map((row) => row.revision)).toEqual([-1, ...c.events.map((_, i) => i)]);
          const head = caseRows[0];
          const rules = head === undefined ? [] : queryAll(caseTimelineRows, table, caseTimelineRulesQuery(head.kind, head.workflowVersion));
          expect(timelineOfRows([...caseRows, ...rules], c.caseId, calendar)).toEqual(timelineOf(state, c.caseId, calendar));
        }
        expect(timelineOfRows([...table.values()], 'no-such-case', calendar)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('each event touches its case row, its own row and the rows of the rules it starts: a bounded number, one row per event', () => {
    fc.assert(
      fc.property(mixedStoresRecordedLate, (store) => {
        const { table, mostKeysPerEvent } = foldRows(caseTimelineRows, store.envelopes);
        const mostRulesStarted = Math.max(0, ...store.envelopes.map((e) => e.event.meta.deadlines.started.length));
        expect(mostKeysPerEvent).toBeLessThanOrEqual(2 + mostRulesStarted);
        const rows = [...table.values()];
        expect(rows.filter((row) => row.record === 'event')).toHaveLength(store.envelopes.length);
        expect(rows.filter((row) => row.record === 'case')).toHaveLength(store.cases.filter((c) => c.events.length > 0).length);
        const rules = new Set(store.envelopes.flatMap((e) => e.event.meta.deadlines.started.map((d) => `${e.event.meta.workflow.id}@${e.event.meta.workflow.version}/${d.rule}`)));
        expect(rows.filter((row) => row.record === 'rule')).toHaveLength(rules.size);
      }),
      { numRuns: 200 },
    );
  });
});
