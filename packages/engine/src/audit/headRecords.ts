import type { StreamHead } from '../hashing/chainEvents.js';

/**
 * A stream whose head, as the store records it for its appends' optimistic concurrency
 * (SQLite's `streams` table), is not the last event the store holds for it. Both sides are
 * read at one moment, in one query, so an append in progress never shows as a difference.
 */
export interface HeadRecordDifference {
  readonly streamId: string;
  /** The head the store records for the stream; `null` when it records none. */
  readonly recorded: StreamHead | null;
  /** The stream's last stored event (its revision and hash); `null` when it holds none. */
  readonly stored: StreamHead | null;
}

/**
 * A store that keeps a record of each stream's head beside the events, which its appends
 * build on (the SQLite store's `streams` table). Events removed or added behind the store's
 * back, with the record left as it was, leave every hash chain intact but the record
 * different: `verifyAll`, `findBrokenLinks` and `replayVerified` compare them when the store
 * offers this read. (The PostgreSQL store keeps no such record: its head is the last entry
 * of the `(stream_id, revision)` index, the events themselves.)
 */
export interface HeadRecordSource {
  /**
   * Every stream whose recorded head differs from its last stored event, or that has one
   * without the other, in stream id order, read in pages (memory bounded by a page).
   */
  readHeadRecordDifferences(): AsyncIterable<HeadRecordDifference>;
}

/** Whether a store offers {@link HeadRecordSource.readHeadRecordDifferences}. */
export const hasHeadRecords = (store: object): store is HeadRecordSource => typeof (store as Partial<HeadRecordSource>).readHeadRecordDifferences === 'function';

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

const revisions = (from: bigint, to: bigint): string => (from === to ? `revision ${from}` : `revisions ${from}..${to}`);

/** The first revision at which a stream's recorded head and its stored events disagree. */
export const firstDifferingRevision = ({ recorded, stored }: HeadRecordDifference): bigint => {
  if (recorded === null || stored === null) return 0n;
  if (recorded.revision === stored.revision) return recorded.revision;
  return (recorded.revision < stored.revision ? recorded.revision : stored.revision) + 1n;
};

/** What a {@link HeadRecordDifference} means, in words: what was found, and the simplest tampering that explains it. */
export const headRecordProblem = ({ recorded, stored }: HeadRecordDifference): string => {
  if (recorded === null && stored === null) return 'has neither a head record nor events';
  if (recorded === null) {
    return `holds events up to revision ${stored!.revision} but the store keeps no head record for it: the stream was inserted behind the store's back, or its head record was deleted`;
  }
  if (stored === null) {
    return `has a head record at revision ${recorded.revision} (hash ${short(recorded.hash)}) but no stored event: the whole stream (${revisions(0n, recorded.revision)}) was removed`;
  }
  if (recorded.revision > stored.revision) {
    return `has a head record at revision ${recorded.revision} (hash ${short(recorded.hash)}) but its last stored event is revision ${stored.revision}: ${revisions(stored.revision + 1n, recorded.revision)} removed from its end (or the head record was changed)`;
  }
  if (recorded.revision < stored.revision) {
    return `has a head record at revision ${recorded.revision} but stored events up to revision ${stored.revision}: ${revisions(recorded.revision + 1n, stored.revision)} added behind the store's back (or the head record was changed)`;
  }
  return `has a head record at revision ${recorded.revision} with hash ${short(recorded.hash)}, but its stored event at that revision has hash ${short(stored.hash)}: the last event was rewritten and re-hashed (or the head record was changed)`;
};
