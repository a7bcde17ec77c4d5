import type { PersonalData } from '@casefold/core';
import { personalDataArbitrary, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import { type EventStore, type KeyManagement, type ProtectedEventStore, type SubjectKeystore, caseCommandHandler, protectPersonalData, verifyAll } from '../../index.js';

const NOW = '2026-06-01T08:00:00.000Z';
const LEGAL_BASIS = 'PIPL Art 47(1)(1): purpose achieved';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
/** The indexes of the subjects {@link shredSample} forgets. */
const FORGOTTEN = [0, 3, 7];

/** Options of {@link shredSample}. */
export interface ShredSampleOptions {
  /** An empty event store of the adapter under test (the sample protects it with `keystore` and `kms`). */
  readonly store: EventStore;
  readonly keystore: SubjectKeystore;
  readonly kms: KeyManagement;
  /** The bytes the keystore's storage holds now (its files, or its tables' files; the store's too if convenient), searched for the wrapped keys before forget. */
  readonly keystoreBytes: () => Promise<Buffer>;
}

/** What {@link shredSample} wrote and forgot. */
export interface ShredSampleResult {
  /** The store, protected. */
  readonly events: ProtectedEventStore;
  /** The personal data of the 20 subjects, in the order of their cases. */
  readonly people: readonly PersonalData[];
  /** The forgotten subjects' keys as they were: wrapped (as stored) and raw. */
  readonly keys: readonly { readonly wrapped: string; readonly raw: Buffer }[];
}

/** Whether `bytes` holds `needle` (a string as UTF-8). */
const holds = (bytes: Buffer, needle: string | Buffer): boolean => bytes.includes(typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle);

/**
 * Crypto-shredding, step one: submits 20 sample cases, each with one subject's personal data
 * (fast-check, fixed seed), through the protected store; expects the wrapped keys of subjects
 * 0, 3 and 7 in `keystoreBytes()` (so that the search of {@link expectNoTraceOf} is known to
 * find what is there), forgets those subjects and expects the history to verify.
 *
 * @example
 * const sample = await shredSample({ store: store.events, keystore, kms, keystoreBytes });
 * expectNoTraceOf(await storageBytes(), sample);
 * await expectErasedOnRead(sample.events, sample);
 */
export const shredSample = async ({ store, keystore, kms, keystoreBytes }: ShredSampleOptions): Promise<ShredSampleResult> => {
  const people = fc.sample(personalDataArbitrary(), { numRuns: 20, seed: 16 });
  const events = protectPersonalData(store, { keystore, kms, clock: () => NOW });
  const execute = caseCommandHandler({ store: events, directory: sampleDirectory(), clock: () => NOW });
  for (const [i, pii] of people.entries()) {
    const command = sampleSubmit(`S-${i}`, { commandId: `c-${i}`, claimedAmountFen: null, parties: [{ subjectId: `subject-${i}`, side: 'applicant', pii }] });
    expect(E.isRight(await execute(command, { actor: clerk, occurredAt: NOW }))).toBe(true);
  }
  const keys: { wrapped: string; raw: Buffer }[] = [];
  for (const i of FORGOTTEN) {
    const record = (await keystore.read([`subject-${i}`])).get(`subject-${i}`)!;
    if (record.state !== 'active') throw new Error(`subject-${i} has no active key before forget: the sample was not written through the keystore given`);
    keys.push({ wrapped: record.wrappedKey, raw: (await kms.unwrapKey(record.wrappedKey, `subject-${i}`))! });
  }
  const before = await keystoreBytes();
  for (const { wrapped } of keys) expect(holds(before, wrapped), 'the search finds a key that is there').toBe(true);

  for (const i of FORGOTTEN) await events.forget(`subject-${i}`, { legalBasis: LEGAL_BASIS });
  expect(E.isRight(await verifyAll(events))).toBe(true);
  return { events, people, keys };
};

/** Crypto-shredding, step two: `bytes` (everything the store and keystore hold) has no subject's name, phone or ID number, and no forgotten key, wrapped or raw (bytes, base64, hex). */
export const expectNoTraceOf = (bytes: Buffer, { people, keys }: ShredSampleResult): void => {
  for (const pii of people) for (const value of [pii.name, pii.phone, pii.idNumber]) if (value !== null) expect(holds(bytes, value), 'plaintext personal data').toBe(false);
  for (const { wrapped, raw } of keys) {
    expect(holds(bytes, wrapped), 'a wrapped key').toBe(false);
    for (const form of [raw, raw.toString('base64'), raw.toString('hex')]) expect(holds(bytes, form), 'a data key').toBe(false);
  }
};

/** Crypto-shredding, step three: `reader` (the protected store, or one reopened over the same storage) reads the forgotten subjects as erased and the others as written. */
export const expectErasedOnRead = async (reader: EventStore, { people }: ShredSampleResult): Promise<void> => {
  const piis: unknown[] = [];
  for await (const event of reader.readAll()) if (event.type === 'Submitted') piis.push((event.data as { parties: { pii: unknown }[] }).parties[0]!.pii);
  expect(piis).toEqual(people.map((pii, i) => (FORGOTTEN.includes(i) ? { erased: true, erasedAt: NOW, legalBasis: LEGAL_BASIS } : pii)));
};
