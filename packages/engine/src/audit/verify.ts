import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent, StoredEvent } from '../eventStore/eventStore.js';
import { isEventDecodeError } from '../eventStore/errors.js';
import { forEachEvent } from '../eventStore/forEachEvent.js';
import { parseStoredEvent } from '../eventStore/parseStoredEvent.js';
import { GENESIS_HASH, eventHash, eventHashOfJson, type StreamHead } from '../hashing/chainEvents.js';
import { type HeadRecordDifference, type HeadRecordSource, firstDifferingRevision, hasHeadRecords, headRecordProblem } from './headRecords.js';
import { jsonAmbiguity } from './jsonAmbiguity.js';

/**
 * How a chain was broken, as the simplest tampering consistent with the evidence:
 * - `changed`: an event's content no longer matches its hash, or an event was rewritten
 *   with a fresh hash that its successor does not link to;
 * - `removed`: revisions are missing (a gap, a chain that does not start from the genesis
 *   hash, or a stream shorter than its anchor);
 * - `inserted`: an event that is not part of the original chain (a second event claiming
 *   a revision, or an event its successor links past);
 * - `reordered`: events come in a different order than their revisions;
 * - `ambiguous`: an event's stored JSON matches its hash as `JSON.parse` reads it, but
 *   other readers read it differently (a key twice in one object: SQLite's `json_extract`
 *   takes the first value, `JSON.parse` and PostgreSQL's `jsonb` the last; a number a
 *   double cannot hold exactly; a lone surrogate). Such text was not written by this
 *   library: it was changed after it was written, so that readers disagree.
 */
export type ChainBreakKind = 'changed' | 'removed' | 'inserted' | 'reordered' | 'ambiguous';

/**
 * A {@link ChainBreakKind}, or `headDiffers`: every chain holds, but the head the store
 * records for a stream (SQLite's `streams` table, see {@link HeadRecordSource}) is not its
 * last stored event: events cut from its end or added to it behind the store's back.
 */
export type BrokenLinkKind = ChainBreakKind | 'headDiffers';

interface BrokenLinkFields {
  readonly streamId: string;
  /** The revision where the chain breaks (the changed, first missing, inserted or misplaced one). */
  readonly revision: bigint;
  /** Position of the event at which the break was noticed; `null` when noticed at the end of the stream. */
  readonly position: bigint | null;
  /** What is wrong, in words, naming the events involved. */
  readonly message: string;
}

/** A break in a stream's hash chain. */
export interface ChainBreak extends BrokenLinkFields {
  readonly kind: ChainBreakKind;
}

/**
 * A stream whose recorded head differs from its last stored event ({@link HeadRecordDifference}).
 * `revision` is the first revision where they disagree; `position` is `null`.
 */
export interface HeadRecordBreak extends BrokenLinkFields, HeadRecordDifference {
  readonly kind: 'headDiffers';
}

/** The first broken link found by {@link verifyStream} or {@link verifyAll}. */
export type BrokenLink = ChainBreak | HeadRecordBreak;

/** What a successful verification covered. */
export interface VerifySummary {
  readonly streams: number;
  readonly events: number;
  /**
   * Position of the last event read (`0n` for none). A whole-store read may end before
   * events committed meanwhile (and, on PostgreSQL, before transactions still running when
   * it ended: see docs/postgres.md), so compare it with the store's last position to know
   * that everything was covered (`casefold verify` does).
   */
  readonly lastPosition: bigint;
  /** The last event of each verified stream: publish these as anchors for the next verification. */
  readonly heads: ReadonlyMap<string, StreamHead>;
}

/** `Right` when every link holds, else `Left` with the first broken link. */
export type VerifyResult = E.Either<BrokenLink, VerifySummary>;

/** Options of {@link verifyAll} and {@link replayVerified}. */
export interface VerifyOptions {
  /**
   * Stream heads recorded earlier (e.g. from a previous {@link VerifySummary}, kept outside
   * the store). A chain alone cannot reveal a truncated or rewritten tail; an anchor can:
   * the event at the anchored revision must exist and carry the anchored hash.
   */
  readonly anchors?: ReadonlyMap<string, StreamHead>;
  /** Called with the number of events checked so far, every {@link PROGRESS_INTERVAL} events (e.g. to move a progress bar). */
  readonly onProgress?: (checked: number) => void;
}

/** Events between two calls of {@link VerifyOptions.onProgress}. */
export const PROGRESS_INTERVAL = 1_000;

/** The last good event of a stream: updated in place as the walk moves on (no object per event). */
interface Link {
  revision: bigint;
  hash: string;
  prevHash: string;
  eventId: string;
}

/** What the walk looks at in an event, parsed ({@link RecordedEvent}) or as stored ({@link StoredEvent}). */
type ChainedView = Pick<RecordedEvent, 'streamId' | 'revision' | 'position' | 'eventId' | 'prevHash' | 'hash'>;

/** Per-stream walk state: only the last link (bounded memory), plus a gap awaiting classification. */
interface StreamWalk {
  last: Link | null;
  gap: { readonly missing: bigint; readonly event: ChainedView } | null;
}

const broken = (kind: ChainBreakKind, event: ChainedView, revision: bigint, message: string): ChainBreak => ({
  kind,
  streamId: event.streamId,
  revision,
  position: event.position,
  message: `Stream '${event.streamId}': ${message}`,
});

const describe = (event: ChainedView): string => `event ${event.eventId} (revision ${event.revision}, position ${event.position})`;

/**
 * What is wrong with an event's content, as a broken link's kind and the words that follow
 * the event's description; `null` when its content matches its hash.
 */
type ContentCheck<T> = (event: T) => { readonly kind: ChainBreakKind; readonly problem: string } | null;

const CHANGED = { kind: 'changed', problem: 'does not match its hash: it was changed after it was written' } as const;

/** Advances a stream's walk by one event; returns the broken link it reveals, if any. */
const step = <T extends ChainedView>(walk: StreamWalk, event: T, contentCheck: ContentCheck<T>): BrokenLink | null => {
  const { last } = walk;
  if (walk.gap !== null) {
    const { missing, event: after } = walk.gap;
    return event.revision < after.revision
      ? broken('reordered', event, missing, `revision ${missing} comes after ${describe(after)}; the events are out of order`)
      : broken('removed', after, missing, `revisions ${missing}..${after.revision - 1n} are missing before ${describe(after)}`);
  }
  const content = contentCheck(event);
  if (content !== null) return broken(content.kind, event, event.revision, `${describe(event)} ${content.problem}`);
  const expected = last === null ? 0n : last.revision + 1n;
  if (event.revision > expected) {
    walk.gap = { missing: expected, event };
    return null;
  }
  if (event.revision < expected) {
    return last !== null && event.revision === last.revision
      ? broken('inserted', event, event.revision, `two events claim revision ${event.revision}: ${last.eventId} and ${describe(event)}; one was inserted`)
      : broken('reordered', event, event.revision, `${describe(event)} comes after revision ${last?.revision}; the events are out of order`);
  }
  if (event.prevHash !== (last?.hash ?? GENESIS_HASH)) {
    if (last === null) {
      return broken('removed', event, 0n, `${describe(event)} does not start from the genesis hash: the stream's first events were removed`);
    }
    return event.prevHash === last.prevHash
      ? broken('inserted', event, last.revision, `event ${last.eventId} at revision ${last.revision} was inserted: ${describe(event)} links to the event before it`)
      : broken('changed', event, last.revision, `event ${last.eventId} at revision ${last.revision} was rewritten: its hash is not the prevHash of ${describe(event)}`);
  }
  if (last === null) walk.last = { revision: event.revision, hash: event.hash, prevHash: event.prevHash, eventId: event.eventId };
  else {
    last.revision = event.revision;
    last.hash = event.hash;
    last.prevHash = event.prevHash;
    last.eventId = event.eventId;
  }
  return null;
};

/** The verdict on a stream once it has no more events: a pending gap means removed events; then the anchor. */
const finish = (streamId: string, walk: StreamWalk, anchor: StreamHead | undefined): BrokenLink | null => {
  if (walk.gap !== null) {
    const { missing, event } = walk.gap;
    return broken('removed', event, missing, `revisions ${missing}..${event.revision - 1n} are missing before ${describe(event)}`);
  }
  if (anchor !== undefined && (walk.last === null || walk.last.revision < anchor.revision)) {
    const missing = walk.last === null ? 0n : walk.last.revision + 1n;
    return {
      kind: 'removed',
      streamId,
      revision: missing,
      position: null,
      message: `Stream '${streamId}': ends at ${walk.last === null ? 'nothing' : `revision ${walk.last.revision}`} but its anchor is revision ${anchor.revision}; revisions ${missing}..${anchor.revision} were removed`,
    };
  }
  return null;
};

/** Checks an event against its stream's anchor, when the walk reaches the anchored revision. */
const checkAnchor = (event: ChainedView, anchor: StreamHead | undefined): BrokenLink | null =>
  anchor !== undefined && event.revision === anchor.revision && event.hash !== anchor.hash
    ? broken('changed', event, event.revision, `${describe(event)} has hash ${event.hash} but its anchor says ${anchor.hash}: the chain was rewritten from here or earlier`)
    : null;

const headRecordBreak = (difference: HeadRecordDifference): HeadRecordBreak => ({
  ...difference,
  kind: 'headDiffers',
  revision: firstDifferingRevision(difference),
  position: null,
  message: `Stream '${difference.streamId}': ${headRecordProblem(difference)}`,
});

/** The store's own record of its streams' heads, when it keeps one ({@link HeadRecordSource}). */
const headRecordsOf = (store: EventStore): HeadRecordSource | null => (hasHeadRecords(store) ? store : null);

const decodeFailure = (error: unknown): BrokenLink => {
  if (!isEventDecodeError(error)) throw error;
  return {
    kind: 'changed',
    streamId: error.streamId,
    revision: error.revision,
    position: null,
    message: `Stream '${error.streamId}': the stored event at revision ${error.revision} cannot be read (${error.reason}); it was changed after it was written`,
  };
};

interface Walker<T> {
  readonly accept: (event: T) => BrokenLink | null;
  /** `false` while a gap waits for the next event of its stream: events are then skipped, not checked. */
  readonly checking: () => boolean;
  /** The broken links that show only once every event was read (pending gaps, anchors), in stream order. */
  readonly end: () => BrokenLink[];
  /** Whether a broken link of the stream was found (and reported) already. */
  readonly isBroken: (streamId: string) => boolean;
  readonly summary: () => VerifySummary;
}

/**
 * Walks events in store order, in memory bounded by the number of streams. Looking for the
 * first broken link (`every` false): after the first anomaly that needs one more event to
 * be classified (a gap: removed or reordered?), only that stream's next event is looked
 * at. Looking for `every` broken stream: each stream is walked until its first broken
 * link, then its later events are skipped, and the other streams walked on.
 */
const walker = <T extends ChainedView>(anchors: ReadonlyMap<string, StreamHead> | undefined, contentCheck: ContentCheck<T>, every = false): Walker<T> => {
  const walks = new Map<string, StreamWalk>();
  const brokenStreams = new Set<string>();
  let events = 0;
  let lastPosition = 0n;
  let pending: string | null = null;
  return {
    accept: (event) => {
      if (pending !== null && event.streamId !== pending) return null;
      lastPosition = event.position;
      events += 1;
      if (brokenStreams.has(event.streamId)) return null;
      let walk = walks.get(event.streamId);
      if (walk === undefined) {
        walk = { last: null, gap: null };
        walks.set(event.streamId, walk);
      }
      let found: BrokenLink | null;
      try {
        found = step(walk, event, contentCheck) ?? checkAnchor(event, anchors?.get(event.streamId));
      } catch (error) {
        found = decodeFailure(error);
      }
      if (found !== null && every) brokenStreams.add(event.streamId);
      if (walk.gap !== null && found === null && !every) pending = event.streamId;
      return found;
    },
    checking: () => pending === null,
    end: () => {
      const found: BrokenLink[] = [];
      for (const [streamId, walk] of walks) {
        const link = brokenStreams.has(streamId) ? null : finish(streamId, walk, anchors?.get(streamId));
        if (link !== null) found.push(link);
      }
      for (const [streamId, anchor] of anchors ?? []) {
        const link = walks.has(streamId) ? null : finish(streamId, { last: null, gap: null }, anchor);
        if (link !== null) found.push(link);
      }
      for (const link of found) brokenStreams.add(link.streamId);
      return found;
    },
    isBroken: (streamId) => brokenStreams.has(streamId),
    summary: () => {
      const heads = new Map<string, StreamHead>();
      for (const [streamId, walk] of walks) if (walk.last !== null) heads.set(streamId, { revision: walk.last.revision, hash: walk.last.hash });
      return { streams: walks.size, events, lastPosition, heads };
    },
  };
};

/** Whether a parsed event's content matches its hash. */
const parsedMatches = (event: RecordedEvent): boolean => eventHash(event.prevHash, event) === event.hash;

const checkParsed: ContentCheck<RecordedEvent> = (event) => (parsedMatches(event) ? null : CHANGED);

/**
 * A stored event's content check: its texts hashed as they are (the canonical texts this
 * library writes); other text parsed, refused when other readers could read it
 * differently ({@link jsonAmbiguity}: this library never writes such text), else its
 * canonical form hashed.
 *
 * @throws EventDecodeError when the text no longer parses.
 */
const checkStored: ContentCheck<StoredEvent> = (event) => {
  if (eventHashOfJson(event.prevHash, event) === event.hash) return null;
  const parsed = parseStoredEvent(event);
  const inData = jsonAmbiguity(event.dataJson);
  const ambiguity = inData === null ? jsonAmbiguity(event.metadataJson) : inData;
  if (ambiguity === null) return parsedMatches(parsed) ? null : CHANGED;
  return {
    kind: 'ambiguous',
    problem: `is stored as JSON that other readers read differently: in its ${inData === null ? 'metadata' : 'data'}, ${ambiguity}; it was changed after it was written`,
  };
};

/**
 * Whether a stored event's content matches its hash: the stored texts are hashed as they
 * are, without parsing, as this library writes them (canonical JSON); texts written
 * otherwise (by an older writer, or reformatted with the same meaning) are parsed and
 * their canonical form hashed, and do not match when other readers could read them
 * differently (a duplicate key, an inexact number: see {@link jsonAmbiguity}). For one-pass verified replays over
 * {@link EventStore.readStoredAll}; `verifyAll` checks every event with it.
 *
 * @throws EventDecodeError when the text no longer parses (`verifyAll` reports it as `changed`).
 *
 * @example
 * await forEachEvent(store.readStoredAll!(), (stored) => {
 *   if (!storedEventMatchesHash(stored)) throw new Error(`changed: ${stored.streamId}@${stored.revision}`);
 *   return fold(parseStoredEvent(stored));
 * });
 */
export const storedEventMatchesHash = (event: StoredEvent): boolean => checkStored(event) === null;

/** Hands a checked event on (see {@link replayVerified}). */
type Visit<T> = (event: T) => void;

/**
 * Walks `events`, then, when every chain holds, compares the store's head records with its
 * last stored events (`heads`, when the store keeps them).
 */
const walk = async <T extends ChainedView>(
  events: AsyncIterable<T>,
  heads: HeadRecordSource | null,
  contentCheck: ContentCheck<T>,
  { anchors, onProgress }: VerifyOptions = {},
  visit?: Visit<T>,
): Promise<VerifyResult> => {
  const w = walker(anchors, contentCheck);
  let found: BrokenLink | null = null;
  let checked = 0;
  // What `visit` throws is the caller's, never evidence of tampering: kept apart, rethrown as it is.
  let visitFailure: { readonly error: unknown } | null = null;
  try {
    await forEachEvent(events, (event) => {
      found = w.accept(event);
      if (found === null && visit !== undefined && w.checking()) {
        try {
          visit(event);
        } catch (error) {
          visitFailure = { error };
          return false;
        }
      }
      if (onProgress !== undefined && ++checked % PROGRESS_INTERVAL === 0) onProgress(checked);
      return found === null;
    });
  } catch (error) {
    return E.left(decodeFailure(error));
  }
  if (visitFailure !== null) throw (visitFailure as { readonly error: unknown }).error;
  if (found !== null) return E.left(found);
  const [unfinished] = w.end();
  if (unfinished !== undefined) return E.left(unfinished);
  if (heads !== null) for await (const difference of heads.readHeadRecordDifferences()) return E.left(headRecordBreak(difference));
  return E.right(w.summary());
};

/** Broken streams {@link findBrokenLinks} lists by default; the rest are counted. */
export const DEFAULT_MAX_BROKEN_LINKS = 100;

/** Options of {@link findBrokenLinks}. */
export interface FindBrokenLinksOptions extends VerifyOptions {
  /** How many broken links to list (default {@link DEFAULT_MAX_BROKEN_LINKS}); further ones are only counted, in `more`. */
  readonly max?: number;
  /**
   * Streams the caller reports already (e.g. its differences from a checkpoint): their broken
   * links come back in `knownLinks`, to be told with them, neither listed in `links` nor
   * counted in `more`.
   */
  readonly known?: ReadonlySet<string>;
}

/** What {@link findBrokenLinks} found: none in `links` means every chain holds. */
export interface BrokenLinks {
  /** The first broken link of each broken stream, in the order the walk noticed them, at most `max`. */
  readonly links: readonly BrokenLink[];
  /** Broken streams beyond `max`, counted, not listed. */
  readonly more: number;
  /** Of the `more` streams, those whose broken link is a head record ({@link HeadRecordBreak}: their chains hold). */
  readonly moreHeadsDiffer: number;
  /** The first broken link of each broken stream of {@link FindBrokenLinksOptions.known}, by stream id. */
  readonly knownLinks: ReadonlyMap<string, BrokenLink>;
  /** What was read: every event, the broken streams' too. */
  readonly summary: VerifySummary;
}

/**
 * Like {@link verifyAll}, one pass over the whole store in position order, but it does not
 * stop at the first broken link: it reports the first broken link of **every** broken
 * stream (after a stream's first break, its later links say nothing more: each stream is
 * walked up to its first break, its later events only counted). Lists at most `max` and
 * counts the rest. Memory stays bounded by the number of streams. On a store without
 * stored reads, an event that cannot be decoded ends the read (the rest cannot be read):
 * it is the last link reported. The links of streams the caller names already (`known`) come
 * apart, in `knownLinks`, so that each broken stream is told once.
 *
 * @example
 * const { links, more } = await findBrokenLinks(store, { max: 20 });
 * for (const link of links) console.error(link.kind, link.streamId, link.revision);
 * if (more > 0) console.error(`and ${more} more broken streams`);
 */
export const findBrokenLinks = async (store: EventStore, options: FindBrokenLinksOptions = {}): Promise<BrokenLinks> =>
  store.readStoredAll === undefined ? walkEvery(store.readAll(), headRecordsOf(store), checkParsed, options) : walkEvery(store.readStoredAll(), headRecordsOf(store), checkStored, options);

const walkEvery = async <T extends ChainedView>(
  events: AsyncIterable<T>,
  heads: HeadRecordSource | null,
  contentCheck: ContentCheck<T>,
  { anchors, onProgress, max = DEFAULT_MAX_BROKEN_LINKS, known }: FindBrokenLinksOptions,
): Promise<BrokenLinks> => {
  const w = walker(anchors, contentCheck, true);
  const links: BrokenLink[] = [];
  const knownLinks = new Map<string, BrokenLink>();
  let more = 0;
  let moreHeadsDiffer = 0;
  const note = (link: BrokenLink): void => {
    if (known?.has(link.streamId) === true) knownLinks.set(link.streamId, link);
    else if (links.length < max) links.push(link);
    else {
      more += 1;
      if (link.kind === 'headDiffers') moreHeadsDiffer += 1;
    }
  };
  let checked = 0;
  try {
    await forEachEvent(events, (event) => {
      const found = w.accept(event);
      if (found !== null) note(found);
      if (onProgress !== undefined && ++checked % PROGRESS_INTERVAL === 0) onProgress(checked);
      return true;
    });
  } catch (error) {
    note(decodeFailure(error));
  }
  w.end().forEach(note);
  if (heads !== null) for await (const difference of heads.readHeadRecordDifferences()) if (!w.isBroken(difference.streamId)) note(headRecordBreak(difference));
  return { links, more, moreHeadsDiffer, knownLinks, summary: w.summary() };
};

/**
 * Verifies one stream's hash chain: every event's hash matches its content, links to its
 * predecessor, and revisions run 0, 1, 2, … Returns the first broken link; never throws
 * for tampered data (store failures other than undecodable events do reject).
 *
 * @example
 * const result = await verifyStream(store, 'case-42');
 * if (E.isLeft(result)) console.error(result.left.kind, result.left.revision, result.left.message);
 */
export const verifyStream = (store: EventStore, streamId: string, options?: { readonly anchor?: StreamHead }): Promise<VerifyResult> => {
  const anchored: VerifyOptions = options?.anchor === undefined ? {} : { anchors: new Map([[streamId, options.anchor]]) };
  return store.readStoredStream === undefined ? walk(store.readStream(streamId), null, checkParsed, anchored) : walk(store.readStoredStream(streamId), null, checkStored, anchored);
};

/**
 * Verifies every stream's hash chain in one pass over the whole store in position order,
 * keeping only each stream's last link in memory. Also notices events of one stream whose
 * global order contradicts their revisions. Returns the first broken link in store order.
 * On a store that offers {@link EventStore.readStoredAll} the stored texts are hashed as
 * they are, without parsing (two to four times faster on SQLite, see docs/benchmarks.md); {@link verifyStream}
 * likewise. On a store that keeps its own record of each stream's head ({@link HeadRecordSource}:
 * SQLite's `streams` table), once every chain holds, a stream whose recorded head is not its
 * last stored event is a `headDiffers` link ({@link HeadRecordBreak}): events cut from the end
 * of a stream, or added to it, behind the store's back. `findBrokenLinks` and `replayVerified`
 * (and so `rebuildVerified` and `verifyCheckpoint`) compare them too; `verifyStream` does not.
 */
export const verifyAll = (store: EventStore, options?: VerifyOptions): Promise<VerifyResult> =>
  store.readStoredAll === undefined ? walk(store.readAll(), headRecordsOf(store), checkParsed, options) : walk(store.readStoredAll(), headRecordsOf(store), checkStored, options);

/**
 * Replays the whole store in position order into `visit` and verifies every hash chain, in
 * one pass: {@link verifyAll} and a fold over `readAll` together, reading each event once.
 * `visit` sees each event after its content matched its hash and it linked to the event
 * before it in its stream; events are parsed only for `visit`, and on a store with stored
 * reads the texts are hashed as they are. Resolves to the same result as `verifyAll`.
 *
 * A broken link can be certain only some events after the break (a forged first event
 * looks valid until the real one follows it; a gap is `removed` or `reordered` depending
 * on what comes next), so on a `Left` discard what `visit` built: the history cannot be
 * trusted. An error thrown by `visit` ends the replay and rejects with it, as it is.
 *
 * @example
 * const states = new Map<string, CaseState>();
 * const result = await replayVerified(store, (event) => { states.set(event.streamId, fold(states.get(event.streamId), event)); });
 * if (E.isLeft(result)) throw new Error(`not trustworthy: ${result.left.message}`);
 */
export const replayVerified = (store: EventStore, visit: (event: RecordedEvent) => void, options?: VerifyOptions): Promise<VerifyResult> => {
  if (store.readStoredAll === undefined) return walk(store.readAll(), headRecordsOf(store), checkParsed, options, visit);
  // `visit` sees the streams as the store's callers name them (a tenant's view: without its prefix), as `readAll` hands them out.
  const prefix = store.storedStreamPrefix ?? '';
  const parsed = prefix === '' ? parseStoredEvent : (stored: StoredEvent): RecordedEvent => ({ ...parseStoredEvent(stored), streamId: stored.streamId.slice(prefix.length) });
  return walk(store.readStoredAll(), headRecordsOf(store), checkStored, options, (stored) => visit(parsed(stored)));
};
