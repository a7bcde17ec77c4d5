import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectStoreHeads, merkleRoot, sha256, type HeadEvent } from '../../../src/index.js';
import { storeHeadsTree } from '../../../src/audit/checkpoints/storeHeadsTree.js';

/** A stream id from a small alphabet (collisions, shared prefixes, a character beyond the BMP), so that new streams land before, between and after existing ones. */
const streamId = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'Z', 'é', '😀'), minLength: 1, maxLength: 3 });

/** One step: a batch of appends (stream ids; now and then a revision below the stream's head), then a commit or not. */
const step = fc.record({
  appends: fc.array(fc.record({ streamId, stale: fc.nat(9).map((n) => n === 0) }), { maxLength: 40 }),
  commit: fc.boolean(),
});

describe('storeHeadsTree', () => {
  it('commits to the same leaves and the same root as merkleRoot over every head, for random stores and random append sequences (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const tree = storeHeadsTree(sha256);
        const full = collectStoreHeads();
        const revisions = new Map<string, bigint>();
        let position = 0n;
        for (const { appends, commit } of steps) {
          for (const append of appends) {
            const next = revisions.get(append.streamId) ?? -1n;
            const revision = append.stale && next > 0n ? next - 1n : next + 1n;
            if (revision > next) revisions.set(append.streamId, revision);
            position += 1n;
            const event: HeadEvent = { streamId: append.streamId, revision, position, hash: `h${position}` };
            tree.add(event);
            full.add(event);
          }
          if (!commit) continue;
          const committed = tree.commit();
          const expected = full.heads();
          expect(committed.leaves).toEqual(expected.leaves);
          expect([committed.events, committed.lastPosition]).toEqual([expected.events, expected.lastPosition]);
          expect(committed.root).toBe(merkleRoot(expected.leaves, sha256));
        }
        const last = tree.commit();
        expect(last.root).toBe(merkleRoot(full.heads().leaves, sha256));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the leaves it handed out unchanged when later heads move', () => {
    const tree = storeHeadsTree(sha256);
    tree.add({ streamId: 'b', revision: 0n, position: 1n, hash: 'h1' });
    const first = tree.commit();
    tree.add({ streamId: 'a', revision: 0n, position: 2n, hash: 'h2' });
    tree.add({ streamId: 'b', revision: 1n, position: 3n, hash: 'h3' });
    const second = tree.commit();
    expect(first.leaves).toEqual([{ streamId: 'b', revision: 0n, hash: 'h1' }]);
    expect(second.leaves.map((leaf) => leaf.hash)).toEqual(['h2', 'h3']);
    expect(first.root).not.toBe(second.root);
  });

  it('over hundreds of streams (many levels), with new streams before, between and after the others', () => {
    const tree = storeHeadsTree(sha256);
    const full = collectStoreHeads();
    let position = 0n;
    const append = (id: string, revision: bigint): void => {
      position += 1n;
      tree.add({ streamId: id, revision, position, hash: `h${position}` });
      full.add({ streamId: id, revision, position, hash: `h${position}` });
    };
    for (let round = 0; round < 6; round++) {
      for (let i = round; i < 1000; i += 7) append(`case-${i}`, BigInt(round));
      expect(tree.commit().root).toBe(merkleRoot(full.heads().leaves, sha256));
    }
  });
});
