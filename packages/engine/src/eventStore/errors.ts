import type { ExpectedRevision } from './eventStore.js';
import { CasefoldError, isCasefoldError } from './casefoldError.js';

/**
 * Errors of the event-store port. Every adapter throws exactly these classes, so callers
 * handle one set of failures whatever the store. Each class has a guard that also works
 * across package copies (it checks the `name` tag, not only `instanceof`).
 */

const describeExpected = (expected: ExpectedRevision): string => (typeof expected === 'bigint' ? `revision ${expected}` : `'${expected}'`);

/** The actual state of a stream when an append's expectation failed. */
export type ActualRevision = bigint | 'no_stream';

/**
 * An append's expected revision did not match the stream: another writer got there first
 * (or the stream does/does not exist). Nothing was appended. Reload and retry.
 */
export class WrongExpectedRevisionError extends CasefoldError {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(
      `Append to stream '${streamId}' expected ${describeExpected(expected)} but the stream is at ${
        actual === 'no_stream' ? "'no_stream' (it does not exist)" : `revision ${actual}`
      }; nothing was appended. Reload the stream and retry the command.`,
    );
  }
}

/** Guard for {@link WrongExpectedRevisionError}. */
export const isWrongExpectedRevisionError = (e: unknown): e is WrongExpectedRevisionError => isCasefoldError(e, 'WrongExpectedRevisionError');

/** Where and why a stored event could not be decoded. */
export interface EventDecodeErrorDetails {
  readonly streamId: string;
  readonly revision: bigint;
  /** The stored event type, when it could be read. */
  readonly eventType: string;
  /** Path of the failing field inside the stored event, e.g. `data.claim.amountFen`; `''` for the whole event. */
  readonly path: string;
  /** What was wrong with the value at `path`. */
  readonly reason: string;
}

/**
 * A stored event could not be read as a domain event (bad JSON, unknown type, missing or
 * mistyped field, unknown schema version). The event stays in the store untouched and the
 * rest of the store stays readable.
 */
export class EventDecodeError extends CasefoldError implements EventDecodeErrorDetails {
  override readonly name = 'EventDecodeError';
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventType: string;
  readonly path: string;
  readonly reason: string;
  /**
   * @param options.advice What to do, when the default (fix the codec or add an upcaster)
   * does not fit, e.g. for stored text that is damaged rather than of another shape.
   */
  constructor(details: EventDecodeErrorDetails, options?: { readonly cause?: unknown; readonly advice?: string }) {
    super(
      `Cannot decode event '${details.eventType}' at stream '${details.streamId}' revision ${details.revision}` +
        `${details.path === '' ? '' : `, field '${details.path}'`}: ${details.reason}. ` +
        `The stored event is unchanged; ${options?.advice ?? 'fix the codec or add an upcaster for its schema version'}.`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.streamId = details.streamId;
    this.revision = details.revision;
    this.eventType = details.eventType;
    this.path = details.path;
    this.reason = details.reason;
  }
}

/** Guard for {@link EventDecodeError}. */
export const isEventDecodeError = (e: unknown): e is EventDecodeError => isCasefoldError(e, 'EventDecodeError');

/**
 * The store could not be reached or did not answer (connection refused, timeout, database
 * busy). Retryable. After a timeout an append may still have taken effect; retrying a
 * command is nevertheless safe, because command handling is idempotent by command id.
 */
export class StoreUnavailableError extends CasefoldError {
  override readonly name = 'StoreUnavailableError';
  /** Always `true`: retrying later may succeed. */
  readonly retryable = true as const;
  constructor(
    /** What was being attempted, e.g. `append to stream 'case-1'`. */
    readonly operation: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `The event store is unavailable (${operation})${options?.cause instanceof Error ? `: ${options.cause.message}` : ''}. Retry later; a retried command is idempotent by its command id.`,
      options,
    );
  }
}

/** Guard for {@link StoreUnavailableError}. */
export const isStoreUnavailableError = (e: unknown): e is StoreUnavailableError => isCasefoldError(e, 'StoreUnavailableError');

/** The store was used after `close()`. Not retryable: open a new store. */
export class StoreClosedError extends CasefoldError {
  override readonly name = 'StoreClosedError';
  constructor(readonly operation: string) {
    super(`The event store is closed (${operation}). Open a new store instance to continue.`);
  }
}

/** Guard for {@link StoreClosedError}. */
export const isStoreClosedError = (e: unknown): e is StoreClosedError => isCasefoldError(e, 'StoreClosedError');

/** Longest id {@link shownId} shows whole, in UTF-16 units. */
const SHOWN_ID_LENGTH = 80;

/**
 * An id (stream id, event id, type) as messages show it: quoted, control characters and lone
 * surrogates written as `\uXXXX`, cut after 80 characters with its length, so that a
 * malformed or huge id cannot garble or flood a log line.
 */
export const shownId = (id: string): string => {
  const cut = id.length > SHOWN_ID_LENGTH ? `${id.slice(0, SHOWN_ID_LENGTH)}…` : id;
  const escaped = cut.replace(/[\u0000-\u001f\u007f]|[\uD800-\uDFFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${escaped}'${cut === id ? '' : ` (${id.length} characters)`}`;
};

/**
 * An append was malformed before it reached the store: no events, a stream id, event id or
 * type that breaks the port's rule (empty, U+0000, a lone surrogate, over `MAX_ID_BYTES`), a
 * negative expected revision, event data/metadata that JSON cannot represent, or more event
 * JSON than one append carries (`MAX_APPEND_BYTES`). Nothing was appended. Not retryable:
 * fix the caller; retrying the same append fails again.
 */
export class InvalidAppendError extends CasefoldError {
  override readonly name = 'InvalidAppendError';
  constructor(
    readonly streamId: string,
    readonly reason: string,
  ) {
    super(`Invalid append to stream ${shownId(streamId)}: ${reason}. Nothing was appended.`);
  }
}

/** Guard for {@link InvalidAppendError}. */
export const isInvalidAppendError = (e: unknown): e is InvalidAppendError => isCasefoldError(e, 'InvalidAppendError');

/**
 * A read, subscription or last position was asked with a `streamPrefix` that no stream id can
 * start with (not a text, U+0000, a lone surrogate, over `MAX_ID_BYTES`). Nothing was read.
 * Fix the caller: pass the start of real stream ids, e.g. a tenant's `xishan/`.
 */
export class InvalidStreamFilterError extends CasefoldError {
  override readonly name = 'InvalidStreamFilterError';
  constructor(readonly reason: string) {
    super(`Invalid stream filter: the streamPrefix ${reason}. Nothing was read; pass the start of the stream ids to read (e.g. 'xishan/'), or none for every stream.`);
  }
}

/** Guard for {@link InvalidStreamFilterError}. */
export const isInvalidStreamFilterError = (e: unknown): e is InvalidStreamFilterError => isCasefoldError(e, 'InvalidStreamFilterError');

declare module './casefoldError.js' {
  interface CasefoldErrorKinds {
    WrongExpectedRevisionError: WrongExpectedRevisionError;
    EventDecodeError: EventDecodeError;
    StoreUnavailableError: StoreUnavailableError;
    StoreClosedError: StoreClosedError;
    InvalidAppendError: InvalidAppendError;
    InvalidStreamFilterError: InvalidStreamFilterError;
  }
}
