import { CasefoldError, StoreUnavailableError, isCasefoldError } from '@casefold/engine';

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

/** The client's error types (its `ErrorType`) that mean "try again later". */
const TRANSIENT_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'not-leader']);

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
  if ((typeof type === 'string' && TRANSIENT_TYPES.has(type)) || code === UNAVAILABLE || code === DEADLINE_EXCEEDED || code === ABORTED || code === CANCELLED) {
    return new StoreUnavailableError(`${operation} at '${target}'`, { cause: error });
  }
  return error;
};

/**
 * Runs `work`, failing with {@link StoreUnavailableError} when it has not settled within
 * `ms`: the client's own deadline does not end a call to a peer that accepts the connection
 * and never answers (it stays pending for minutes), so every call is bounded here.
 */
export const withTimeout = async <T>(work: Promise<T>, ms: number, target: string, operation: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`${operation} at '${target}'`, { cause: new Error(`no answer within ${ms} ms`) })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    throw storeErrorOf(error, target, operation);
  } finally {
    clearTimeout(timer);
  }
};
