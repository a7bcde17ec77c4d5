import { createHash } from 'node:crypto';
import { newEvents } from '@casefold/engine/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  checkpointDigest,
  checkpointText,
  ed25519,
  generateEd25519KeyPair,
  isCheckpointKeyError,
  leavesText,
  merkleRoot,
  parseCheckpoint,
  parseLeaves,
  sha256,
  takeCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
  type CheckpointDifference,
  type EventStore,
  type StreamLeaf,
  type VerifyCheckpointResult,
} from '../../../src/index.js';
import { tamperWithInMemoryStore } from '../../../src/eventStore/inMemoryTampering.js';
import { insertStream, rewriteAndRehash, storeOf, streamEvents, truncate } from './tamperings.js';

const keys = generateEd25519KeyPair();
const otherKeys = generateEd25519KeyPair();

/** RFC 6962 §2.1 as written: MTH(D[n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two below n. */
const referenceRoot = (leaves: readonly string[]): Buffer => {
  const h = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();
  if (leaves.length === 0) return h(Buffer.alloc(0));
  if (leaves.length === 1) return h(Buffer.concat([Buffer.of(0), Buffer.from(leaves[0]!, 'utf8')]));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h(Buffer.concat([Buffer.of(1), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k))]));
};

/** Streams a (5 events), b (3), c (1), interleaved. */
const threeStreams = (): Promise<EventStore> =>
  storeOf([
    { stream: 'a', count: 2 },
    { stream: 'b', count: 1 },
    { stream: 'c', count: 1 },
    { stream: 'a', count: 3 },
    { stream: 'b', count: 2 },
  ]);

const checkpointOf = async (store: EventStore, privateKey = keys.privateKey) => takeCheckpoint(store, { storeId: 'test', privateKey, now: new Date('2026-12-06T12:00:00Z') });

const differencesOf = (result: VerifyCheckpointResult): readonly CheckpointDifference[] => {
  if (E.isRight(result)) throw new Error('expected differences, but the checkpoint verified');
  return result.left;
};

const verify = async (store: EventStore, checkpoint: Checkpoint, leaves?: readonly StreamLeaf[]) =>
  verifyCheckpoint(store, checkpoint, { publicKey: keys.publicKey, ...(leaves === undefined ? {} : { leaves }) });

describe('merkleRoot', () => {
  it("is RFC 6962's Merkle tree hash over the canonical leaves, for 0 to 33 leaves", () => {
    for (let n = 0; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => ({ streamId: `s${String(i).padStart(2, '0')}`, revision: BigInt(i), hash: createHash('sha256').update(String(i)).digest('hex') }));
      const texts = leaves.map((leaf) => canonicalJson({ streamId: leaf.streamId, revision: leaf.revision.toString(), hash: leaf.hash }));
      expect(merkleRoot(leaves, sha256), `${n} leaves`).toBe(referenceRoot(texts).toString('hex'));
    }
  });
});

describe('takeCheckpoint', () => {
  it("commits to every stream's head as of the store's last position, signed, canonical, and reads back from its files", async () => {
    const store = await threeStreams();
    const { checkpoint, leaves } = await checkpointOf(store);
    expect(checkpoint).toMatchObject({
      format: 'casefold-checkpoint',
      version: 1,
      store: 'test',
      position: '9',
      streams: 3,
      events: 9,
      algorithms: { hash: 'sha256', signature: 'ed25519' },
      previous: null,
    });
    expect(leaves.map((l) => [l.streamId, l.revision])).toEqual([
      ['a', 4n],
      ['b', 2n],
      ['c', 0n],
    ]);
    expect(leaves[0]!.hash).toBe((await streamEvents(store, 'a'))[4]!.hash);
    expect(checkpoint.publicKey).toBe(ed25519.publicKeyText(keys.publicKey));
    expect(checkpointText(checkpoint)).toBe(`${canonicalJson(checkpoint)}\n`);
    expect(parseCheckpoint(checkpointText(checkpoint))).toEqual(E.right(checkpoint));
    expect(parseLeaves(leavesText(leaves))).toEqual(E.right(leaves));
    expect(E.isRight(await verify(store, checkpoint, leaves))).toBe(true);
  });

  it('covers a given position only; events appended later are not differences', async () => {
    const store = await threeStreams();
    const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'test', privateKey: keys.privateKey, position: 4n });
    expect(checkpoint).toMatchObject({ position: '4', streams: 3, events: 4 });
    await store.appendToStream('d', newEvents(2));
    expect(E.isRight(await verify(store, checkpoint, leaves))).toBe(true);
  });

  it('chains to the previous checkpoint, and refuses a key it cannot read', async () => {
    const store = await threeStreams();
    const first = await checkpointOf(store);
    await store.appendToStream('a', newEvents(1));
    const second = await takeCheckpoint(store, { storeId: 'test', privateKey: keys.privateKey, previous: first.checkpoint });
    expect(second.checkpoint.previous).toBe(checkpointDigest(first.checkpoint));
    expect(E.isRight(await verifyCheckpoint(store, second.checkpoint, { publicKey: keys.publicKey, previous: first.checkpoint }))).toBe(true);
    const third = await takeCheckpoint(store, { storeId: 'test', privateKey: keys.privateKey });
    expect(differencesOf(await verifyCheckpoint(store, third.checkpoint, { publicKey: keys.publicKey, previous: first.checkpoint })).map((d) => d.kind)).toEqual(['previousDiffers']);
    await expect(takeCheckpoint(store, { storeId: 'test', privateKey: 'not a key' })).rejects.toSatisfy(isCheckpointKeyError);
  });
});

describe('verifyCheckpoint names what differs', () => {
  const cases: [string, (store: EventStore) => Promise<void>, Partial<CheckpointDifference>[]][] = [
    ['a whole stream deleted', async (s) => truncate(s, 'b', 0n), [{ kind: 'streamRemoved', streamId: 'b', revision: 2n }, { kind: 'eventCountDiffers' }]],
    [
      'the tail of a stream deleted',
      async (s) => truncate(s, 'a', 3n),
      [{ kind: 'streamTruncated', streamId: 'a', revision: 3n, committedRevision: 4n, storedRevision: 2n }, { kind: 'eventCountDiffers' }],
    ],
    ['a stream rewritten and re-hashed', async (s) => rewriteAndRehash(s, 'a', 1n, (e) => ({ ...e, data: { amount: 999 } })), [{ kind: 'streamRewritten', streamId: 'a', revision: 4n }]],
    ['a stream inserted at old positions', async (s) => insertStream(s, 'z', 'a', 2n), [{ kind: 'streamInserted', streamId: 'z', revision: 0n }, { kind: 'eventCountDiffers' }]],
    [
      'a middle event deleted',
      async (s) => tamperWithInMemoryStore(s).removeEvent('a', 2n),
      [
        { kind: 'eventCountDiffers', committed: 9, stored: 8 },
        { kind: 'chainBroken', streamId: 'a', revision: 2n },
      ],
    ],
    ["an event's data edited", async (s) => tamperWithInMemoryStore(s).changeEvent('b', 1n, (e) => ({ ...e, data: { amount: -1 } })), [{ kind: 'chainBroken', streamId: 'b', revision: 1n }]],
  ];
  it.each(cases)('%s', async (_name, tampering, expected) => {
    const store = await threeStreams();
    const { checkpoint, leaves } = await checkpointOf(store);
    await tampering(store);
    const differences = differencesOf(await verify(store, checkpoint, leaves));
    expect(differences).toEqual(expected.map((d) => expect.objectContaining(d)));
    for (const difference of differences) if ('streamId' in difference) expect(difference.message).toContain(`'${difference.streamId}'`);
    expect(differencesOf(await verify(store, checkpoint)).map((d) => d.kind)).toEqual(
      expected.map((d) => (d.kind === 'eventCountDiffers' || d.kind === 'chainBroken' ? d.kind : 'rootDiffers')).filter((k, i, all) => all.indexOf(k) === i),
    );
  });

  it('names the first broken link of every broken stream, up to maxBrokenLinks, and counts the rest', async () => {
    const store = await threeStreams();
    const { checkpoint, leaves } = await checkpointOf(store);
    const hook = tamperWithInMemoryStore(store);
    hook.changeEvent('a', 1n, (e) => ({ ...e, data: { amount: -1 } }));
    hook.changeEvent('a', 3n, (e) => ({ ...e, data: { amount: -3 } }));
    hook.removeEvent('b', 1n);
    hook.changeEvent('c', 0n, (e) => ({ ...e, metadata: { ...e.metadata, commandId: 'forged' } }));
    const all = differencesOf(await verify(store, checkpoint, leaves)).filter((d) => d.kind === 'chainBroken' || d.kind === 'moreChainsBroken');
    expect(all).toEqual([
      expect.objectContaining({ kind: 'chainBroken', streamId: 'a', revision: 1n, link: expect.objectContaining({ kind: 'changed' }) }),
      expect.objectContaining({ kind: 'chainBroken', streamId: 'c', revision: 0n, link: expect.objectContaining({ kind: 'changed' }) }),
      expect.objectContaining({ kind: 'chainBroken', streamId: 'b', revision: 1n, link: expect.objectContaining({ kind: 'removed' }) }),
    ]);
    const bounded = await verifyCheckpoint(store, checkpoint, { publicKey: keys.publicKey, leaves, maxBrokenLinks: 1 });
    expect(differencesOf(bounded).filter((d) => d.kind === 'chainBroken' || d.kind === 'moreChainsBroken')).toEqual([
      expect.objectContaining({ kind: 'chainBroken', streamId: 'a' }),
      expect.objectContaining({ kind: 'moreChainsBroken', count: 2, message: 'The hash chains of 2 more streams are broken (only the first 1 are listed).' }),
    ]);
  });

  it('an edited checkpoint, one signed by another key, one re-signed by another key, edited leaves', async () => {
    const store = await threeStreams();
    const { checkpoint, leaves } = await checkpointOf(store);
    const kinds = async (cp: Checkpoint, l: readonly StreamLeaf[] = leaves) => differencesOf(await verify(store, cp, l)).map((d) => d.kind);
    expect(await kinds({ ...checkpoint, events: 8 })).toEqual(['signatureInvalid']);
    expect(await kinds({ ...checkpoint, signature: checkpoint.signature.slice(0, -2) })).toEqual(['signatureInvalid']);
    expect(await kinds((await checkpointOf(store, otherKeys.privateKey)).checkpoint)).toEqual(['keyDiffers']);
    const forged = { ...checkpoint, events: 8 };
    expect(await kinds({ ...forged, signature: Buffer.from(ed25519.sign(Buffer.from(canonicalJson({ ...forged, signature: undefined })), otherKeys.privateKey)).toString('hex') })).toEqual([
      'signatureInvalid',
    ]);
    expect(await kinds(checkpoint, leaves.slice(1))).toEqual(['leavesDiffer']);
    await truncate(store, 'c', 0n);
    expect(await kinds(checkpoint, [leaves[0]!, { ...leaves[1]!, revision: 1n }, leaves[2]!])).toEqual(['leavesDiffer', 'rootDiffers', 'eventCountDiffers']);
  });
});

describe('verifyCheckpoint, for random stores and random tamperings of what it committed to (1,000 runs)', () => {
  const TAMPERINGS = ['none', 'changeData', 'changeMetadata', 'rewriteRehash', 'removeEvent', 'truncate', 'removeStream', 'insertStream', 'swapEvents', 'swapStreams'] as const;
  it('detects every tampering, passes every untampered store, whatever is appended afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ stream: fc.constantFrom('w', 'x', 'y', 'z'), count: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...TAMPERINGS),
        fc.nat(),
        fc.nat({ max: 3 }),
        async (appends, tampering, pick, later) => {
          const store = await storeOf(appends);
          const { checkpoint, leaves } = await checkpointOf(store);
          if (later > 0) await store.appendToStream('w', newEvents(later));
          const committed = [...leaves];
          const leaf = committed[pick % committed.length]!;
          const revision = BigInt(pick % (Number(leaf.revision) + 1));
          const hook = tamperWithInMemoryStore(store);
          switch (tampering) {
            case 'none':
              break;
            case 'changeData':
              hook.changeEvent(leaf.streamId, revision, (e) => ({ ...e, data: { amount: -1 } }));
              break;
            case 'changeMetadata':
              hook.changeEvent(leaf.streamId, revision, (e) => ({ ...e, metadata: { ...e.metadata, commandId: 'forged' } }));
              break;
            case 'rewriteRehash':
              await rewriteAndRehash(store, leaf.streamId, revision, (e) => ({ ...e, data: { amount: -1 } }));
              break;
            case 'removeEvent':
              hook.removeEvent(leaf.streamId, revision);
              break;
            case 'truncate':
              await truncate(store, leaf.streamId, revision);
              break;
            case 'removeStream':
              await truncate(store, leaf.streamId, 0n);
              break;
            case 'insertStream':
              await insertStream(store, 'forged', leaf.streamId, revision);
              break;
            case 'swapEvents':
              fc.pre(revision < leaf.revision);
              hook.swapEvents(leaf.streamId, revision, revision + 1n);
              break;
            case 'swapStreams': {
              const other = committed[(pick + 1) % committed.length]!;
              fc.pre(other.streamId !== leaf.streamId);
              const renamed = async (from: string, to: string) => (await streamEvents(store, from)).map((e) => ({ ...e, streamId: to }));
              const [asOther, asLeaf] = [await renamed(leaf.streamId, other.streamId), await renamed(other.streamId, leaf.streamId)];
              for (const e of asOther) if (e.revision <= other.revision) hook.changeEvent(leaf.streamId, e.revision, () => e);
              for (const e of asLeaf) if (e.revision <= leaf.revision) hook.changeEvent(other.streamId, e.revision, () => e);
              break;
            }
          }
          const result = await verify(store, checkpoint, leaves);
          if (tampering === 'none') expect(E.isRight(result) || result.left).toBe(true);
          else expect(E.isLeft(result)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
