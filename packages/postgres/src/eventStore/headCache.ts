import type { StreamHead } from '@casefold/engine/adapter';

/** A stream's last event as the store knows it: revision, hash and position. */
export interface StoredHead extends StreamHead {
  readonly position: bigint;
}

/** A bounded map from stream id to the last head this store wrote or read (least recently used out). */
export interface HeadCache {
  readonly get: (streamId: string) => StoredHead | undefined;
  readonly set: (streamId: string, head: StoredHead) => void;
  readonly delete: (streamId: string) => void;
}

/**
 * A guess at stream heads, to skip reading the head before an append. It is only ever a
 * guess: the append's insert fails on the unique `(stream_id, revision)` index if another
 * writer moved the head, and the store then reads the real head. `capacity` 0 disables it.
 */
export const createHeadCache = (capacity: number): HeadCache => {
  const heads = new Map<string, StoredHead>();
  return {
    get: (streamId) => {
      const head = heads.get(streamId);
      if (head !== undefined) {
        heads.delete(streamId);
        heads.set(streamId, head);
      }
      return head;
    },
    set: (streamId, head) => {
      if (capacity === 0) return;
      heads.delete(streamId);
      heads.set(streamId, head);
      if (heads.size > capacity) heads.delete(heads.keys().next().value as string);
    },
    delete: (streamId) => {
      heads.delete(streamId);
    },
  };
};
