import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { DEFAULT_MAX_BROKEN_LINKS, findBrokenLinks, type BrokenLink, type VerifySummary } from '../verify.js';
import { checkpointDigest, signedMessage, type Checkpoint } from './checkpoint.js';
import { ed25519, sha256, type HashProvider, type SignatureProvider } from './providers.js';
import { compareLeaves, merkleRoot, readStoreHeads, type StoreHeads, type StreamLeaf } from './storeHeads.js';

/**
 * One way the store, or the evidence, differs from what a checkpoint committed to. Those
 * about a stream name it and the revisions involved; `message` says it in words.
 *
 * About the checkpoint itself (nothing else is checked after these, since the
 * checkpoint cannot be trusted):
 * - `algorithmUnsupported`: it names a hash or signature algorithm other than the providers given;
 * - `keyDiffers`: it was signed by another key than the public key given;
 * - `signatureInvalid`: its signature does not match its content: it was edited after it was signed.
 *
 * About the evidence beside it:
 * - `previousDiffers`: it does not chain to the previous checkpoint given;
 * - `leavesDiffer`: the leaves given do not produce its root (the leaves file was changed): differences can then not be named, only `rootDiffers`.
 *
 * About the store, as of the checkpoint's position (a stream named here whose chain or head
 * record is broken too carries that broken link in `link`, and is not named again as `chainBroken`):
 * - `streamRemoved`: a committed stream has no event left at or below the position;
 * - `streamTruncated`: a stream ends before its committed head (`revision` is the first missing one);
 * - `streamExtended`: a stream has events beyond its committed head at or below the position (inserted with old positions);
 * - `streamRewritten`: a stream's head at the committed revision carries another hash: the stream was rewritten and re-hashed at or before it;
 * - `streamInserted`: a stream that was not committed has events at or below the position;
 * - `eventCountDiffers`: the number of events at or below the position differs (events removed or inserted in the middle of a stream);
 * - `rootDiffers`: the store's root is not the committed one (named only when leaves are given);
 * - `chainBroken`: a stream not named above has a broken link anywhere in the store: its hash
 *   chain is broken, or (`link.kind` `headDiffers`) its recorded head is not its last stored event
 *   (its first broken link: one per broken stream, see `findBrokenLinks`);
 * - `moreChainsBroken`: more streams are broken than the `maxBrokenLinks` listed (`count` of them;
 *   `headsDiffer` of these are head records that differ, the rest broken hash chains).
 */
export type CheckpointDifference =
  | { readonly kind: 'algorithmUnsupported' | 'keyDiffers' | 'signatureInvalid' | 'previousDiffers' | 'leavesDiffer' | 'rootDiffers'; readonly message: string }
  | StreamDifference
  | { readonly kind: 'eventCountDiffers'; readonly committed: number; readonly stored: number; readonly message: string }
  | { readonly kind: 'chainBroken'; readonly streamId: string; readonly revision: bigint; readonly link: BrokenLink; readonly message: string }
  | { readonly kind: 'moreChainsBroken'; readonly count: number; readonly headsDiffer: number; readonly message: string };

/** The fields of a {@link StreamDifference} besides those of its kind. */
interface StreamDifferenceFields {
  readonly streamId: string;
  readonly revision: bigint;
  /** The stream's first broken link (its hash chain, or its head record), when it has one too; its words end `message`. */
  readonly link?: BrokenLink;
  readonly message: string;
}

/** A {@link CheckpointDifference} that names a stream the checkpoint and the store disagree about. */
export type StreamDifference =
  | (StreamDifferenceFields & { readonly kind: 'streamRemoved' | 'streamInserted' })
  | (StreamDifferenceFields & { readonly kind: 'streamTruncated' | 'streamExtended'; readonly committedRevision: bigint; readonly storedRevision: bigint })
  | (StreamDifferenceFields & { readonly kind: 'streamRewritten'; readonly committedHash: string; readonly storedHash: string });

/** The kinds of {@link CheckpointDifference}. */
export type CheckpointDifferenceKind = CheckpointDifference['kind'];

/** Options of {@link checkpointDifferences}. */
export interface CheckpointDifferencesOptions {
  /**
   * The signer's public key, obtained apart from the checkpoint (Ed25519: SPKI PEM). Without
   * it, the signature is not checked: the heads are compared with whatever the document says.
   */
  readonly publicKey?: string;
  /** The checkpoint's leaves (its leaves file, read with `parseLeaves`): without them a difference is found but not named. */
  readonly leaves?: readonly StreamLeaf[];
  /** The checkpoint before it: its `previous` must be this one's digest. */
  readonly previous?: Checkpoint;
  /** Defaults to {@link sha256}; must be the algorithm the checkpoint names. */
  readonly hash?: HashProvider;
  /** Defaults to {@link ed25519}; must be the algorithm the checkpoint names. */
  readonly signature?: SignatureProvider;
}

/** Options of {@link verifyCheckpoint}. */
export interface VerifyCheckpointOptions extends CheckpointDifferencesOptions {
  /** The signer's public key, obtained apart from the checkpoint (Ed25519: SPKI PEM). */
  readonly publicKey: string;
  /** Broken chains listed as `chainBroken` (default 100); further ones are counted in one `moreChainsBroken`. */
  readonly maxBrokenLinks?: number;
}

/** What a successful {@link verifyCheckpoint} covered. */
export interface CheckpointVerified {
  readonly checkpoint: Checkpoint;
  /** The per-stream chains of the whole store (beyond the checkpoint's position too). */
  readonly chains: VerifySummary;
}

/** `Right` when the store holds everything the checkpoint committed to, unchanged; else `Left` with every difference found. */
export type VerifyCheckpointResult = E.Either<readonly CheckpointDifference[], CheckpointVerified>;

const plain = (kind: 'algorithmUnsupported' | 'keyDiffers' | 'signatureInvalid' | 'previousDiffers' | 'leavesDiffer' | 'rootDiffers', message: string): CheckpointDifference => ({ kind, message });

/** Problems with the checkpoint itself: when any, nothing it says can be trusted (not exported from the package: see checkpointDifferences). */
export const authenticity = (checkpoint: Checkpoint, publicKey: string, hash: HashProvider, signature: SignatureProvider): CheckpointDifference | null => {
  const { algorithms } = checkpoint;
  if (algorithms.hash !== hash.name || algorithms.signature !== signature.name) {
    return plain(
      'algorithmUnsupported',
      `The checkpoint uses ${algorithms.hash} and ${algorithms.signature}, but the verifier was given ${hash.name} and ${signature.name}: pass the providers it names.`,
    );
  }
  const given = signature.publicKeyText(publicKey);
  if (given !== checkpoint.publicKey) {
    return plain('keyDiffers', `The checkpoint was signed by key ${checkpoint.publicKey}, not by the key given (${given}): it is not the signer's checkpoint, or the wrong key was given.`);
  }
  if (!signature.verify(signedMessage(checkpoint), Buffer.from(checkpoint.signature, 'hex'), publicKey)) {
    return plain('signatureInvalid', "The checkpoint's signature does not match its content: the checkpoint was edited after it was signed. Nothing it says can be trusted.");
  }
  return null;
};

const revisions = (from: bigint, to: bigint): string => (from === to ? `revision ${from}` : `revisions ${from}..${to}`);

/** The differences between the committed leaves and the store's, both sorted by stream id. */
const compare = (committed: readonly StreamLeaf[], stored: readonly StreamLeaf[], position: string): CheckpointDifference[] => {
  const differences: CheckpointDifference[] = [];
  let i = 0;
  let j = 0;
  while (i < committed.length || j < stored.length) {
    const order = i === committed.length ? 1 : j === stored.length ? -1 : compareLeaves(committed[i]!, stored[j]!);
    if (order < 0) {
      const { streamId, revision } = committed[i++]!;
      differences.push({
        kind: 'streamRemoved',
        streamId,
        revision,
        message: `Stream '${streamId}' was removed: the checkpoint committed to ${revisions(0n, revision)}, the store has none at or below position ${position}.`,
      });
    } else if (order > 0) {
      const { streamId, revision } = stored[j++]!;
      differences.push({
        kind: 'streamInserted',
        streamId,
        revision,
        message: `Stream '${streamId}' was inserted: it has ${revisions(0n, revision)} at or below position ${position}, which the checkpoint did not commit to.`,
      });
    } else {
      const was = committed[i++]!;
      const now = stored[j++]!;
      const { streamId } = was;
      if (now.revision < was.revision) {
        differences.push({
          kind: 'streamTruncated',
          streamId,
          revision: now.revision + 1n,
          committedRevision: was.revision,
          storedRevision: now.revision,
          message: `Stream '${streamId}' was truncated: ${revisions(now.revision + 1n, was.revision)} ${now.revision + 1n === was.revision ? 'was' : 'were'} removed (it ends at revision ${now.revision}).`,
        });
      } else if (now.revision > was.revision) {
        differences.push({
          kind: 'streamExtended',
          streamId,
          revision: was.revision + 1n,
          committedRevision: was.revision,
          storedRevision: now.revision,
          message: `Stream '${streamId}' has ${revisions(was.revision + 1n, now.revision)} at or below position ${position} beyond its committed head (revision ${was.revision}): they were inserted.`,
        });
      } else if (now.hash !== was.hash) {
        differences.push({
          kind: 'streamRewritten',
          streamId,
          revision: was.revision,
          committedHash: was.hash,
          storedHash: now.hash,
          message: `Stream '${streamId}' was rewritten: its revision ${was.revision} has hash ${now.hash}, the checkpoint committed to ${was.hash}; the stream was changed and re-hashed at or before it.`,
        });
      }
    }
  }
  return differences;
};

/**
 * Compares heads read from a store, or from anything else holding events with positions
 * (an export file), with a checkpoint: with a public key, the checkpoint's algorithms, key
 * and signature first (nothing else is compared when they fail); then its chaining to
 * `previous`, its leaves, its root (naming each removed, truncated, extended, rewritten or
 * inserted stream when the leaves are given) and its event count. The heads must be taken
 * as of the checkpoint's position. Per-stream chains are not looked at. Pure: never throws
 * for tampered data.
 *
 * @throws CheckpointKeyError when the public key cannot be read.
 *
 * @example
 * const differences = checkpointDifferences(checkpoint, await readStoreHeads(store, BigInt(checkpoint.position)), { publicKey, leaves });
 */
export const checkpointDifferences = (checkpoint: Checkpoint, heads: StoreHeads, options: CheckpointDifferencesOptions = {}): CheckpointDifference[] => {
  const hash = options.hash ?? sha256;
  const signature = options.signature ?? ed25519;
  const forged = options.publicKey === undefined ? null : authenticity(checkpoint, options.publicKey, hash, signature);
  if (forged !== null) return [forged];
  const differences: CheckpointDifference[] = [];
  if (options.previous !== undefined && checkpoint.previous !== checkpointDigest(options.previous, hash)) {
    differences.push(
      plain(
        'previousDiffers',
        `The checkpoint does not follow the previous checkpoint given (its previous is ${checkpoint.previous ?? 'null'}, the given one's digest is ${checkpointDigest(options.previous, hash)}).`,
      ),
    );
  }
  let committed = options.leaves;
  if (committed !== undefined && (committed.length !== checkpoint.streams || merkleRoot(committed, hash) !== checkpoint.root)) {
    differences.push(
      plain(
        'leavesDiffer',
        `The leaves given do not produce the checkpoint's root (${committed.length} leaves for ${checkpoint.streams} streams): the leaves file was changed, or belongs to another checkpoint. Differences in the store can be found but not named.`,
      ),
    );
    committed = undefined;
  }
  if (merkleRoot(heads.leaves, hash) !== checkpoint.root) {
    if (committed === undefined)
      differences.push(
        plain(
          'rootDiffers',
          `The store's root as of position ${checkpoint.position} is not the checkpoint's: a stream was removed, truncated, rewritten or inserted. Pass the leaves file to name it.`,
        ),
      );
    else differences.push(...compare(committed, heads.leaves, checkpoint.position));
  }
  if (heads.events !== checkpoint.events) {
    differences.push({
      kind: 'eventCountDiffers',
      committed: checkpoint.events,
      stored: heads.events,
      message: `The store has ${heads.events} events at or below position ${checkpoint.position}; the checkpoint committed to ${checkpoint.events}.`,
    });
  }
  return differences;
};

const isStreamDifference = (difference: CheckpointDifference): difference is StreamDifference => 'streamId' in difference && difference.kind !== 'chainBroken';

/** A stream's difference told with its broken link, if it has one. */
const withLink = (difference: CheckpointDifference, links: ReadonlyMap<string, BrokenLink>): CheckpointDifference => {
  if (!isStreamDifference(difference)) return difference;
  const link = links.get(difference.streamId);
  if (link === undefined) return difference;
  const seen = link.kind === 'headDiffers' ? 'its head record' : 'its hash chain';
  return { ...difference, link, message: `${difference.message} Seen also in ${seen} (${link.kind}): ${link.message}.` };
};

/** The words of a `moreChainsBroken` difference: `count` streams beyond the `listed` ones, `headsDiffer` of them by their head records. */
const moreBroken = (count: number, headsDiffer: number, listed: number): string => {
  if (headsDiffer === 0) return `The hash chains of ${count} more streams are broken (only the first ${listed} are listed).`;
  if (headsDiffer === count) return `${count} more streams' recorded heads differ from their last stored events (only the first ${listed} broken streams are listed).`;
  return `${count} more streams are broken: the hash chains of ${count - headsDiffer}, the recorded heads of ${headsDiffer} (only the first ${listed} broken streams are listed).`;
};

/**
 * Checks that `store` still holds everything `checkpoint` committed to, unchanged: the
 * checkpoint's signature and key, then every stream's head as of its position against the
 * committed leaves and root, the number of events ({@link checkpointDifferences}), and
 * every stream's hash chain (over the whole store), naming every broken stream up to
 * `maxBrokenLinks`. Returns every difference found, each naming its stream and revisions,
 * each stream once (a stream that differs from the checkpoint carries its broken link);
 * never throws for tampered data. Two passes over the store: the heads up to the
 * position, the chains of all of it.
 *
 * Events appended after the checkpoint (positions above it) are not differences.
 *
 * @throws CheckpointKeyError when the public key cannot be read.
 *
 * @example
 * const result = await verifyCheckpoint(store, checkpoint, { publicKey: pem, leaves });
 * if (E.isLeft(result)) for (const difference of result.left) console.error(difference.kind, difference.message);
 */
export const verifyCheckpoint = async (store: EventStore, checkpoint: Checkpoint, options: VerifyCheckpointOptions): Promise<VerifyCheckpointResult> => {
  const forged = authenticity(checkpoint, options.publicKey, options.hash ?? sha256, options.signature ?? ed25519);
  if (forged !== null) return E.left([forged]);
  // Authentic: the rest is compared as for any heads.
  const { publicKey: _checked, ...compared } = options;
  const fromHeads = checkpointDifferences(checkpoint, await readStoreHeads(store, BigInt(checkpoint.position)), compared);
  const known = new Set(fromHeads.filter(isStreamDifference).map((difference) => difference.streamId));
  const { links, more, moreHeadsDiffer, knownLinks, summary } = await findBrokenLinks(store, { max: options.maxBrokenLinks ?? DEFAULT_MAX_BROKEN_LINKS, known });
  const differences = fromHeads.map((difference) => withLink(difference, knownLinks));
  for (const link of links) differences.push({ kind: 'chainBroken', streamId: link.streamId, revision: link.revision, link, message: `${link.message} (${link.kind}).` });
  if (more > 0) differences.push({ kind: 'moreChainsBroken', count: more, headsDiffer: moreHeadsDiffer, message: moreBroken(more, moreHeadsDiffer, links.length) });
  return differences.length > 0 ? E.left(differences) : E.right({ checkpoint, chains: summary });
};
