import type { EventStore } from '../../eventStore/eventStore.js';
import { canonicalJson } from '../../hashing/canonicalJson.js';
import { ed25519, sha256, type HashProvider, type SignatureProvider } from './providers.js';
import { merkleRoot, readStoreHeads, type StoreHeads, type StreamLeaf } from './storeHeads.js';
import type { RootedStoreHeads } from './storeHeadsTree.js';

/** The `format` of every checkpoint document. */
export const CHECKPOINT_FORMAT = 'casefold-checkpoint';
/** The `version` of the checkpoint format this library writes and reads. */
export const CHECKPOINT_VERSION = 1;

/**
 * A signed commitment to a whole store as of a position (see docs/checkpoint-format.md):
 * the root of a Merkle tree over every stream's head, with what a verifier needs to check
 * it. Kept as its JSON document is, so what is signed is what is read.
 */
export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  /** What identifies the store, as the caller named it (a label, a file name, a database). */
  readonly store: string;
  /** The store position it covers, as a decimal string: every event at or below it. */
  readonly position: string;
  /** Streams with at least one event at or below the position (the tree's leaves). */
  readonly streams: number;
  /** Events at or below the position. */
  readonly events: number;
  /** Merkle tree hash over the leaves, lowercase hex. */
  readonly root: string;
  readonly algorithms: { readonly hash: string; readonly signature: string };
  /** When it was taken (ISO-8601 UTC). */
  readonly takenAt: string;
  /** {@link checkpointDigest} of the checkpoint before it, chaining them; `null` for the first. */
  readonly previous: string | null;
  /** The signer's public key as the signature provider writes it (Ed25519: hex of its raw 32 bytes). */
  readonly publicKey: string;
  /** Signature over {@link signedMessage}, lowercase hex. */
  readonly signature: string;
}

/** What a checkpoint's signature covers: the UTF-8 bytes of the RFC 8785 canonical JSON of the checkpoint without its `signature`. */
export const signedMessage = (checkpoint: Omit<Checkpoint, 'signature'>): Uint8Array => {
  const { signature: _signature, ...signed } = checkpoint as Checkpoint;
  return Buffer.from(canonicalJson(signed), 'utf8');
};

/** A checkpoint as a file holds it: its RFC 8785 canonical JSON and a newline. */
export const checkpointText = (checkpoint: Checkpoint): string => `${canonicalJson(checkpoint)}\n`;

/** The digest a later checkpoint's `previous` records: the hash (lowercase hex) of the UTF-8 canonical JSON of the whole checkpoint, signature included. */
export const checkpointDigest = (checkpoint: Checkpoint, provider: HashProvider = sha256): string => Buffer.from(provider.hash(Buffer.from(canonicalJson(checkpoint), 'utf8'))).toString('hex');

/** Options of {@link takeCheckpoint}. */
export interface TakeCheckpointOptions {
  /** What identifies the store (recorded as `store`): a label, a file name, a database name. */
  readonly storeId: string;
  /** The signing key, in the signature provider's form (Ed25519: PKCS #8 PEM). */
  readonly privateKey: string;
  /** The position to cover; defaults to the store's last position. */
  readonly position?: bigint;
  /** The checkpoint before this one, to chain to. */
  readonly previous?: Checkpoint;
  /** Defaults to {@link sha256}. */
  readonly hash?: HashProvider;
  /** Defaults to {@link ed25519}. */
  readonly signature?: SignatureProvider;
  /** Defaults to the current time. */
  readonly now?: Date;
}

/** What {@link takeCheckpoint} made: the checkpoint and the leaves its root is over (keep both; see {@link leavesText}). */
export interface TakeCheckpointResult {
  readonly checkpoint: Checkpoint;
  readonly leaves: readonly StreamLeaf[];
}

/**
 * Takes a signed checkpoint of `store`: reads every stream's head as of the position (one
 * pass in position order, memory bounded by the number of streams), builds the Merkle
 * tree over them and signs the document. Nothing is written to the store and appends pay
 * nothing for it. It commits to the store as it is: verify the chains first
 * (`verifyAll`) to commit only to an intact store. On a store whose read stops short of
 * the position (PostgreSQL, while older transactions run) it covers what was read: the
 * returned `position` says how far.
 *
 * @throws CheckpointKeyError when the private key cannot be read.
 *
 * @example
 * const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'cases.db', privateKey: pem });
 * await writeFile('cp.json', checkpointText(checkpoint));
 * await writeFile('cp.leaves', leavesText(leaves));
 */
export const takeCheckpoint = async (store: EventStore, options: TakeCheckpointOptions): Promise<TakeCheckpointResult> => {
  const signature = options.signature ?? ed25519;
  signature.publicKeyOf(options.privateKey); // an unusable key fails before the store is read
  return signCheckpoint(await readStoreHeads(store, options.position ?? (await store.readLastPosition())), options);
};

/** Options of {@link signCheckpoint}: those of {@link takeCheckpoint} but the position (the heads say it). */
export type SignCheckpointOptions = Omit<TakeCheckpointOptions, 'position'>;

/**
 * The signed checkpoint of heads collected already (`collectStoreHeads`, or
 * `readStoreHeads`): the Merkle tree over them, the document, its signature. What
 * {@link takeCheckpoint} does after reading the store; `startCheckpointing` collects the
 * heads as events are appended and calls this, so a checkpoint does not read the store again.
 *
 * @throws CheckpointKeyError when the private key cannot be read.
 */
export const signCheckpoint = (heads: StoreHeads, options: SignCheckpointOptions): TakeCheckpointResult =>
  signCheckpointOfRoot({ ...heads, root: merkleRoot(heads.leaves, options.hash ?? sha256) }, options);

/**
 * {@link signCheckpoint} of heads whose Merkle root (with `options.hash`) is known already,
 * as `storeHeadsTree` keeps it. Not exported from the package: the root is trusted as given.
 */
export const signCheckpointOfRoot = (heads: RootedStoreHeads, options: SignCheckpointOptions): TakeCheckpointResult => {
  const hash = options.hash ?? sha256;
  const signature = options.signature ?? ed25519;
  const publicKey = signature.publicKeyText(signature.publicKeyOf(options.privateKey));
  const unsigned: Omit<Checkpoint, 'signature'> = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    store: options.storeId,
    position: heads.lastPosition.toString(),
    streams: heads.leaves.length,
    events: heads.events,
    root: heads.root,
    algorithms: { hash: hash.name, signature: signature.name },
    takenAt: (options.now ?? new Date()).toISOString(),
    previous: options.previous === undefined ? null : checkpointDigest(options.previous, hash),
    publicKey,
  };
  const signed = Buffer.from(signature.sign(signedMessage(unsigned), options.privateKey)).toString('hex');
  return { checkpoint: { ...unsigned, signature: signed }, leaves: heads.leaves };
};
