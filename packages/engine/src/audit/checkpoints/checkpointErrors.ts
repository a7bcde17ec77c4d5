import { CasefoldError, isCasefoldError } from '../../eventStore/casefoldError.js';

/** A checkpoint key could not be read: not PEM, not a key, or a key of another algorithm. */
export class CheckpointKeyError extends CasefoldError {
  override readonly name = 'CheckpointKeyError';
  constructor(expected: string, options?: { readonly cause?: unknown }) {
    super(`The checkpoint key is not usable: expected ${expected}. Pass the key file written by \`casefold checkpoint --new-key\` (or generateEd25519KeyPair).`, options);
  }
}

/** Guard for {@link CheckpointKeyError}. */
export const isCheckpointKeyError = (e: unknown): e is CheckpointKeyError => isCasefoldError(e, 'CheckpointKeyError');

declare module '../../eventStore/casefoldError.js' {
  interface CasefoldErrorKinds {
    CheckpointKeyError: CheckpointKeyError;
  }
}
