import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata, EventStore, Json, NewEvent, RecordedEvent } from '../eventStore/eventStore.js';
import {
  isEventDecodeError,
  isInvalidAppendError,
  isStoreClosedError,
  isStoreUnavailableError,
  isWrongExpectedRevisionError,
  type EventDecodeError,
  type InvalidAppendError,
  type StoreClosedError,
  type StoreUnavailableError,
  type WrongExpectedRevisionError,
} from '../eventStore/errors.js';
import { aggregateStream } from '../eventStore/aggregateStream.js';
import { type PersonalDataRefusedError, isPersonalDataRefusedError } from '../personalData/personalDataErrors.js';
import type { EventCodec } from '../serialization/eventCodec.js';
import type { Decider } from './decider.js';
import { retryDelayMs, retryPolicy, sleep, type RetryOptions, type RetryPolicy } from './retryPolicy.js';
import type { StreamStateCache } from './streamStateCache.js';

/** One command addressed to one stream, with the ids that make it idempotent and traceable. */
export interface CommandEnvelope<C, Ctx> {
  readonly streamId: string;
  /** Unique per command; a command retried with the same id appends nothing the second time. */
  readonly commandId: string;
  readonly command: C;
  /** The decision context of the first decision. */
  readonly context: Ctx;
  /**
   * The context for a decision taken again because the stream changed under the command
   * (a concurrency conflict, or a cached state found stale), given the previous one: e.g.
   * the same context with the clock read again, since a rival's events may be dated after
   * the first reading. Without it every decision takes `context`.
   */
  readonly refreshContext?: (previous: Ctx) => Ctx;
  /** Groups every event of one business conversation. Defaults to `commandId`. */
  readonly correlationId?: string;
  /** What caused the command (an event id or a command id). Defaults to `commandId`. */
  readonly causationId?: string | null;
  /**
   * Decide without recording: the result carries the events the command would record and
   * the state they would lead to, with nothing appended (`recorded` empty, `lastPosition`
   * `null`). A command whose id is already in the stream comes back `replayed`, as always.
   */
  readonly decideOnly?: boolean;
}

/** Everything {@link handleCommand} needs besides the command. */
export interface HandleCommandOptions<C, E, S, Ctx, R> {
  readonly store: EventStore;
  readonly decider: Decider<C, E, S, Ctx, R>;
  readonly codec: EventCodec<E>;
  /** Makes a fresh, unique event id (e.g. `crypto.randomUUID`). */
  readonly newEventId: () => string;
  /** The current instant as ISO-8601 UTC, written as `metadata.recordedAt`. */
  readonly clock: () => string;
  /** Retries on a concurrency conflict or an unavailable store (safe: commands are idempotent). */
  readonly retry?: RetryOptions;
  /** Keeps folded states between commands so only new events are read; see {@link streamStateCache}. */
  readonly cache?: StreamStateCache<S>;
}

/** What a command produced. */
export interface CommandResult<E, S> {
  readonly streamId: string;
  /** The command's events: appended now, or found from its first run (`replayed`). Empty when it decided nothing. */
  readonly events: readonly E[];
  readonly recorded: readonly RecordedEvent[];
  /** The stream's state after every event loaded and appended. */
  readonly state: S;
  /** The stream's last revision now (`null` if the stream still does not exist): the next expected revision. */
  readonly nextExpectedRevision: bigint | null;
  /** Position of the command's last event (for `waitFor`), `null` when it has none. */
  readonly lastPosition: bigint | null;
  /** `true` when the command id was found in the stream and nothing was appended. */
  readonly replayed: boolean;
  /** Attempts made, 1 unless a conflict or an unavailable store forced retries. */
  readonly attempts: number;
}

/** Why a command did not produce a result: the decider's rejection, or a typed infrastructure error. */
export type CommandFailure<R> =
  | { readonly kind: 'rejected'; readonly rejection: R }
  | { readonly kind: 'undecodable_event'; readonly error: EventDecodeError }
  | { readonly kind: 'conflict'; readonly error: WrongExpectedRevisionError; readonly attempts: number }
  | { readonly kind: 'unavailable'; readonly error: StoreUnavailableError; readonly attempts: number }
  | { readonly kind: 'store_closed'; readonly error: StoreClosedError }
  | { readonly kind: 'invalid_append'; readonly error: InvalidAppendError }
  /** A protected store (`protectPersonalData`) refused the events' personal data: of a forgotten subject (`error.reason === 'subjectErased'`), or without a subject id. Nothing was appended. */
  | { readonly kind: 'personal_data_refused'; readonly error: PersonalDataRefusedError };

/** The outcome of {@link handleCommand}. */
export type HandleCommandResult<E, S, R> = E.Either<CommandFailure<R>, CommandResult<E, S>>;

interface Loaded<E, S> {
  readonly state: S;
  readonly revision: bigint | null;
  /** The command's own events, when its id is already in the stream. */
  readonly replayed: { readonly events: E[]; readonly recorded: RecordedEvent[] } | null;
  /** Command ids of the whole stream, kept only with a cache. */
  readonly commandIds: Set<string> | null;
}

/** A stream's key in the cache: its id as stored (a tenant's view keeps its streams under a prefix, so the tenants of one store may share a cache). */
const cacheKey = (store: EventStore, streamId: string): string => (store.storedStreamPrefix ?? '') + streamId;

/** Folds the stream (from the cached revision on, if cached), looking for the command's id. */
const load = async <C, Ev, S, Ctx, R>(options: HandleCommandOptions<C, Ev, S, Ctx, R>, streamId: string, commandId: string): Promise<E.Either<EventDecodeError, Loaded<Ev, S>>> => {
  const { decider, codec, cache } = options;
  const key = cacheKey(options.store, streamId);
  const cached = cache?.get(key);
  // A cached command id means a retried command: read the whole stream to find its first outcome.
  const start = cached !== undefined && !cached.commandIds.has(commandId) ? cached : undefined;
  const commandIds = cache === undefined ? null : (start?.commandIds ?? new Set<string>());
  let replayed: { events: Ev[]; recorded: RecordedEvent[] } | null = null;
  const loaded = await aggregateStream(options.store, streamId, {
    codec,
    initialState: start?.state ?? decider.initialState,
    ...(start === undefined ? {} : { fromRevision: start.revision + 1n }),
    evolve: (state, event, recorded) => {
      const eventCommandId = recorded.metadata.commandId;
      commandIds?.add(eventCommandId);
      if (eventCommandId === commandId) {
        replayed ??= { events: [], recorded: [] };
        replayed.events.push(event);
        replayed.recorded.push(recorded);
      }
      return decider.evolve(state, event);
    },
  });
  if (E.isLeft(loaded)) return loaded;
  const { state } = loaded.right;
  const revision = loaded.right.revision ?? start?.revision ?? null;
  // Unchanged since the cached entry (the usual case): `get` already marked it as used.
  if (cache !== undefined && revision !== null && commandIds !== null && revision !== start?.revision) cache.set(key, { revision, state, commandIds });
  return E.right({ state, revision, replayed, commandIds });
};

const toNewEvents = <C, Ev, S, Ctx, R>(options: HandleCommandOptions<C, Ev, S, Ctx, R>, envelope: CommandEnvelope<C, Ctx>, events: readonly Ev[]): NewEvent[] => {
  const recordedAt = options.clock();
  const correlationId = envelope.correlationId ?? envelope.commandId;
  const causationId = envelope.causationId === undefined ? envelope.commandId : envelope.causationId;
  return events.map((event) => {
    const encoded = options.codec.encode(event);
    // Built key by key: `{ ...domain, recordedAt, … }` hits a V8 slow path (a new hidden class per object).
    const metadata: { [key: string]: Json | undefined } = {
      recordedAt,
      commandId: envelope.commandId,
      correlationId,
      causationId,
      schemaVersion: encoded.schemaVersion,
    };
    const domain = encoded.metadata;
    for (const key in domain) if (!(key in metadata)) metadata[key] = domain[key];
    return { eventId: options.newEventId(), type: encoded.type, data: encoded.data, metadata: metadata as EventMetadata };
  });
};

/** Appends decided events with `revision` as the expected revision and caches the stream's new state. */
const append = async <C, Ev, S, Ctx, R>(
  options: HandleCommandOptions<C, Ev, S, Ctx, R>,
  envelope: CommandEnvelope<C, Ctx>,
  loaded: Pick<Loaded<Ev, S>, 'state' | 'revision' | 'commandIds'>,
  events: readonly Ev[],
  attempts: number,
): Promise<CommandResult<Ev, S>> => {
  const { streamId, commandId } = envelope;
  const appended = await options.store.appendToStream(streamId, toNewEvents(options, envelope, events), {
    expectedRevision: loaded.revision ?? 'no_stream',
  });
  let next = loaded.state;
  for (const event of events) next = options.decider.evolve(next, event);
  if (options.cache !== undefined && loaded.commandIds !== null) {
    loaded.commandIds.add(commandId);
    options.cache.set(cacheKey(options.store, streamId), { revision: appended.nextExpectedRevision, state: next, commandIds: loaded.commandIds });
  }
  return {
    streamId,
    events,
    recorded: appended.events,
    state: next,
    nextExpectedRevision: appended.nextExpectedRevision,
    lastPosition: appended.lastPosition,
    replayed: false,
    attempts,
  };
};

/**
 * The first attempt's fast path when the stream is cached: decide on the cached state and
 * append at the cached revision, without reading the store. The append's revision check
 * keeps this safe: if another writer appended since, it fails with a conflict and the
 * command goes the usual way (read from the cached revision on, decide again). Only an
 * append that succeeds is final here; a rejection or an empty decision may come from a
 * stale state, so those too are decided again on a fresh read. `null` means: go the usual way.
 */
const appendOnCachedState = async <C, Ev, S, Ctx, R>(
  options: HandleCommandOptions<C, Ev, S, Ctx, R>,
  envelope: CommandEnvelope<C, Ctx>,
  nextContext: () => Ctx,
): Promise<CommandResult<Ev, S> | null> => {
  const cached = options.cache?.get(cacheKey(options.store, envelope.streamId));
  if (cached === undefined || cached.commandIds.has(envelope.commandId)) return null;
  const decision = options.decider.decide(envelope.command, cached.state, nextContext());
  if (E.isLeft(decision) || decision.right.length === 0) return null;
  try {
    return await append(options, envelope, cached, decision.right, 1);
  } catch (error) {
    if (isWrongExpectedRevisionError(error)) return null;
    throw error;
  }
};

const infrastructureFailure = <R>(error: unknown, attempts: number): CommandFailure<R> => {
  if (isWrongExpectedRevisionError(error)) return { kind: 'conflict', error, attempts };
  if (isStoreUnavailableError(error)) return { kind: 'unavailable', error, attempts };
  if (isEventDecodeError(error)) return { kind: 'undecodable_event', error };
  if (isStoreClosedError(error)) return { kind: 'store_closed', error };
  if (isInvalidAppendError(error)) return { kind: 'invalid_append', error };
  if (isPersonalDataRefusedError(error)) return { kind: 'personal_data_refused', error };
  throw error;
};

/**
 * Handles one command: loads the stream and folds it (decoding every event), returns the
 * first outcome if the command id is already in the stream, else decides, encodes and
 * appends with the loaded revision as expected revision. A concurrency conflict or an
 * unavailable store is retried from the load, with jittered backoff, up to
 * `retry.maxAttempts` attempts; every decision after the first takes the envelope's
 * `refreshContext` (e.g. a clock read again), so the loser of a race is decided on the
 * new state as of now. With a `cache` holding the stream, the first attempt
 * decides on the cached state and appends without reading (see {@link streamStateCache});
 * the outcome is the same as without it. Never throws for rejections or store failures: they come
 * back as a `Left` {@link CommandFailure}. Errors thrown by the decider or codec (bugs)
 * propagate.
 *
 * @example
 * const result = await handleCommand(
 *   { store, decider, codec, newEventId: randomUUID, clock: () => new Date().toISOString() },
 *   { streamId: 'case-42', commandId: 'cmd-1', command, context },
 * );
 * if (E.isRight(result)) await runner.waitFor(result.right.lastPosition ?? 0n);
 */
export const handleCommand = async <C, Ev, S, Ctx, R>(options: HandleCommandOptions<C, Ev, S, Ctx, R>, envelope: CommandEnvelope<C, Ctx>): Promise<HandleCommandResult<Ev, S, R>> => {
  // Given options are checked now (a RangeError before any work); the defaults only when a retry needs them.
  let policy: RetryPolicy | null = options.retry === undefined ? null : retryPolicy(options.retry);
  const { streamId, commandId } = envelope;
  let context = envelope.context;
  let decisions = 0;
  const nextContext = (): Ctx => {
    decisions += 1;
    if (decisions > 1 && envelope.refreshContext !== undefined) context = envelope.refreshContext(context);
    return context;
  };
  for (let attempt = 1; ; attempt++) {
    try {
      if (attempt === 1 && envelope.decideOnly !== true) {
        const appended = await appendOnCachedState(options, envelope, nextContext);
        if (appended !== null) return E.right(appended);
      }
      const loaded = await load(options, streamId, commandId);
      if (E.isLeft(loaded)) return E.left({ kind: 'undecodable_event', error: loaded.left });
      const { state, revision, replayed, commandIds } = loaded.right;
      if (replayed !== null) {
        const last = replayed.recorded[replayed.recorded.length - 1]!;
        return E.right({
          streamId,
          events: replayed.events,
          recorded: replayed.recorded,
          state,
          nextExpectedRevision: revision,
          lastPosition: last.position,
          replayed: true,
          attempts: attempt,
        });
      }
      const decision = options.decider.decide(envelope.command, state, nextContext());
      if (E.isLeft(decision)) return E.left({ kind: 'rejected', rejection: decision.left });
      const events = decision.right;
      if (events.length === 0 || envelope.decideOnly === true) {
        let next = state;
        for (const event of events) next = options.decider.evolve(next, event);
        return E.right({ streamId, events, recorded: [], state: next, nextExpectedRevision: revision, lastPosition: null, replayed: false, attempts: attempt });
      }
      return E.right(await append(options, envelope, { state, revision, commandIds }, events, attempt));
    } catch (error) {
      const failure = infrastructureFailure<R>(error, attempt);
      const retryable = failure.kind === 'conflict' || failure.kind === 'unavailable';
      policy ??= retryPolicy(options.retry);
      if (!retryable || attempt >= policy.maxAttempts) return E.left(failure);
      await sleep(retryDelayMs(policy, attempt));
    }
  }
};
