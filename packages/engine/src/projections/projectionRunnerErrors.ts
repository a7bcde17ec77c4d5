import { type StoredRowError, isStoredRowError } from '@casefold/core';
import { CasefoldError, isCasefoldError } from '../eventStore/casefoldError.js';
/** `waitFor` gave up: the projection had not reached the position within the time allowed. */
export class ProjectionWaitTimeoutError extends CasefoldError {
  override readonly name = 'ProjectionWaitTimeoutError';
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly reached: bigint,
    readonly timeoutMs: number,
  ) {
    super(
      `Projection '${projection}' did not reach position ${position} within ${timeoutMs} ms (it is at ${reached}). ` +
        'Check that an event with that position exists and that the runner is running (status()).',
    );
  }
}

/** Guard for {@link ProjectionWaitTimeoutError}. */
export const isProjectionWaitTimeoutError = (e: unknown): e is ProjectionWaitTimeoutError => isCasefoldError(e, 'ProjectionWaitTimeoutError');

/** The runner was stopped (or its store closed) before it reached the awaited position. */
export class ProjectionStoppedError extends CasefoldError {
  override readonly name = 'ProjectionStoppedError';
  constructor(
    readonly projection: string,
    readonly position: bigint,
  ) {
    super(`Projection '${projection}' stopped at position ${position}; start it again to continue from there.`);
  }
}

/** Guard for {@link ProjectionStoppedError}. */
export const isProjectionStoppedError = (e: unknown): e is ProjectionStoppedError => isCasefoldError(e, 'ProjectionStoppedError');

/**
 * A projection's runner stopped on an event: its `apply` (or a row projection's `keysOf`: `step`
 * says which) threw on it, a row projection's `keysOf` returned something other than a list of
 * text keys for it, or the store failed to read the rows the event changes. Everything folded
 * before that event was committed; starting the runner again resumes at this event. The message's
 * advice follows the cause: a stored row that is not what a built-in row projection writes
 * (`StoredRowError` from `@casefold/core`) is rebuilt from the events, not fixed in `apply`; any
 * other casefold error (a store refusing or unavailable, a row model misused, keys that are not
 * text) carries its own advice; anything else is the projection's code (`step`) to fix.
 */
export class ProjectionApplyError extends CasefoldError {
  override readonly name = 'ProjectionApplyError';
  /** Which of the projection's functions failed on the event: `apply` (or the store reading its rows), or a row projection's `keysOf`. */
  readonly step: 'apply' | 'keysOf';
  constructor(
    readonly projection: string,
    readonly event: { readonly streamId: string; readonly revision: bigint; readonly position: bigint; readonly type: string },
    /** The checkpoint committed before the failing event (for `rebuildVerified`: the stored read model's, left as it was). */
    readonly committed: bigint,
    /** `rebuilding`: the failure stopped a `rebuildVerified`, which commits nothing, not a runner. */
    options: { readonly cause: unknown; readonly step?: 'apply' | 'keysOf'; readonly rebuilding?: true },
  ) {
    const step = options.step ?? 'apply';
    const again = options.rebuilding === true ? 'rebuild again' : 'start the runner again: it resumes at this event';
    const before =
      options.rebuilding === true ? `Nothing of the rebuild is committed (the stored read model stays at checkpoint ${committed})` : `Everything before it is committed (checkpoint ${committed})`;
    // A cause's message that ends its own sentence (every casefold error's does) is not ended twice.
    const reason = (options.cause instanceof Error ? options.cause.message : String(options.cause)).replace(/(?<!\.)\.$/, '');
    const ownCode = !isCasefoldError(options.cause);
    const advice = isStoredRowError(options.cause)
      ? "its stored rows are derived from the events, so apply needs no fix: delete the projection's rows (`casefold replay` for the built-in ones, or the row store's " +
        `delete(${JSON.stringify(projection)})) and start the runner again: it builds them again from the first event.`
      : `${ownCode ? `fix the projection's ${step} (a new version if the meaning of its ${step === 'apply' ? 'state' : 'rows'} changes)` : 'do what that error says'} and ${again}.`;
    super(
      `Projection '${projection}' failed to apply event '${event.type}' at stream '${event.streamId}' revision ${event.revision} ` +
        `(position ${event.position}): ${step === 'keysOf' && ownCode ? 'keysOf threw: ' : ''}${reason}. ${before}; ${advice}`,
      { cause: options.cause },
    );
    this.step = step;
  }
}

/** Guard for {@link ProjectionApplyError}. */
export const isProjectionApplyError = (e: unknown): e is ProjectionApplyError => isCasefoldError(e, 'ProjectionApplyError');

/**
 * A projection state held a value that a projection store cannot keep as JSON (a `Map`, a
 * bigint, a `Date`, a class instance, a cycle, a non-finite number) and no `stateCodec`
 * was given. Nothing was committed; the runner stopped.
 */
export class ProjectionStateError extends CasefoldError {
  override readonly name = 'ProjectionStateError';
  constructor(
    readonly projection: string,
    /** What and where, e.g. `a Map at state.byId`. */
    readonly problem: string,
  ) {
    super(
      `Projection '${projection}' state holds ${problem}, which a projection store cannot keep as JSON; nothing was committed. ` +
        'Keep the state plain JSON data (records instead of Maps, strings instead of bigints and Dates), or give startProjection a stateCodec.',
    );
  }
}

/** Guard for {@link ProjectionStateError}. */
export const isProjectionStateError = (e: unknown): e is ProjectionStateError => isCasefoldError(e, 'ProjectionStateError');

declare module '../eventStore/casefoldError.js' {
  interface CasefoldErrorKinds {
    ProjectionWaitTimeoutError: ProjectionWaitTimeoutError;
    ProjectionStoppedError: ProjectionStoppedError;
    ProjectionApplyError: ProjectionApplyError;
    ProjectionStateError: ProjectionStateError;
    /** From `@casefold/core` (branded as casefold's errors are). */
    StoredRowError: StoredRowError;
  }
}
