import { describe, expect, it } from 'vitest';
import { type NewSubjectKey, type SubjectKeystore, inMemoryKeystore } from '../../src/index.js';
import { groupedKeyCreation } from '../../src/personalData/groupedKeyCreation.js';

const key = (wrappedKey: string): NewSubjectKey => ({ state: 'active', wrappedKey, cipher: 'aes-256-gcm', kmsKeyId: 'k', createdAt: '2026-06-01T08:00:00.000Z' });

/** A real in-memory keystore whose `create` calls are counted, and made to fail when asked. */
const counted = (failing = false) => {
  const inner = inMemoryKeystore();
  const calls: string[][] = [];
  const keystore: SubjectKeystore = {
    ...inner,
    create: async (keys) => {
      calls.push([...keys.keys()]);
      if (failing) throw new Error('disk full');
      return inner.create(keys);
    },
  };
  return { keystore, calls };
};

describe('groupedKeyCreation: the keys of concurrent appends in one keystore commit', () => {
  it('creates the keys asked for in one turn of the event loop in one create, each caller getting its own subjects’ records; a subject asked for twice keeps the first key', async () => {
    const { keystore, calls } = counted();
    const create = groupedKeyCreation(keystore);
    const [a, b, c] = await Promise.all([
      create(new Map([['s-1', key('w-1')]])),
      create(
        new Map([
          ['s-2', key('w-2')],
          ['s-3', key('w-3')],
        ]),
      ),
      create(new Map([['s-1', key('w-1-again')]])),
    ]);
    expect(calls).toEqual([['s-1', 's-2', 's-3']]);
    expect([...a!.keys()]).toEqual(['s-1']);
    expect([...b!.keys()]).toEqual(['s-2', 's-3']);
    expect(c!.get('s-1')).toMatchObject({ wrappedKey: 'w-1' });
    // A later call is a group of its own.
    await create(new Map([['s-4', key('w-4')]]));
    expect(calls).toEqual([['s-1', 's-2', 's-3'], ['s-4']]);
  });

  it('a failed commit fails every caller of its group, and the next group goes on', async () => {
    const { keystore } = counted(true);
    const create = groupedKeyCreation(keystore);
    const outcomes = await Promise.allSettled([create(new Map([['s-1', key('w-1')]])), create(new Map([['s-2', key('w-2')]]))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/disk full/);
  });
});
