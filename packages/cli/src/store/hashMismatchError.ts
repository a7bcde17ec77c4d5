import { CasefoldError, isCasefoldError } from '@casefold/engine';

/**
 * A hash the target computed differs from the one computed for the same event before
 * (by the simulation's store, or in an export file): the two disagree about the chain.
 * Should never happen; nothing after the event was written.
 */
export class HashMismatchError extends CasefoldError {
  override readonly name = 'HashMismatchError';
  constructor(
    readonly streamId: string,
    readonly revision: bigint,
  ) {
    super(`The target store computed another hash for stream '${streamId}' revision ${revision} than the source of the event; the two disagree on the hash chain. Please report this.`);
  }
}

/** Guard for {@link HashMismatchError}. */
export const isHashMismatchError = (e: unknown): e is HashMismatchError => isCasefoldError(e, 'HashMismatchError');

declare module '@casefold/engine' {
  interface CasefoldErrorKinds {
    HashMismatchError: HashMismatchError;
  }
}
