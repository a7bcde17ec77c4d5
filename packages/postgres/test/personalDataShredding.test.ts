import { randomBytes } from 'node:crypto';
import { personalDataArbitrary, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { caseCommandHandler, isKeystoreNotFoundError, localMasterKey, protectPersonalData, verifyAll } from '@casefold/engine';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { openPostgresKeystore } from '../src/index.js';
import { databaseUrl, openTestStore, sql, uniqueSchema } from './support/testStore.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };

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
const holds = (bytes: Buffer, needle: string | Buffer): boolean => bytes.includes(typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle);

describe('crypto-shredding on PostgreSQL: forget leaves no trace of the subject in the tables', () => {
  it('no name, phone or ID number ever in the event tables, and no key of a forgotten subject after forget; the history verifies', async () => {
    const schema = uniqueSchema('shred');
    const keySchema = `${schema}_keys`;
    const store = await openTestStore({ schema });
    const keystore = await openPostgresKeystore({ connectionString: databaseUrl(), schema: keySchema, create: true });
    try {
      const people = fc.sample(personalDataArbitrary(), { numRuns: 20, seed: 16 });
      const kms = localMasterKey({ masterKey: randomBytes(32) });
      const events = protectPersonalData(store.events, { keystore, kms, clock: () => NOW });
      const execute = caseCommandHandler({ store: events, directory: sampleDirectory(), clock: () => NOW });
      for (const [i, pii] of people.entries()) {
        const command = sampleSubmit(`S-${i}`, { commandId: `c-${i}`, claimedAmountFen: null, parties: [{ subjectId: `subject-${i}`, side: 'applicant', pii }] });
        expect(E.isRight(await execute(command, { actor: clerk, occurredAt: NOW }))).toBe(true);
      }
      const forgotten = [0, 3, 7];
      const keys: { wrapped: string; raw: Buffer }[] = [];
      for (const i of forgotten) {
        const record = (await keystore.read([`subject-${i}`])).get(`subject-${i}`)!;
        if (record.state !== 'active') throw new Error('expected an active key');
        keys.push({ wrapped: record.wrappedKey, raw: (await kms.unwrapKey(record.wrappedKey, `subject-${i}`))! });
      }
      const before = await relationBytes([schema, keySchema]);
      for (const { wrapped } of keys) expect(holds(before, wrapped), 'the search finds a key that is there').toBe(true);

      for (const i of forgotten) await events.forget(`subject-${i}`, { legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
      expect(E.isRight(await verifyAll(events))).toBe(true);

      const bytes = await relationBytes([schema, keySchema]);
      for (const pii of people) for (const value of [pii.name, pii.phone, pii.idNumber]) if (value !== null) expect(holds(bytes, value), 'plaintext personal data').toBe(false);
      for (const { wrapped, raw } of keys) {
        expect(holds(bytes, wrapped), 'a wrapped key').toBe(false);
        for (const form of [raw, raw.toString('base64'), raw.toString('hex')]) expect(holds(bytes, form), 'a data key').toBe(false);
      }
      const piis: unknown[] = [];
      for await (const event of events.readAll()) if (event.type === 'Submitted') piis.push((event.data as { parties: { pii: unknown }[] }).parties[0]!.pii);
      expect(piis).toEqual(people.map((pii, i) => (forgotten.includes(i) ? { erased: true, erasedAt: NOW, legalBasis: 'PIPL Art 47(1)(1): purpose achieved' } : pii)));
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
