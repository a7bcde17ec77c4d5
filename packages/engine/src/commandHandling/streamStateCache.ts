/** What a {@link StreamStateCache} remembers of one stream: its folded state at a revision and the command ids in it. */
export interface CachedStream<S> {
  readonly revision: bigint;
  readonly state: S;
  /** Ids of the commands whose events are folded into `state` (it may hold a few more: they only cost a full read). */
  readonly commandIds: Set<string>;
}

/**
 * Folded stream states kept between commands, so {@link handleCommand} decides a command
 * on a cached stream without reading the store, and otherwise reads only the events
 * appended since the cached revision. Bounded: the least recently used streams are
 * forgotten beyond `maxStreams`. Safe with other writers: appends check the expected
 * revision, and a conflict, a rejection or an empty decision on a cached state is decided
 * again on a fresh read. Use one cache per decider and store: the command handler keys it
 * by the stream id as stored, so the tenants' views of one shared store (whose stream ids
 * differ only there, `xishan/case-1`, `guandu/case-1`) may share one cache; two separate
 * stores may not.
 */
export interface StreamStateCache<S> {
  readonly get: (streamId: string) => CachedStream<S> | undefined;
  /** Remembers `entry` unless a newer revision of the stream is already cached. */
  readonly set: (streamId: string, entry: CachedStream<S>) => void;
  readonly delete: (streamId: string) => void;
  readonly size: () => number;
}

/** A cached stream with the tick of its last use. */
interface Slot<S> {
  entry: CachedStream<S>;
  used: number;
}

/**
 * A least-recently-used {@link StreamStateCache}. A use only stamps the stream's slot
 * (no reordering per command); once more than `maxStreams` streams are cached, the least
 * recently used tenth (at least one) is forgotten in one pass.
 *
 * @example
 * const cache = streamStateCache<CaseState>({ maxStreams: 10_000 });
 * await handleCommand({ store, decider, codec, newEventId, clock, cache }, envelope);
 */
export const streamStateCache = <S>(options: { readonly maxStreams: number }): StreamStateCache<S> => {
  const { maxStreams } = options;
  if (!Number.isInteger(maxStreams) || maxStreams < 1) throw new RangeError(`streamStateCache: maxStreams must be a positive integer, got ${maxStreams}`);
  const slots = new Map<string, Slot<S>>();
  let tick = 0;
  const evict = (): void => {
    const keep = Math.max(1, maxStreams - Math.max(1, Math.floor(maxStreams / 10)));
    const ticks = Array.from(slots.values(), (slot) => slot.used).sort((a, b) => b - a);
    const oldestKept = ticks[keep - 1] ?? Number.POSITIVE_INFINITY;
    for (const [streamId, slot] of slots) if (slot.used < oldestKept) slots.delete(streamId);
  };
  return {
    get: (streamId) => {
      const slot = slots.get(streamId);
      if (slot === undefined) return undefined;
      slot.used = ++tick;
      return slot.entry;
    },
    set: (streamId, entry) => {
      const slot = slots.get(streamId);
      if (slot !== undefined) {
        if (slot.entry.revision > entry.revision) return;
        slot.entry = entry;
        slot.used = ++tick;
        return;
      }
      slots.set(streamId, { entry, used: ++tick });
      if (slots.size > maxStreams) evict();
    },
    delete: (streamId) => {
      slots.delete(streamId);
    },
    size: () => slots.size,
  };
};
