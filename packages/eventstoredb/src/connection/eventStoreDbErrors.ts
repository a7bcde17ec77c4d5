import { CasefoldError, InvalidAppendError, StoreClosedError, StoreUnavailableError, isCasefoldError } from '@casefold/engine';

/**
 * The server refused the credentials or the operation (gRPC PERMISSION_DENIED or
 * UNAUTHENTICATED, the server's `access-denied`): the user of the connection string lacks
 * the right on a stream or on `$all`. Nothing was written. Not retryable: fix the user's
 * ACLs or the connection string.
 */
export class EventStoreDbAccessDeniedError extends CasefoldError {
  override readonly name = 'EventStoreDbAccessDeniedError';
  /** Always `false`: the same call fails again until the rights change. */
  readonly retryable = false as const;
  constructor(
    /** The server, as `host:port` (never the user or password). */
    readonly target: string,
    /** What was being attempted, e.g. `append to stream 'case-1'`. */
    readonly operation: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `EventStoreDB at '${target}' denied access (${operation}). Nothing was written. ` +
        "Give the connection string's user read and write rights on the store's streams and read rights on $all, or use another user.",
      options,
    );
  }
}

/** Guard for {@link EventStoreDbAccessDeniedError}. */
export const isEventStoreDbAccessDeniedError = (e: unknown): e is EventStoreDbAccessDeniedError => isCasefoldError(e, 'EventStoreDbAccessDeniedError');

declare module '@casefold/engine' {
  interface CasefoldErrorKinds {
    EventStoreDbAccessDeniedError: EventStoreDbAccessDeniedError;
  }
}

/** gRPC status codes (grpc/doc/statuscodes.md). */
const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;
const PERMISSION_DENIED = 7;
const ABORTED = 10;
const UNAVAILABLE = 14;
const UNAUTHENTICATED = 16;
const RESOURCE_EXHAUSTED = 8;

/** The client's error types (its `ErrorType`) that mean "try again later". */
const TRANSIENT_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'not-leader']);

/**
 * Whether a client or gRPC failure means "try again later": unreachable, timed out, cancelled
 * by the server, or a node that is not the leader.
 */
export const isTransient = (error: unknown): boolean => {
  if (isCasefoldError(error)) return false;
  const code = (error as { code?: unknown } | null)?.code;
  const type = (error as { type?: unknown } | null)?.type;
  return (typeof type === 'string' && TRANSIENT_TYPES.has(type)) || code === UNAVAILABLE || code === DEADLINE_EXCEEDED || code === ABORTED || code === CANCELLED;
};

/**
 * A client or gRPC failure as casefold's typed error: unreachable, timed out, cancelled by
 * the server, or a node that is not the leader → {@link StoreUnavailableError} (retryable);
 * access denied → {@link EventStoreDbAccessDeniedError}. Anything else is returned as it is.
 * The client throws its own error classes, and sometimes a plain `Error` with only the gRPC
 * `code` (e.g. 14 when nothing listens), so both are read.
 */
export const storeErrorOf = (error: unknown, target: string, operation: string): unknown => {
  if (isCasefoldError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'access-denied' || code === PERMISSION_DENIED || code === UNAUTHENTICATED) return new EventStoreDbAccessDeniedError(target, operation, { cause: error });
  if (isTransient(error)) return new StoreUnavailableError(`${operation} at '${target}'`, { cause: error });
  return error;
};

/**
 * The server's refusal of an append as too large, as an {@link InvalidAppendError} (not
 * retryable: the same append fails again), or `null` for any other failure. Two limits lie below
 * casefold's own (`MAX_APPEND_BYTES`): the server's `MaxAppendSize` (1 MiB of event data and
 * metadata by default; the client's `MaxAppendSizeExceededError`) and gRPC's message size
 * (`RESOURCE_EXHAUSTED`). The server writes nothing of a refused append.
 */
export const appendTooLargeOf = (error: unknown, streamId: string, target: string): InvalidAppendError | null => {
  const { type, code, maxAppendSize, details } = (error ?? {}) as { type?: unknown; code?: unknown; maxAppendSize?: unknown; details?: unknown };
  const limit =
    type === 'maximum-append-size-exceeded'
      ? `its MaxAppendSize${typeof maxAppendSize === 'number' ? ` of ${maxAppendSize.toLocaleString('en-US')} bytes` : ''}`
      : code === RESOURCE_EXHAUSTED
        ? `a gRPC message's limit (RESOURCE_EXHAUSTED${typeof details === 'string' ? `: ${details}` : ''})`
        : null;
  if (limit === null) return null;
  return new InvalidAppendError(
    streamId,
    `EventStoreDB at '${target}' refused it as larger than ${limit}, which is below casefold's MAX_APPEND_BYTES. Retrying the same append fails again: split the events over several appends, keep large documents outside the event store with a reference in the events, or raise the server's MaxAppendSize (docs/eventstoredb.md)`,
  );
};

/**
 * How grpc-js words a call its channel dropped before sending it: the channel was closed under
 * it (the client closes a channel when another call on it failed, to reconnect), or had no
 * connection when the call was made (a server that restarted since the channel last failed).
 */
const NOT_SENT_DETAILS = ['Channel closed before call started', 'No connection established'];

/**
 * Whether the client failed the call before sending it to the server (gRPC UNAVAILABLE, in
 * grpc-js's words above): the server never saw it, so sending it again cannot apply it twice.
 * The client may wrap the gRPC error (its `_raw`), so both are read.
 */
export const neverSent = (error: unknown): boolean => {
  const details = (error as { details?: unknown } | null)?.details ?? (error as { _raw?: { details?: unknown } } | null)?._raw?.details;
  return (error as { code?: unknown } | null)?.code === UNAVAILABLE && typeof details === 'string' && NOT_SENT_DETAILS.some((words) => details.startsWith(words));
};

/** How {@link withTimeout} bounds and resends a call. */
export interface CallBound {
  /** The longest wait for the call, both attempts included. */
  readonly ms: number;
  /** `host:port`, for messages. */
  readonly target: string;
  /** What is being attempted, e.g. `append to stream 'case-1'`. */
  readonly operation: string;
  /** Which failures send the call once more (default {@link neverSent}). */
  readonly sendAgainIf?: (error: unknown) => boolean;
  /** Whether the store was closed meanwhile (default: never): then nothing is sent again, and the failure is `StoreClosedError`. */
  readonly isClosed?: () => boolean;
}

/**
 * Sends a call with `send`, failing with {@link StoreUnavailableError} when it has not settled
 * within `ms`: the client's own deadline does not end a call to a peer that accepts the
 * connection and never answers (it stays pending for minutes), so every call is bounded here.
 * `send` gets the time left, for the client's deadline.
 *
 * A call that fails as `sendAgainIf` says (by default: it {@link neverSent | never reached the
 * server}) is sent once more within the same `ms`, after one turn of the event loop, by which
 * time the client has reconnected on a new channel: the first calls after a server restart, and
 * calls made while another call's failure closed the channel, then succeed. Reads may pass
 * {@link isTransient}; an append keeps the default, so a call the server may have seen is never
 * sent again here. Nothing is sent again once the time is up or the store is closed; a call
 * that fails after the store closed fails with `StoreClosedError` (closing cancels the client's
 * calls).
 */
export const withTimeout = async <T>(send: (msLeft: number) => Promise<T>, bound: CallBound): Promise<T> => {
  const { ms, target, operation, sendAgainIf = neverSent, isClosed = () => false } = bound;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new StoreUnavailableError(`${operation} at '${target}'`, { cause: new Error(`no answer within ${ms} ms`) }));
    }, ms);
  });
  const attempts = async (): Promise<T> => {
    try {
      return await send(ms);
    } catch (error) {
      if (!sendAgainIf(error) || isClosed()) throw error;
      await new Promise((resolve) => setImmediate(resolve));
      const left = Math.floor(ms - (performance.now() - started));
      if (timedOut || isClosed() || left < 1) throw error;
      return send(left);
    }
  };
  try {
    return await Promise.race([attempts(), timeout]);
  } catch (error) {
    if (isClosed() && !isCasefoldError(error)) throw new StoreClosedError(operation);
    throw storeErrorOf(error, target, operation);
  } finally {
    clearTimeout(timer);
  }
};
