import { describe, expect, it } from 'vitest';
import { inclusionProof, merkleRoot, rootOfInclusionProof, sha256, type StreamLeaf } from '../../../src/index.js';

const leavesOf = (n: number): StreamLeaf[] =>
  Array.from({ length: n }, (_, i) => ({
    streamId: `case-${String(i).padStart(3, '0')}`,
    revision: BigInt(i % 7),
    hash: sha256.hash(Buffer.from(String(i))).reduce((s, b) => s + b.toString(16).padStart(2, '0'), ''),
  }));

describe('RFC 6962 inclusion proofs', () => {
  it('every leaf of trees of 1 to 70 leaves proves to the root merkleRoot computes, with a path of ⌈log₂ n⌉ hashes at most', () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = leavesOf(n);
      const root = merkleRoot(leaves, sha256);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i, sha256)!;
        expect(proof.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(rootOfInclusionProof(leaves[i]!, proof, sha256)).toBe(root);
      }
    }
  });

  it('a proof does not lead to the root for another leaf, another index, a shorter path or a tree of another shape', () => {
    const leaves = leavesOf(13);
    const root = merkleRoot(leaves, sha256);
    const proof = inclusionProof(leaves, 5, sha256)!;
    expect(rootOfInclusionProof(leaves[6]!, proof, sha256)).not.toBe(root);
    expect(rootOfInclusionProof({ ...leaves[5]!, revision: 99n }, proof, sha256)).not.toBe(root);
    expect(rootOfInclusionProof(leaves[5]!, { ...proof, leafIndex: 4 }, sha256)).not.toBe(root);
    expect(rootOfInclusionProof(leaves[5]!, { ...proof, path: proof.path.slice(1) }, sha256)).not.toBe(root);
    // Another tree shape cannot be walked (a tree size that keeps the shape, 12 for 13 here, is
    // caught by comparing treeSize with the checkpoint's stream count, as the verifier does).
    expect(rootOfInclusionProof(leaves[5]!, { ...proof, treeSize: 8 }, sha256)).toBeNull();
    expect(rootOfInclusionProof(leaves[5]!, { ...proof, leafIndex: 13 }, sha256)).toBeNull();
    expect(inclusionProof(leaves, 13, sha256)).toBeNull();
  });
});
