import { type Checkpoint, type HashProvider, type SignatureProvider, ed25519, generateEd25519KeyPair, sha256, sm3 } from '@casefold/engine';
import { UsageError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';

/** The providers of a checkpoint algorithm, and how to make its keys. */
export interface CheckpointProviders {
  readonly hash: HashProvider;
  readonly signature: SignatureProvider;
  /** A new key pair, as `--new-key` writes it (PEM). */
  readonly generateKeyPair: () => { readonly privateKey: string; readonly publicKey: string };
}

/** A pair of checkpoint providers the command line offers by one name. */
export interface CheckpointAlgorithm {
  /** What `--algorithm` takes. */
  readonly name: string;
  /** The names a checkpoint records in `algorithms`. */
  readonly hash: string;
  readonly signature: string;
  /** The providers, loaded when first used (SM2's library only then). */
  readonly load: () => Promise<CheckpointProviders>;
}

/**
 * The algorithms of `casefold checkpoint --algorithm`: `ed25519` (SHA-256 tree, Ed25519
 * signature; the default) and `sm2` (SM3 tree, SM2 signature with SM3, GB/T 32918).
 */
export const CHECKPOINT_ALGORITHMS: readonly CheckpointAlgorithm[] = [
  { name: 'ed25519', hash: 'sha256', signature: 'ed25519', load: async () => ({ hash: sha256, signature: ed25519, generateKeyPair: generateEd25519KeyPair }) },
  {
    name: 'sm2',
    hash: 'sm3',
    signature: 'sm2-sm3',
    load: async () => {
      const { sm2WithSm3, generateSm2KeyPair } = await import('@casefold/engine/sm2');
      return { hash: sm3, signature: sm2WithSm3, generateKeyPair: generateSm2KeyPair };
    },
  },
];

/** The providers of the algorithm `--algorithm` names (`ed25519` when not given). @throws UsageError */
export const algorithmNamed = async (name: string | undefined, command: string): Promise<CheckpointProviders & { readonly name: string }> => {
  const found = CHECKPOINT_ALGORITHMS.find((algorithm) => algorithm.name === (name ?? 'ed25519'));
  if (found === undefined)
    throw new UsageError(
      localized((m) =>
        m.checkpoint.algorithm(
          CHECKPOINT_ALGORITHMS.map((a) => a.name),
          name ?? '',
        ),
      ),
      command,
    );
  return { name: found.name, ...(await found.load()) };
};

/**
 * The providers a checkpoint names in `algorithms`, to verify it or build on it; for names
 * this casefold does not know, the defaults, so that the engine reports `algorithmUnsupported`.
 */
export const providersOf = async (checkpoint: Checkpoint): Promise<{ readonly hash: HashProvider; readonly signature: SignatureProvider }> => {
  const { hash, signature } = checkpoint.algorithms;
  const known = CHECKPOINT_ALGORITHMS.find((algorithm) => algorithm.hash === hash && algorithm.signature === signature) ?? CHECKPOINT_ALGORITHMS[0]!;
  const providers = await known.load();
  return { hash: providers.hash, signature: providers.signature };
};
