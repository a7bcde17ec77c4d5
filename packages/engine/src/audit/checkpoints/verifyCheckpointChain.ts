import * as E from 'fp-ts/lib/Either.js';
import { checkpointDigest, type Checkpoint } from './checkpoint.js';
import { ed25519, sha256, type HashProvider, type SignatureProvider } from './providers.js';
import { authenticity } from './verifyCheckpoint.js';

/**
 * Where a chain of checkpoints breaks, at `index` in the list given:
 * - `algorithmUnsupported`, `keyDiffers`, `signatureInvalid`: that checkpoint is not the signer's as it was signed (see `verifyCheckpoint`);
 * - `previousDiffers`: it does not name the digest of the checkpoint before it (one was removed, inserted, reordered or replaced);
 * - `wentBack`: it covers less of the store than the one before (a lower position or fewer events);
 * - `storeDiffers`: it names another store than the first.
 */
export interface CheckpointChainBreak {
  readonly kind: 'algorithmUnsupported' | 'keyDiffers' | 'signatureInvalid' | 'previousDiffers' | 'wentBack' | 'storeDiffers';
  readonly index: number;
  readonly message: string;
}

/** Options of {@link verifyCheckpointChain}. */
export interface VerifyCheckpointChainOptions {
  /** The signer's public key, obtained apart from the checkpoints (Ed25519: SPKI PEM). */
  readonly publicKey: string;
  /** The checkpoint the first one must chain to; without it, the first may chain to anything (a chain kept from some point on). */
  readonly previous?: Checkpoint;
  /** Defaults to {@link sha256}. */
  readonly hash?: HashProvider;
  /** Defaults to {@link ed25519}. */
  readonly signature?: SignatureProvider;
}

/** What a verified chain covers. */
export interface CheckpointChainVerified {
  readonly checkpoints: number;
  /** The last checkpoint: verify the store against it with `verifyCheckpoint`. */
  readonly last: Checkpoint | undefined;
}

/** `Right` when every checkpoint is authentic and chains to the one before it; else `Left` with every break. */
export type VerifyCheckpointChainResult = E.Either<readonly CheckpointChainBreak[], CheckpointChainVerified>;

/**
 * Verifies a chain of checkpoints, oldest first (as `startCheckpointing` or `casefold
 * checkpoint --previous` made it): each one signed by the key given, unedited, naming the
 * digest of the one before it as `previous`, of the same store, covering at least as much
 * of it. A checkpoint removed from, inserted into or reordered in the list breaks the
 * chain where it happened. It does not look at the store: verify that against the last
 * checkpoint with `verifyCheckpoint`. Never throws for tampered checkpoints.
 *
 * @throws CheckpointKeyError when the public key cannot be read.
 *
 * @example
 * const chain = verifyCheckpointChain(kept, { publicKey });
 * if (E.isLeft(chain)) for (const b of chain.left) console.error(b.index, b.kind, b.message);
 */
export const verifyCheckpointChain = (checkpoints: readonly Checkpoint[], options: VerifyCheckpointChainOptions): VerifyCheckpointChainResult => {
  const hash = options.hash ?? sha256;
  const signature = options.signature ?? ed25519;
  const breaks: CheckpointChainBreak[] = [];
  let before = options.previous;
  checkpoints.forEach((checkpoint, index) => {
    const forged = authenticity(checkpoint, options.publicKey, hash, signature);
    if (forged !== null) breaks.push({ kind: forged.kind as CheckpointChainBreak['kind'], index, message: `Checkpoint ${index}: ${forged.message}` });
    if (before !== undefined) {
      const digest = checkpointDigest(before, hash);
      if (checkpoint.previous !== digest)
        breaks.push({
          kind: 'previousDiffers',
          index,
          message: `Checkpoint ${index} (position ${checkpoint.position}) does not chain to the one before it: its previous is ${checkpoint.previous ?? 'null'}, the digest of the one before is ${digest}. A checkpoint was removed, inserted, reordered or replaced here.`,
        });
      if (BigInt(checkpoint.position) < BigInt(before.position) || checkpoint.events < before.events)
        breaks.push({
          kind: 'wentBack',
          index,
          message: `Checkpoint ${index} covers position ${checkpoint.position} and ${checkpoint.events} events, less than the one before it (position ${before.position}, ${before.events} events).`,
        });
    }
    if (index > 0 && checkpoint.store !== checkpoints[0]!.store)
      breaks.push({ kind: 'storeDiffers', index, message: `Checkpoint ${index} is of store ${JSON.stringify(checkpoint.store)}, not ${JSON.stringify(checkpoints[0]!.store)} as the first.` });
    before = checkpoint;
  });
  return breaks.length > 0 ? E.left(breaks) : E.right({ checkpoints: checkpoints.length, last: checkpoints[checkpoints.length - 1] });
};
