import type { HashProvider } from '../checkpoints/providers.js';
import { merkleLeafHash, merkleNodeHash, type StreamLeaf } from '../checkpoints/storeHeads.js';

/**
 * An RFC 6962 (§2.1.1) Merkle audit path: it proves that the leaf at `leafIndex` is in the
 * tree of `treeSize` leaves whose root a checkpoint signs, with `path.length` ≈ log₂ n hashes.
 */
export interface InclusionProof {
  /** The leaf's 0-based index among the checkpoint's leaves (sorted by stream id). */
  readonly leafIndex: number;
  /** Number of leaves in the tree (the checkpoint's `streams`). */
  readonly treeSize: number;
  /** The audit path, lowercase hex digests, from the leaf's sibling up to the root's child. */
  readonly path: readonly string[];
}

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** MTH over the leaf hashes [from, to). */
const subtreeHash = (hashes: readonly Uint8Array[], from: number, to: number, provider: HashProvider): Uint8Array => {
  if (to - from === 1) return hashes[from]!;
  const k = split(to - from);
  return merkleNodeHash(subtreeHash(hashes, from, from + k, provider), subtreeHash(hashes, from + k, to, provider), provider);
};

/** RFC 6962's PATH(index, D[from:to]), leaf-side first. */
const auditPath = (hashes: readonly Uint8Array[], index: number, from: number, to: number, provider: HashProvider): Uint8Array[] => {
  if (to - from === 1) return [];
  const k = split(to - from);
  return index < from + k
    ? [...auditPath(hashes, index, from, from + k, provider), subtreeHash(hashes, from + k, to, provider)]
    : [...auditPath(hashes, index, from + k, to, provider), subtreeHash(hashes, from, from + k, provider)];
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * The audit path of `leaves[leafIndex]` in the Merkle tree of `leaves` (a checkpoint's
 * leaves, in their order): O(n) hashes to build, O(log n) long. `null` when `leafIndex` is
 * not an index of `leaves`.
 *
 * @example
 * const proof = inclusionProof(leaves, leaves.findIndex((l) => l.streamId === 'case-42'), sha256);
 * rootOfInclusionProof(leaves[proof.leafIndex], proof, sha256) === checkpoint.root; // true
 */
export const inclusionProof = (leaves: readonly StreamLeaf[], leafIndex: number, provider: HashProvider): InclusionProof | null => {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= leaves.length) return null;
  const hashes = leaves.map((leaf) => merkleLeafHash(leaf, provider));
  return { leafIndex, treeSize: leaves.length, path: auditPath(hashes, leafIndex, 0, leaves.length, provider).map(hex) };
};

/**
 * The root (lowercase hex) that `leaf` and `proof` lead to, by RFC 9162 §2.1.3.2's
 * algorithm; compare it with the checkpoint's `root`. `null` when the proof cannot be
 * walked (an index outside the tree, a path of the wrong length, a digest that is not hex).
 */
export const rootOfInclusionProof = (leaf: StreamLeaf, proof: InclusionProof, provider: HashProvider): string | null => {
  const { leafIndex, treeSize, path } = proof;
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = merkleLeafHash(leaf, provider);
  for (const digest of path) {
    if (sn === 0 || !/^([0-9a-f]{2})+$/.test(digest)) return null;
    const p = Buffer.from(digest, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      r = merkleNodeHash(p, r, provider);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = merkleNodeHash(r, p, provider);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? hex(r) : null;
};
