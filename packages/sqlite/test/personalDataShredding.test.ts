import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalDataArbitrary, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { caseCommandHandler, localMasterKey, protectPersonalData, verifyAll } from '@casefold/engine';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteKeystore, openSqliteStore } from '../src/index.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The bytes of the database file and its write-ahead log, as one buffer. */
const fileBytes = (fileName: string): Buffer => Buffer.concat([fileName, `${fileName}-wal`].filter(existsSync).map((f) => readFileSync(f)));
const holds = (bytes: Buffer, needle: string | Buffer): boolean => bytes.includes(typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle);

describe('crypto-shredding on SQLite: forget leaves no trace of the subject in the file', () => {
  it.each([
    ['keys in the event store’s file, in their own table', true],
    ['keys in a file of their own', false],
  ])('%s: no name, phone or ID number ever in the file (WAL included), and no key of a forgotten subject after forget; the history verifies', async (_, sameFile) => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-shred-'));
    dirs.push(dir);
    const fileName = join(dir, 'cases.db');
    const keyFile = sameFile ? fileName : join(dir, 'keys.db');
    const people = fc.sample(personalDataArbitrary(), { numRuns: 20, seed: 16 });
    const store = await openSqliteStore({ fileName });
    const keystore = await openSqliteKeystore({ fileName: keyFile, create: true });
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    const events = protectPersonalData(store.events, { keystore, kms, clock: () => NOW });
    const execute = caseCommandHandler({ store: events, directory: sampleDirectory(), clock: () => NOW });
    for (const [i, pii] of people.entries()) {
      const command = sampleSubmit(`S-${i}`, { commandId: `c-${i}`, claimedAmountFen: null, parties: [{ subjectId: `subject-${i}`, side: 'applicant', pii }] });
      expect(E.isRight(await execute(command, { actor: clerk, occurredAt: NOW }))).toBe(true);
    }
    const forgotten = [0, 3, 7];
    const keys = new Map<number, { wrapped: string; raw: Buffer }>();
    for (const i of forgotten) {
      const record = (await keystore.read([`subject-${i}`])).get(`subject-${i}`)!;
      if (record.state !== 'active') throw new Error('expected an active key');
      keys.set(i, { wrapped: record.wrappedKey, raw: (await kms.unwrapKey(record.wrappedKey, `subject-${i}`))! });
    }
    // The search finds what is there: the wrapped keys are in the keystore's file before forget.
    const before = fileBytes(keyFile);
    for (const { wrapped } of keys.values()) expect(holds(before, wrapped)).toBe(true);

    for (const i of forgotten) await events.forget(`subject-${i}`, { legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
    expect(E.isRight(await verifyAll(events))).toBe(true);
    await keystore.close();
    await store.close();

    const bytes = Buffer.concat([fileBytes(fileName), sameFile ? Buffer.alloc(0) : fileBytes(keyFile)]);
    for (const pii of people) for (const value of [pii.name, pii.phone, pii.idNumber]) if (value !== null) expect(holds(bytes, value), 'plaintext personal data').toBe(false);
    for (const { wrapped, raw } of keys.values()) {
      expect(holds(bytes, wrapped), 'a wrapped key').toBe(false);
      for (const form of [raw, raw.toString('base64'), raw.toString('hex')]) expect(holds(bytes, form), 'a data key').toBe(false);
    }

    // Reopened: the history verifies, the forgotten read as erased, the others as written.
    const reopened = await openSqliteStore({ fileName });
    const reopenedKeys = await openSqliteKeystore({ fileName: keyFile });
    try {
      const reader = protectPersonalData(reopened.events, { keystore: reopenedKeys, kms });
      expect(E.isRight(await verifyAll(reader))).toBe(true);
      const piis: unknown[] = [];
      for await (const event of reader.readAll()) if (event.type === 'Submitted') piis.push((event.data as { parties: { pii: unknown }[] }).parties[0]!.pii);
      expect(piis).toEqual(people.map((pii, i) => (forgotten.includes(i) ? { erased: true, erasedAt: NOW, legalBasis: 'PIPL Art 47(1)(1): purpose achieved' } : pii)));
    } finally {
      await reopenedKeys.close();
      await reopened.close();
    }
  });
});
