/**
 * Two dashboards over the row read models of one store (two `casefold serve` processes, e.g. one
 * per principal, or `serve` beside `casefold dashboards`): both follow each new event, and the
 * one whose runner commits second finds the rows committed by the other (a
 * `ProjectionConflictError`). It starts its runners again from what the other committed, as
 * `casefold dashboards` does, instead of answering every later page with that error.
 */
import * as E from 'fp-ts/lib/Either.js';
import { caseCommandHandler } from '@casefold/engine';
import { sampleSubmit } from '@casefold/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RowDashboardSource, rowDashboardSourceOf } from '../src/dashboards/rows/rowDashboardSource.js';
import { openStore, parseStoreLocation } from '../src/index.js';
import type { OpenedStore } from '../src/store/openStore.js';
import { demoCopy } from './support/demoDatabase.js';

describe('two dashboards following one store', () => {
  const stores: OpenedStore[] = [];
  const sources: RowDashboardSource[] = [];

  beforeAll(async () => {
    const { dir, db } = demoCopy();
    // Two connections, as two processes have: each dashboard its own runners.
    for (let i = 0; i < 2; i++) {
      const store = await openStore(parseStoreLocation({ db }), { cwd: dir });
      stores.push(store);
      const source = await rowDashboardSourceOf(store, store.rowProjections!);
      sources.push(source);
      // The first builds the rows, the second resumes from their checkpoints.
      await source.readModels();
    }
  }, 180_000);

  afterAll(async () => {
    for (const source of sources) await source.stop();
    for (const store of stores) await store.close();
  });

  it('both answer at each new position, with the same figures, after either lost a commit to the other', async () => {
    const before = await sources[0]!.readModels();
    const subDistrict = [...before.directory.units.values()].find((unit) => unit.level === 'subDistrict')!;
    const execute = caseCommandHandler({ store: stores[0]!.events, directory: before.directory, clock: () => before.figures(undefined).asOf });
    const actor = { actor: { id: 'clerk-two', role: 'intakeClerk', unit: subDistrict.id } };
    for (const caseId of ['TWO-1', 'TWO-2', 'TWO-3']) {
      const submitted = await execute(sampleSubmit(caseId, { receivingUnit: subDistrict.id, area: subDistrict.id, claimedAmountFen: null }), actor);
      expect(E.isRight(submitted), JSON.stringify(E.isLeft(submitted) ? submitted.left : null)).toBe(true);
      const position = await stores[0]!.lastPosition();
      // Both runners fold the new event; whichever commits second finds the other's checkpoint.
      const [first, second] = await Promise.all(sources.map((source) => source.readModels()));
      expect([first!.position, second!.position]).toEqual([position, position]);
      expect(second!.figures(undefined).deadlines).toEqual(first!.figures(undefined).deadlines);
      expect(second!.figures(undefined).caseBoard).toEqual(first!.figures(undefined).caseBoard);
      expect(await second!.caseEntry(caseId)).toMatchObject({ caseId, unit: subDistrict.id });
      expect(await first!.caseEntry(caseId)).toMatchObject({ caseId, unit: subDistrict.id });
    }
  }, 120_000);
});
