import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamStateCache, type CachedStream } from '../../src/index.js';

const op = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), stream: fc.nat(6) }),
  fc.record({ kind: fc.constant('set' as const), stream: fc.nat(6), revision: fc.bigInt({ min: 0n, max: 5n }) }),
  fc.record({ kind: fc.constant('delete' as const), stream: fc.nat(6) }),
);

describe('streamStateCache', () => {
  it('for all uses, holds at most maxStreams streams, only ones an exact LRU cache would hold, always the last used, each with its newest entry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (maxStreams, ops) => {
        const cache = streamStateCache<number>({ maxStreams });
        // The model: an exact LRU list (most recent last) of streams with their entries.
        let lru: { stream: string; entry: CachedStream<number> }[] = [];
        for (const [i, o] of ops.entries()) {
          const stream = `s-${o.stream}`;
          const at = lru.findIndex((e) => e.stream === stream);
          if (o.kind === 'get') {
            const got = cache.get(stream);
            if (got !== undefined) expect(got).toBe(lru[at]?.entry);
            if (at !== -1 && got !== undefined) lru = [...lru.filter((_, j) => j !== at), lru[at]!];
            else if (at !== -1) lru = lru.filter((_, j) => j !== at);
          } else if (o.kind === 'set') {
            const entry = { revision: o.revision, state: i, commandIds: new Set<string>() };
            cache.set(stream, entry);
            if (at === -1) lru = [...lru, { stream, entry }].slice(-maxStreams);
            else if (lru[at]!.entry.revision <= o.revision) lru = [...lru.filter((_, j) => j !== at), { stream, entry }];
          } else {
            cache.delete(stream);
            lru = lru.filter((e) => e.stream !== stream);
          }
          expect(cache.size()).toBeLessThanOrEqual(maxStreams);
          // Every cached stream is one the exact LRU holds, with the same entry; a stream the
          // cache forgot earlier (it forgets a tenth at once) leaves the model too.
          for (const { stream: s } of ops.map((x) => ({ stream: `s-${x.stream}` }))) {
            if (cache.get(s) !== undefined) expect(lru.some((e) => e.stream === s)).toBe(true);
          }
          lru = lru.filter(({ stream: s, entry }) => {
            const cached = cache.get(s);
            if (cached !== undefined) expect(cached).toBe(entry);
            return cached !== undefined;
          });
          // Peeking stamped every stream: stamp them again in the model's order to keep it.
          for (const { stream: s } of lru) cache.get(s);
          if (o.kind === 'set' && at === -1) expect(cache.get(stream)).toBe(lru[lru.length - 1]!.entry);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a maxStreams that is not a positive integer', () => {
    for (const maxStreams of [0, -1, 1.5, Number.NaN]) expect(() => streamStateCache({ maxStreams })).toThrow(RangeError);
  });
});
