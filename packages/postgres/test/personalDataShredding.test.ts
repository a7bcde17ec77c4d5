import { randomBytes } from 'node:crypto';
import { isKeystoreNotFoundError, localMasterKey } from '@casefold/engine';
import { expectErasedOnRead, expectNoTraceOf, shredSample } from '@casefold/engine/testing';
import { describe, expect, it } from 'vitest';
import { openPostgresKeystore } from '../src/index.js';
import { databaseUrl, openTestStore, sql, uniqueSchema } from './support/testStore.js';

/** The bytes of every table, TOAST table and index of these schemas, as the server's files hold them after a checkpoint. */
const relationBytes = async (schemas: readonly string[]): Promise<Buffer> => {
  await sql('CHECKPOINT');
  const relations = await sql<{ path: string | null }>(
    `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'i')
     UNION ALL SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1::text[]) AND c.reltoastrelid <> 0`,
    [schemas],
  );
  const parts: Buffer[] = [];
  for (const { path } of relations) if (path !== null) parts.push(...(await sql<{ bytes: Buffer }>('SELECT pg_read_binary_file($1) AS bytes', [path])).map((r) => r.bytes));
  expect(parts.length).toBeGreaterThan(3);
  return Buffer.concat(parts);
};

describe('crypto-shredding on PostgreSQL: forget leaves no trace of the subject in the tables', () => {
  it('no name, phone or ID number ever in the event tables, and no key of a forgotten subject after forget; the history verifies', async () => {
    const schema = uniqueSchema('shred');
    const keySchema = `${schema}_keys`;
    const store = await openTestStore({ schema });
    const keystore = await openPostgresKeystore({ connectionString: databaseUrl(), schema: keySchema, create: true });
    try {
      const sample = await shredSample({ store: store.events, keystore, kms: localMasterKey({ masterKey: randomBytes(32) }), keystoreBytes: () => relationBytes([schema, keySchema]) });
      expectNoTraceOf(await relationBytes([schema, keySchema]), sample);
      await expectErasedOnRead(sample.events, sample);
    } finally {
      await keystore.close();
      await store.dispose();
      await sql(`DROP SCHEMA IF EXISTS "${keySchema}" CASCADE`);
    }
  });

  it('a keystore schema that is not there is refused (nothing created) unless create is given; reopened, the keystore keeps its id and key check', async () => {
    const keySchema = uniqueSchema('nokeys');
    try {
      const error = await openPostgresKeystore({ connectionString: databaseUrl(), schema: keySchema }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isKeystoreNotFoundError(error) && error.message).toMatch(/No keystore at schema '.+' \(no table subject_keys there\).*`create: true`/);
      expect((error as Error).message).toContain(keySchema);
      expect(await sql('SELECT 1 FROM pg_namespace WHERE nspname = $1', [keySchema])).toEqual([]);
      const created = await openPostgresKeystore({ connectionString: databaseUrl(), schema: keySchema, create: true });
      const { keystoreId } = await created.identity();
      expect(await created.recordKeyCheck('check-1')).toBe('check-1');
      expect(await created.recordKeyCheck('check-2')).toBe('check-1'); // the first one stays
      await created.close();
      const reopened = await openPostgresKeystore({ connectionString: databaseUrl(), schema: keySchema });
      expect(await reopened.identity()).toEqual({ keystoreId, keyCheck: 'check-1' });
      await reopened.close();
    } finally {
      await sql(`DROP SCHEMA IF EXISTS "${keySchema}" CASCADE`);
    }
  });
});
