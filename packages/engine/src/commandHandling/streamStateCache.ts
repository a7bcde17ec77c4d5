/** What a {@link StreamStateCache} remembers of one stream: its folded state at a revision and the command ids in it. */
export interface CachedStream<S> {
  readonly revision: bigint;
  readonly state: S;
  /** Ids of the commands whose events are folded into `state` (it may hold a few more: they only cost a full read). */
  readonly commandIds: Set<string>;
}

/**
 * Folded stream states kept between commands, so {@link handleCommand} reads only the
 * events appended since (usually none) instead of the whole stream. Bounded: the least
 * recently used streams are forgotten beyond `maxStreams`. Safe with other writers: every
 * load still reads the store from the cached revision on, and appends still check the
 * expected revision. Use one cache per decider.
 */
export interface StreamStateCache<S> {
  readonly get: (streamId: string) => CachedStream<S> | undefined;
  /** Remembers `entry` unless a newer revision of the stream is already cached. */
  readonly set: (streamId: string, entry: CachedStream<S>) => void;
  readonly delete: (streamId: string) => void;
  readonly size: () => number;
}

/**
 * A least-recently-used {@link StreamStateCache}.
 *
 * @example
 * const cache = streamStateCache<CaseState>({ maxStreams: 10_000 });
 * await handleCommand({ store, decider, codec, newEventId, clock, cache }, envelope);
 */
export const streamStateCache = <S>(options: { readonly maxStreams: number }): StreamStateCache<S> => {
  const { maxStreams } = options;
  if (!Number.isInteger(maxStreams) || maxStreams < 1) throw new RangeError(`streamStateCache: maxStreams must be a positive integer, got ${maxStreams}`);
  const entries = new Map<string, CachedStream<S>>();
  return {
    get: (streamId) => {
      const entry = entries.get(streamId);
      if (entry !== undefined) {
        entries.delete(streamId);
        entries.set(streamId, entry);
      }
      return entry;
    },
    set: (streamId, entry) => {
      const existing = entries.get(streamId);
      if (existing !== undefined && existing.revision > entry.revision) return;
      entries.delete(streamId);
      entries.set(streamId, entry);
      if (entries.size > maxStreams) entries.delete(entries.keys().next().value!);
    },
    delete: (streamId) => {
      entries.delete(streamId);
    },
    size: () => entries.size,
  };
};
