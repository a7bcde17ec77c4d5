import { randomBytes } from 'node:crypto';
import { type NewSubjectKey, localMasterKey } from '@casefold/engine';
import { describe, expect, it } from 'vitest';
import { openPostgresKeystore } from '../src/index.js';
import { databaseUrl, sql, uniqueSchema } from './support/testStore.js';

const kms = localMasterKey({ masterKey: randomBytes(32) });
const keyOf = async (subjectId: string): Promise<NewSubjectKey> => ({
  state: 'active',
  wrappedKey: await kms.wrapKey(randomBytes(32), subjectId),
  cipher: 'aes-256-gcm',
  kmsKeyId: kms.keyId,
  createdAt: '2026-12-07T00:00:00.000Z',
});

describe('the PostgreSQL keystore creates a batch of subject keys in one statement', () => {
  it('stores the keys of new subjects, and leaves (and returns) the record of a subject that has one: active or erased', async () => {
    const schema = uniqueSchema('keybatch');
    const keystore = await openPostgresKeystore({ connectionString: databaseUrl(), schema, create: true });
    try {
      const first = new Map([
        ['s-1', await keyOf('s-1')],
        ['s-2', await keyOf('s-2')],
      ]);
      expect(await keystore.create(first)).toEqual(first);
      await keystore.erase('s-2', { erasedAt: '2026-12-07T01:00:00.000Z', legalBasis: 'PIPL Art 47(1)(1)' });
      const second = new Map([
        ['s-1', await keyOf('s-1')],
        ['s-2', await keyOf('s-2')],
        ['s-3', await keyOf('s-3')],
      ]);
      const stored = await keystore.create(second);
      expect(stored.get('s-1')).toEqual(first.get('s-1'));
      expect(stored.get('s-2')).toEqual({ state: 'erased', erasedAt: '2026-12-07T01:00:00.000Z', legalBasis: 'PIPL Art 47(1)(1)' });
      expect(stored.get('s-3')).toEqual(second.get('s-3'));
      expect(await keystore.read(['s-1', 's-2', 's-3', 's-4'])).toEqual(stored);
      expect(await keystore.create(new Map())).toEqual(new Map());
    } finally {
      await keystore.close();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});
