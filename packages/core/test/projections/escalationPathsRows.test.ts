import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escalationFiguresQuery,
  escalationPathOf,
  escalationPathOfRows,
  escalationPathQuery,
  escalationPathsProjection,
  escalationPathsRows,
  escalationReport,
  escalationReportOfRows,
} from '../../src/projections/index.js';
import { mixedDirectory, mixedStores } from './mixedStores.js';
import { project } from './project.js';
import { foldRows, queryAll } from './rowFold.js';

const pathRows = escalationPathsRows(mixedDirectory);

describe('escalationPathsRows: for all histories of every kind', () => {
  it('the report from the figures rows equals escalationReport over the document paths, for every kind and for all', () => {
    fc.assert(
      fc.property(mixedStores, fc.nat(), (store, pick) => {
        const { table } = foldRows(pathRows, store.envelopes);
        const state = project(escalationPathsProjection, store.envelopes);
        const kinds = [undefined, ...new Set(store.cases.map((c) => c.events[0]?.meta.workflow.id))];
        const kind = kinds[pick % kinds.length];
        const options = kind === undefined ? {} : { kind };
        expect(escalationReportOfRows(queryAll(pathRows, table, escalationFiguresQuery(options)), options)).toEqual(escalationReport(state, mixedDirectory, options));
      }),
      { numRuns: 300 },
    );
  });

  it("each case's path read by its query equals escalationPathOf", () => {
    fc.assert(
      fc.property(mixedStores, (store) => {
        const { table } = foldRows(pathRows, store.envelopes);
        const state = project(escalationPathsProjection, store.envelopes);
        for (const c of store.cases) {
          expect(escalationPathOfRows(queryAll(pathRows, table, escalationPathQuery(c.caseId)), c.caseId)).toEqual(escalationPathOf(state, c.caseId));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('each event touches its case row and its kind’s figures row only: one row per case and one per kind', () => {
    fc.assert(
      fc.property(mixedStores, (store) => {
        const { table, mostKeysPerEvent } = foldRows(pathRows, store.envelopes);
        expect(mostKeysPerEvent).toBeLessThanOrEqual(2);
        const rows = [...table.values()];
        const cases = store.cases.filter((c) => c.events.length > 0);
        expect(rows.filter((row) => row.record === 'case')).toHaveLength(cases.length);
        expect(
          rows
            .filter((row) => row.record === 'figures')
            .map((row) => row.kind)
            .sort(),
        ).toEqual([...new Set(cases.map((c) => c.events[0]?.meta.workflow.id))].sort());
      }),
      { numRuns: 200 },
    );
  });
});
