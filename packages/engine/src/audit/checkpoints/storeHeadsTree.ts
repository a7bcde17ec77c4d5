import type { HashProvider } from './providers.js';
import type { HeadEvent } from '../../eventStore/headEventReader.js';
import { emptyMerkleRoot, merkleLeafHash, merkleNodeHash, type StoreHeads, type StreamLeaf } from './storeHeads.js';

/** Every stream's head with the Merkle root over them, as {@link StoreHeadsTree.commit} gives it. */
export interface RootedStoreHeads extends StoreHeads {
  /** `merkleRoot(leaves, provider)`, lowercase hex. */
  readonly root: string;
}

/** Stream heads kept with their Merkle tree between checkpoints (see {@link storeHeadsTree}). */
export interface StoreHeadsTree {
  /** Takes an event into account (events come in position order); a stream's head is its event of highest revision. */
  readonly add: (event: HeadEvent) => void;
  /** Every stream's head so far, sorted by stream id, and their Merkle root: only what changed since the last commit is hashed again. */
  readonly commit: () => RootedStoreHeads;
}

/** The first index in `leaves[from..]` whose stream id is not below `streamId`. */
const lowerBound = (leaves: readonly StreamLeaf[], streamId: string, from: number): number => {
  let low = from;
  let high = leaves.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (leaves[middle]!.streamId < streamId) low = middle + 1;
    else high = middle;
  }
  return low;
};

/**
 * Which nodes of a level must be hashed again: those in `at` (ascending, all below
 * `from`) and every one from `from` on (the leaves there are new or moved).
 */
interface Dirty {
  readonly at: readonly number[];
  readonly from: number;
}

/** The parents of `dirty` nodes, one level up. */
const parents = ({ at, from }: Dirty): Dirty => {
  const up: number[] = [];
  const upFrom = from === Number.POSITIVE_INFINITY ? from : Math.floor(from / 2);
  for (const index of at) {
    const parent = Math.floor(index / 2);
    if (parent < upFrom && up[up.length - 1] !== parent) up.push(parent);
  }
  return { at: up, from: upFrom };
};

/**
 * Stream heads and the RFC 6962 Merkle tree over them (sorted by stream id), kept between
 * checkpoints so that a checkpoint costs what changed since the last one, not the whole
 * store: a stream's leaf is hashed again only when its head moved, and a node only when a
 * leaf under it changed or moved (a new stream moves every leaf after it up one place, so
 * the nodes over those are hashed again; those before it are kept). The root is always
 * `merkleRoot` of every head (the tree is the same RFC 6962 tree, level by level).
 * Memory: one head, one leaf hash and about one node hash per stream.
 */
export const storeHeadsTree = (provider: HashProvider): StoreHeadsTree => {
  const heads = new Map<string, StreamLeaf>();
  /** Streams whose head changed since the last commit. */
  const changed = new Set<string>();
  /** The leaves as of the last commit, sorted by stream id. */
  let leaves: readonly StreamLeaf[] = [];
  /** The tree as of the last commit: `levels[0]` the leaves' hashes, each next level its parents', up to the root's level. */
  let levels: Uint8Array[][] = [[]];
  let events = 0;
  let lastPosition = 0n;

  /** Merges the changed heads into `leaves` and `levels[0]`: which leaves changed (`at`) and where the first new one went (`from`). */
  const mergeChanged = (): Dirty => {
    const ids = [...changed].sort(); // by UTF-16 code units, as compareLeaves
    changed.clear();
    const merged: StreamLeaf[] = [];
    const hashes: Uint8Array[] = [];
    const at: number[] = [];
    let from = Number.POSITIVE_INFINITY;
    let next = 0;
    for (const streamId of ids) {
      const found = lowerBound(leaves, streamId, next);
      for (; next < found; next++) {
        merged.push(leaves[next]!);
        hashes.push(levels[0]![next]!);
      }
      const leaf = heads.get(streamId)!;
      if (next < leaves.length && leaves[next]!.streamId === streamId) {
        if (merged.length < from) at.push(merged.length);
        next += 1;
      } else if (from === Number.POSITIVE_INFINITY) from = merged.length;
      merged.push(leaf);
      hashes.push(merkleLeafHash(leaf, provider));
    }
    for (; next < leaves.length; next++) {
      merged.push(leaves[next]!);
      hashes.push(levels[0]![next]!);
    }
    leaves = merged;
    levels[0] = hashes;
    return { at, from };
  };

  /** Hashes again the nodes over changed or moved leaves, level by level; the rest are kept. */
  const rehash = (changedLeaves: Dirty): void => {
    let dirty = changedLeaves;
    let level = 0;
    while (levels[level]!.length > 1) {
      const below = levels[level]!;
      dirty = parents(dirty);
      const size = Math.ceil(below.length / 2);
      const nodes = levels[level + 1] ?? [];
      nodes.length = Math.min(nodes.length, size);
      const node = (index: number): Uint8Array => (2 * index + 1 < below.length ? merkleNodeHash(below[2 * index]!, below[2 * index + 1]!, provider) : below[2 * index]!);
      for (const index of dirty.at) nodes[index] = node(index);
      for (let index = Math.min(dirty.from, nodes.length); index < size; index++) nodes[index] = node(index);
      levels[level + 1] = nodes;
      level += 1;
    }
    levels.length = level + 1;
  };

  return {
    add: (event) => {
      events += 1;
      lastPosition = event.position;
      const head = heads.get(event.streamId);
      if (head !== undefined && event.revision < head.revision) return;
      heads.set(event.streamId, Object.freeze({ streamId: event.streamId, revision: event.revision, hash: event.hash }));
      changed.add(event.streamId);
    },
    commit: () => {
      if (changed.size > 0) rehash(mergeChanged());
      const root = leaves.length === 0 ? emptyMerkleRoot(provider) : Buffer.from(levels[levels.length - 1]![0]!).toString('hex');
      return { leaves, events, lastPosition, root };
    },
  };
};
