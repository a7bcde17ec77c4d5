import { isProjectionConflictError, type Json, type ProjectionStore } from '../../index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueId } from './counterDomain.js';
import { useFixture, type ConformanceOptions } from './fixture.js';

/** What a projection-store factory hands the suite for one test. */
export interface ProjectionStoreFixture {
  /** A projection store; a shared database is fine (the suite uses fresh projection names). */
  readonly projectionStore: ProjectionStore;
  /** Releases what the fixture holds, after the test. */
  readonly teardown?: () => Promise<void>;
}

/** Makes a fresh fixture per test. */
export type ProjectionStoreFactory = () => Promise<ProjectionStoreFixture>;

const conflict = async (commit: Promise<void>): Promise<unknown> => {
  try {
    await commit;
  } catch (error) {
    return error;
  }
  throw new Error('expected the commit to be refused, but it succeeded');
};

/**
 * Registers the projection-store conformance suite for one adapter: missing records,
 * JSON round trips of states (for all JSON values), conditional commits refused on a stale
 * or unexpected checkpoint without writing anything, version changes, deletes, bigint
 * positions beyond 2^53, independent projections.
 */
export const projectionStoreConformance = (name: string, factory: ProjectionStoreFactory, options?: Pick<ConformanceOptions, 'numRuns'>): void => {
  const numRuns = options?.numRuns ?? 1_000;
  describe(`projection store conformance: ${name}`, () => {
    const fixture = useFixture(factory, () => Promise.resolve());

    it('loading an unknown projection gives null; deleting one does nothing', async () => {
      const { projectionStore } = fixture();
      const name = uniqueId('p');
      expect(await projectionStore.load(name)).toBeNull();
      await projectionStore.delete(name);
      expect(await projectionStore.load(name)).toBeNull();
    });

    it('commits and loads version, position and state together; positions beyond 2^53 survive', async () => {
      const { projectionStore } = fixture();
      const name = uniqueId('p');
      await projectionStore.commit({ name, version: 1, position: 5n, state: { cases: { a: 1 } } }, null);
      expect(await projectionStore.load(name)).toEqual({ name, version: 1, position: 5n, state: { cases: { a: 1 } } });
      const huge = 2n ** 62n + 7n;
      await projectionStore.commit({ name, version: 2, position: huge, state: [1, 'two', null] }, 5n);
      expect(await projectionStore.load(name)).toEqual({ name, version: 2, position: huge, state: [1, 'two', null] });
    });

    it('refuses a commit whose expected position is stale or unexpected, and writes nothing', async () => {
      const { projectionStore } = fixture();
      const name = uniqueId('p');
      const error = await conflict(projectionStore.commit({ name, version: 1, position: 3n, state: 'x' }, 2n));
      expect(isProjectionConflictError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ projection: name, expectedPosition: 2n, actualPosition: null });
      expect(await projectionStore.load(name)).toBeNull();

      await projectionStore.commit({ name, version: 1, position: 3n, state: 'first' }, null);
      for (const expected of [null, 2n, 4n]) {
        const refused = await conflict(projectionStore.commit({ name, version: 1, position: 9n, state: 'second' }, expected));
        expect(refused).toMatchObject({ name: 'ProjectionConflictError', expectedPosition: expected, actualPosition: 3n });
      }
      expect(await projectionStore.load(name)).toEqual({ name, version: 1, position: 3n, state: 'first' });
    });

    it('delete removes the record, after which a commit expects nothing stored', async () => {
      const { projectionStore } = fixture();
      const name = uniqueId('p');
      await projectionStore.commit({ name, version: 1, position: 1n, state: {} }, null);
      await projectionStore.delete(name);
      expect(await projectionStore.load(name)).toBeNull();
      await projectionStore.commit({ name, version: 1, position: 0n, state: {} }, null);
      expect((await projectionStore.load(name))?.position).toBe(0n);
    });

    it('keeps projections apart', async () => {
      const { projectionStore } = fixture();
      const a = uniqueId('p');
      const b = uniqueId('p');
      await projectionStore.commit({ name: a, version: 1, position: 1n, state: 'a' }, null);
      await projectionStore.commit({ name: b, version: 3, position: 2n, state: 'b' }, null);
      await projectionStore.delete(a);
      expect(await projectionStore.load(b)).toEqual({ name: b, version: 3, position: 2n, state: 'b' });
    });

    it('for all JSON states, a commit loads back equal (as JSON)', async () => {
      const { projectionStore } = fixture();
      const name = uniqueId('p');
      let position = 0n;
      await projectionStore.commit({ name, version: 1, position, state: null }, null);
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 5 }), async (state) => {
          await projectionStore.commit({ name, version: 1, position: position + 1n, state: state as Json }, position);
          position += 1n;
          expect((await projectionStore.load(name))?.state).toEqual(JSON.parse(JSON.stringify(state)));
        }),
        { numRuns },
      );
    });
  });
};
