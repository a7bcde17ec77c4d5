import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyCaseEvent, CaseEvent, Envelope, Projection } from '@casefold/core';
import { builtInProjections } from '../../src/projections/index.js';
import { PII_MARKER, caseStoreArbitrary, personalDataIn, personalDataOf } from '@casefold/core/testing';
import { applicant, respondent, run, submit } from '../support/fixtures.js';
import { project, projectInBatches, storeOf } from './project.js';

const all = Object.values(builtInProjections) as readonly Projection<unknown, AnyCaseEvent>[];
const stores = caseStoreArbitrary({ maxCases: 3, maxSteps: 12 });

/** Plain JSON survives a round trip unchanged: no Map, Set, Date, bigint, undefined, function or NaN. */
const isPlainJson = (value: unknown): boolean => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value as object).every(isPlainJson);
  return false;
};

describe('every built-in projection', () => {
  it('is documented in docs/projections-reference.md with its own section', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'projections-reference.md'), 'utf8');
    for (const p of all) expect(doc, p.name).toMatch(new RegExp(`^## ${p.name}$`, 'm'));
  });

  it('has a unique name and a version', () => {
    expect(new Set(all.map((p) => p.name)).size).toBe(all.length);
    expect(Object.keys(builtInProjections)).toEqual(all.map((p) => p.name));
    for (const p of all) expect(Number.isInteger(p.version) && p.version >= 1).toBe(true);
  });

  it('keeps plain JSON with no personal data, and folds the same in one draft, per event, and in the engine’s batches', () => {
    fc.assert(
      fc.property(stores, fc.integer({ min: 1, max: 9 }), (store, batch) => {
        for (const projection of all) {
          const once = project(projection, store.envelopes);
          expect(isPlainJson(once), projection.name).toBe(true);
          const json = JSON.stringify(once);
          expect(json.includes(PII_MARKER), `${projection.name} holds personal data`).toBe(false);
          expect(personalDataIn(json, store), `${projection.name} holds personal data`).toEqual([]);
          expect(JSON.parse(json)).toEqual(once);
          expect(projectInBatches(projection, store.envelopes, 1)).toEqual(once);
          expect(projectInBatches(projection, store.envelopes, batch)).toEqual(once);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never changes the state it was given, nor its initial state', () => {
    const envelopes: Envelope<AnyCaseEvent>[] = storeOf(run([{ at: '2026-05-05T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('F-1') }]));
    for (const projection of all) {
      const before = JSON.stringify(projection.initialState);
      const first = project(projection, envelopes);
      const snapshot = JSON.stringify(first);
      projectInBatches(projection, envelopes, 1);
      expect(JSON.stringify(projection.initialState)).toBe(before);
      expect(JSON.stringify(first)).toBe(snapshot);
    }
  });

  it('holds no name, phone or id number of the fixture parties', () => {
    const { events } = run([
      {
        at: '2026-05-05T01:00:00.000Z',
        role: 'intakeClerk',
        unit: 'majie',
        command: submit('P-1', { parties: [{ ...applicant, pii: { ...applicant.pii, idNumber: '530102199001011231' } }, respondent] }),
      },
      { at: '2026-05-05T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'P-1', decision: { outcome: 'accepted', note: null } } },
    ]);
    for (const projection of all) {
      const json = JSON.stringify(project(projection, storeOf({ events })));
      for (const secret of ['张三', '李四', '13800000000', '530102199001011231']) expect(json, projection.name).not.toContain(secret);
    }
  });

  it('ignores events of a stream whose case it never saw submitted', () => {
    const { events } = run([
      { at: '2026-05-05T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('G-1') },
      { at: '2026-05-05T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'G-1', decision: { outcome: 'accepted', note: null } } },
    ]);
    const orphan = storeOf({ events }).slice(1);
    for (const projection of all) expect(project(projection, orphan), projection.name).toEqual(projection.initialState);
  });
});
