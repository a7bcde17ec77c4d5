import type { HeadEvent } from '../../eventStore/headEventReader.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { forEachEvent } from '../../eventStore/forEachEvent.js';
import { canonicalJson } from '../../hashing/canonicalJson.js';
import type { HashProvider } from './providers.js';

/** A leaf of a checkpoint's Merkle tree: a stream's head (its last event) as of the checkpoint's position. */
export interface StreamLeaf {
  readonly streamId: string;
  /** Revision of the stream's last event at or below the position. */
  readonly revision: bigint;
  /** Hash of that event: it commits to the whole stream up to it, through the chain. */
  readonly hash: string;
}

/**
 * {@link leafJson} of frozen leaves (they cannot change), computed once: the leaves that
 * `storeHeadsTree` keeps between checkpoints are frozen, and each checkpoint's tree and
 * leaves file need their text again.
 */
const frozenLeafJson = new WeakMap<StreamLeaf, string>();

/**
 * A leaf as the Merkle tree hashes it and the leaves file holds it, one per line: the RFC
 * 8785 canonical JSON of `{ hash, revision (decimal string), streamId }`.
 */
export const leafJson = (leaf: StreamLeaf): string => {
  let json = frozenLeafJson.get(leaf);
  if (json === undefined) {
    json = `{"hash":${canonicalJson(leaf.hash)},"revision":"${leaf.revision.toString()}","streamId":${canonicalJson(leaf.streamId)}}`;
    if (Object.isFrozen(leaf)) frozenLeafJson.set(leaf, json);
  }
  return json;
};

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** RFC 6962's leaf hash of a stream's head: `H(0x00 ‖ UTF-8 of leafJson)`. */
export const merkleLeafHash = (leaf: StreamLeaf, provider: HashProvider): Uint8Array => provider.hash(Buffer.concat([LEAF_PREFIX, Buffer.from(leafJson(leaf), 'utf8')]));

/** The bytes a node hash hashes, written in place (a checkpoint hashes thousands of nodes: no buffer each). */
let nodeInput = new Uint8Array(0);

/** RFC 6962's node hash of two subtrees' hashes: `H(0x01 ‖ left ‖ right)`. */
export const merkleNodeHash = (left: Uint8Array, right: Uint8Array, provider: HashProvider): Uint8Array => {
  const size = NODE_PREFIX.length + left.length + right.length;
  if (nodeInput.length !== size) {
    nodeInput = new Uint8Array(size);
    nodeInput.set(NODE_PREFIX);
  }
  nodeInput.set(left, NODE_PREFIX.length);
  nodeInput.set(right, NODE_PREFIX.length + left.length);
  return provider.hash(nodeInput);
};

/** The Merkle tree hash of the empty tree, `H()`, lowercase hex. */
export const emptyMerkleRoot = (provider: HashProvider): string => Buffer.from(provider.hash(new Uint8Array(0))).toString('hex');

/**
 * The Merkle tree hash of RFC 6962 §2.1 over `leaves` in the order given (sorted by stream
 * id, as {@link readStoreHeads} hands them out): a leaf is {@link merkleLeafHash}, a node
 * {@link merkleNodeHash}, the empty tree `H()`. Level by level, an odd last node
 * moves up unchanged, which gives RFC 6962's tree. Lowercase hex.
 */
export const merkleRoot = (leaves: readonly StreamLeaf[], provider: HashProvider): string => {
  if (leaves.length === 0) return emptyMerkleRoot(provider);
  let level = leaves.map((leaf) => merkleLeafHash(leaf, provider));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? merkleNodeHash(level[i]!, level[i + 1]!, provider) : level[i]!);
    level = next;
  }
  return Buffer.from(level[0]!).toString('hex');
};

/** Orders leaves by stream id in UTF-16 code units, as RFC 8785 orders keys. */
export const compareLeaves = (a: StreamLeaf, b: StreamLeaf): number => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);

/** What {@link readStoreHeads} found. */
export interface StoreHeads {
  /** Every stream's head as of the position, sorted by stream id. */
  readonly leaves: readonly StreamLeaf[];
  /** Events at or below the position. */
  readonly events: number;
  /** Position of the last event read at or below the asked position (`0n` for none). */
  readonly lastPosition: bigint;
}

/** Collects stream heads from events handed to it in position order (see {@link collectStoreHeads}). */
export interface StoreHeadsCollector {
  /** Takes an event into account; `false` (and ignored) when its position is above the collector's. */
  readonly add: (event: HeadEvent) => boolean;
  /** The heads collected so far, sorted by stream id. */
  readonly heads: () => StoreHeads;
}

/**
 * Every stream's head as of `position` (every event when not given), from events handed
 * to it one by one in position order, wherever they come from (a store, an export file).
 * A stream's head is its event of highest revision; one head per stream is kept.
 */
export const collectStoreHeads = (position?: bigint): StoreHeadsCollector => {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  let events = 0;
  let lastPosition = 0n;
  return {
    add: (event) => {
      if (position !== undefined && event.position > position) return false;
      events += 1;
      lastPosition = event.position;
      const head = heads.get(event.streamId);
      if (head === undefined) heads.set(event.streamId, { revision: event.revision, hash: event.hash });
      else if (event.revision >= head.revision) {
        head.revision = event.revision;
        head.hash = event.hash;
      }
      return true;
    },
    heads: () => {
      const leaves: StreamLeaf[] = [];
      for (const [streamId, { revision, hash }] of heads) leaves.push({ streamId, revision, hash });
      return { leaves: leaves.sort(compareLeaves), events, lastPosition };
    },
  };
};

/**
 * Every stream's head as of `position`: one pass over the store in position order
 * (`readStoredAll` when the store offers it, so nothing is parsed; else `readAll`) that
 * stops at the first event past `position`, keeping one head per stream (memory bounded by
 * the number of streams). A stream's head is its event of highest revision; hashes are
 * taken as stored, not checked (per-stream chains are `verifyAll`'s work).
 */
export const readStoreHeads = async (store: EventStore, position: bigint): Promise<StoreHeads> => {
  const collector = collectStoreHeads(position);
  await readEventsAfter(store, 0n, collector.add);
  return collector.heads();
};

/** Hands `visit` the store's events after `fromPosition` in position order, as stored when the store offers it (nothing parsed), until `visit` returns `false`. */
export const readEventsAfter = (store: EventStore, fromPosition: bigint, visit: (event: HeadEvent) => boolean): Promise<boolean> =>
  store.readStoredAll === undefined ? forEachEvent(store.readAll({ fromPosition }), visit) : forEachEvent(store.readStoredAll({ fromPosition }), visit);
