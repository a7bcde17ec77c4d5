import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Unit, caseBoardProjection, createDirectory, mediationWorkflow, workflowLabel } from '@casefold/core';
import { applyEnvelopes } from '@casefold/engine';
import { type GeneratedStore, caseStoreArbitrary } from '@casefold/testing/arbitraries';

const RUNS = { numRuns: 1000 };

/** A variant workflow (its own id and version) and a directory with none of the sample's unit ids. */
const variantWorkflow = { ...mediationWorkflow, id: 'mediation-variant', version: 3 };
const VARIANT_UNITS: readonly Unit[] = [
  { id: 'chengdu', name: '成都市', level: 'city', parent: null, departmentKind: null },
  { id: 'wuhou', name: '武侯区', level: 'district', parent: 'chengdu', departmentKind: null },
  { id: 'jiangxi', name: '浆洗街街道', level: 'subDistrict', parent: 'wuhou', departmentKind: null },
  { id: 'jx-1', name: '浆洗街一社区', level: 'community', parent: 'jiangxi', departmentKind: null },
  { id: 'jx-grid-2', name: '第2网格', level: 'grid', parent: 'jx-1', departmentKind: null },
  { id: 'wuhou-labour', name: '武侯区人社局', level: 'department', parent: 'wuhou', departmentKind: 'laborBureau' },
];
const variantDirectory = E.getOrElseW(() => {
  throw new Error('variant directory is invalid');
})(createDirectory(VARIANT_UNITS));

const reaches = (store: GeneratedStore, type: string): boolean => store.envelopes.some((e) => e.event.type === type);

describe('caseStoreArbitrary', () => {
  it('for all stores, positions run 1… in time order and each stream holds its case’s events in order', () => {
    fc.assert(
      fc.property(caseStoreArbitrary(), (store) => {
        store.envelopes.forEach((e, i) => {
          expect(e.position).toBe(BigInt(i + 1));
          expect(e.recordedAt).toBe(e.event.meta.occurredAt);
          if (i > 0) expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(Date.parse(store.envelopes[i - 1]!.recordedAt));
        });
        for (const c of store.cases) {
          const stream = store.envelopes.filter((e) => e.streamId === c.streamId);
          expect(stream.map((e) => e.revision)).toEqual(c.events.map((_, i) => BigInt(i)));
          expect(stream.map((e) => e.event)).toEqual(c.events);
        }
        expect(store.envelopes).toHaveLength(store.cases.reduce((n, c) => n + c.events.length, 0));
      }),
      RUNS,
    );
  });

  it('the TSDoc example holds: folding a store with applyEnvelopes counts every case once', () => {
    const shared = structuredClone(caseBoardProjection.initialState);
    fc.assert(
      fc.property(caseStoreArbitrary({ maxCases: 3 }), (store) => {
        const board = applyEnvelopes(caseBoardProjection, caseBoardProjection.initialState, store.envelopes);
        expect(board.counts.total).toBe(store.cases.filter((c) => c.events.length > 0).length);
      }),
      RUNS,
    );
    // The fold works on a draft: the projection's shared initial state is untouched.
    expect(caseBoardProjection.initialState).toEqual(shared);
  });

  it('a failing store prints in a short form: one line per event', () => {
    fc.assert(
      fc.property(caseStoreArbitrary(), (store) => {
        const printed = fc.stringify(store);
        expect(printed.split('\n')).toHaveLength(store.envelopes.length + 1);
        expect(printed.length).toBeLessThan(200 + 100 * store.envelopes.length);
      }),
      RUNS,
    );
  });

  it('for all stores of a variant workflow and directory, every event is decided by the variant in that directory', () => {
    const units = new Set(VARIANT_UNITS.map((u) => u.id));
    const stores = caseStoreArbitrary({ maxCases: 3, maxSteps: 14, workflow: variantWorkflow, directory: variantDirectory });
    let notarized = 0;
    let mediated = 0;
    let routed = 0;
    fc.assert(
      fc.property(stores, (store) => {
        expect(store.envelopes.length).toBeGreaterThan(0);
        for (const { event } of store.envelopes) {
          expect(workflowLabel(event.meta.workflow)).toBe('mediation-variant@3');
          if (event.type === 'Submitted') expect([event.data['receivingUnit'], event.data['area']].every((u) => units.has(String(u)))).toBe(true);
        }
        if (reaches(store, 'Notarized')) notarized += 1;
        if (reaches(store, 'Mediated')) mediated += 1;
        if (reaches(store, 'Routed')) routed += 1;
      }),
      RUNS,
    );
    // Not vacuous: the variant's cases reach late stages as often as the default's
    // (measured: about 6% of stores notarize, 50% mediate, 39% route).
    expect(notarized).toBeGreaterThan(25);
    expect(mediated).toBeGreaterThan(300);
    expect(routed).toBeGreaterThan(200);
  });
});
