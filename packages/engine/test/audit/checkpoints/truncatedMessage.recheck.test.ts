import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, takeCheckpoint, verifyCheckpoint } from '../../../src/index.js';
import { storeOf, truncate } from './tamperings.js';

/** A truncated stream's message counts what was removed in good English: one revision "was removed", several "were". */

const keys = generateEd25519KeyPair();

const truncatedMessage = async (fromRevision: bigint): Promise<string | undefined> => {
  const store = await storeOf([{ stream: 'a', count: 5 }]);
  const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'test', privateKey: keys.privateKey });
  await truncate(store, 'a', fromRevision);
  const result = await verifyCheckpoint(store, checkpoint, { publicKey: keys.publicKey, leaves });
  return E.isLeft(result) ? result.left.find((d) => d.kind === 'streamTruncated')?.message : undefined;
};

describe('streamTruncated', () => {
  it('says which revisions were removed, in the singular for one', async () => {
    expect(await truncatedMessage(4n)).toBe("Stream 'a' was truncated: revision 4 was removed (it ends at revision 3).");
    expect(await truncatedMessage(2n)).toBe("Stream 'a' was truncated: revisions 2..4 were removed (it ends at revision 1).");
  });
});
