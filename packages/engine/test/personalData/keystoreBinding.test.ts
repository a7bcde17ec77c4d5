import { randomBytes } from 'node:crypto';
import { mobileNumberOf, residentIdNumberOf, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type EventStore,
  type RecordedEvent,
  type StoredEvent,
  KEYSTORE_BINDING_STREAM,
  caseCommandHandler,
  caseStreamId,
  erasureStreamOf,
  getInMemoryEventStore,
  inMemoryKeystore,
  isInvalidMasterKeyError,
  isKeyManagementMismatchError,
  isKeystoreMismatchError,
  isUnknownSubjectError,
  localMasterKey,
  protectPersonalData,
} from '../../src/index.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const person = { name: '王磊-binding', phone: mobileNumberOf(13572468), idNumber: residentIdNumberOf(4242) };
/** A Submit whose applicant is the data subject `subjectId`. */
const submit = (caseId: string, subjectId: string) => sampleSubmit(caseId, { parties: [{ subjectId, side: 'applicant', pii: person }] });
const at = { actor: clerk, occurredAt: NOW };

const collect = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
};
const storedText = async (store: EventStore): Promise<string> => (await collect<StoredEvent>(store.readStoredAll!())).map((e) => `${e.streamId} ${e.dataJson}`).join('\n');
const failure = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );
const piiOf = (event: RecordedEvent) => (event.data as { parties: { pii: unknown }[] }).parties[0]!.pii;

/** A protected in-memory store with one case (subject `S-1`), and a way to open the same events with another keystore or master key. */
const sealedStore = async () => {
  const inner = getInMemoryEventStore();
  const keystore = inMemoryKeystore();
  const masterKey = randomBytes(32);
  const open = (options: { keystore?: ReturnType<typeof inMemoryKeystore>; masterKey?: Buffer; over?: EventStore } = {}) =>
    protectPersonalData(options.over ?? inner, { keystore: options.keystore ?? keystore, kms: localMasterKey({ masterKey: options.masterKey ?? masterKey }), clock: () => NOW });
  const store = open();
  expect(E.isRight(await caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW })(submit('B-1', 'S-1'), at))).toBe(true);
  return { inner, keystore, masterKey, store, open };
};

describe('a protected store is bound to its keystore and master key', () => {
  it('records the keystore it is sealed with; another (e.g. new, empty) keystore is refused for writes, reads and forget; nothing stored, no key made', async () => {
    const { inner, keystore, open } = await sealedStore();
    const [binding] = await collect(inner.readStream(KEYSTORE_BINDING_STREAM));
    expect(binding!.data).toMatchObject({ keystoreId: (await keystore.identity()).keystoreId });
    const before = await storedText(inner);
    const fresh = inMemoryKeystore();
    const other = open({ keystore: fresh });
    const execute = caseCommandHandler({ store: other, directory: sampleDirectory(), clock: () => NOW });
    const newSubject = await failure(execute(submit('B-2', 'S-2'), at));
    expect(isKeystoreMismatchError(newSubject) && [newSubject.storeKeystoreId, newSubject.keystoreId]).toEqual([(await keystore.identity()).keystoreId, (await fresh.identity()).keystoreId]);
    expect(isKeystoreMismatchError(await failure(execute(submit('B-3', 'S-1'), at)))).toBe(true); // an existing subject would have got a second key
    expect(isKeystoreMismatchError(await failure(collect(other.readStream(caseStreamId('B-1')))))).toBe(true);
    expect(isKeystoreMismatchError(await failure(other.forget('S-1', { legalBasis: 'PIPL Art 47' })))).toBe(true);
    expect(await storedText(inner)).toBe(before);
    expect(await fresh.read(['S-1', 'S-2'])).toEqual(new Map());
  });

  it('two writers binding the same new store at once agree: one binding event, both appends stored', async () => {
    const inner = getInMemoryEventStore();
    const keystore = inMemoryKeystore();
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    const writers = [0, 1].map(() => caseCommandHandler({ store: protectPersonalData(inner, { keystore, kms, clock: () => NOW }), directory: sampleDirectory(), clock: () => NOW }));
    const results = await Promise.all(writers.map((execute, i) => execute(submit(`C-${i}`, `T-${i}`), at)));
    expect(results.map(E.isRight)).toEqual([true, true]);
    expect(await collect(inner.readStream(KEYSTORE_BINDING_STREAM))).toHaveLength(1);
  });

  it('another master key is refused before anything is written or read (key check value), for new and existing subjects', async () => {
    const { inner, keystore, open } = await sealedStore();
    const before = await storedText(inner);
    const wrong = open({ masterKey: randomBytes(32) });
    const execute = caseCommandHandler({ store: wrong, directory: sampleDirectory(), clock: () => NOW });
    const error = await failure(execute(submit('B-2', 'S-2'), at));
    expect(isKeyManagementMismatchError(error) && error.message).toMatch(/does not open the key check of keystore .* Give the key management the master key this keystore was used with/);
    expect(isKeyManagementMismatchError(await failure(execute(submit('B-3', 'S-1'), at)))).toBe(true);
    expect(isKeyManagementMismatchError(await failure(collect(wrong.readStream(caseStreamId('B-1')))))).toBe(true);
    expect(await storedText(inner)).toBe(before);
    expect([...(await keystore.read(['S-1', 'S-2'])).keys()]).toEqual(['S-1']);
  });

  it('a keystore without a record of a subject still sees the erasure the store recorded: reads show it erased, new data is refused as a command failure', async () => {
    const { inner, store } = await sealedStore();
    await store.forget('S-1', { legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
    // A store sealed before stores were bound (no binding event), opened with an empty keystore.
    const unbound = getInMemoryEventStore();
    for (const streamId of [caseStreamId('B-1'), erasureStreamOf('S-1')]) for (const event of await collect(inner.readStream(streamId))) await unbound.appendToStream(streamId, [event]);
    const reopened = protectPersonalData(unbound, { keystore: inMemoryKeystore(), kms: localMasterKey({ masterKey: randomBytes(32) }), clock: () => NOW });
    const [submitted] = await collect(reopened.readStream(caseStreamId('B-1')));
    expect(piiOf(submitted!)).toEqual({ erased: true, erasedAt: NOW, legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
    const before = await storedText(unbound);
    const result = await caseCommandHandler({ store: reopened, directory: sampleDirectory(), clock: () => NOW })(submit('B-2', 'S-1'), at);
    expect(E.isLeft(result) && result.left.kind === 'personal_data_refused' && result.left.error.reason).toBe('subjectErased');
    expect(await storedText(unbound)).toBe(before);
  });

  it('a submit for a subject forgotten in this store comes back as a command failure, not an exception', async () => {
    const { store } = await sealedStore();
    await store.forget('S-1', { legalBasis: 'PIPL Art 47' });
    const result = await caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW })(submit('B-2', 'S-1'), at);
    expect(E.isLeft(result) && result.left.kind === 'personal_data_refused' && [result.left.error.reason, result.left.error.path]).toEqual(['subjectErased', 'data.parties.0.pii']);
  });

  it('forget refuses a subject the store never held (a typo), recording nothing; a real subject is forgotten, and again', async () => {
    const { inner, store } = await sealedStore();
    const before = await storedText(inner);
    const error = await failure(store.forget('S-l', { legalBasis: 'PIPL Art 47' }));
    expect(isUnknownSubjectError(error) && error.subjectId).toBe('S-l');
    expect(await storedText(inner)).toBe(before);
    expect(await collect(inner.readStream(erasureStreamOf('S-l')))).toEqual([]);
    expect((await store.forget('S-1', { legalBasis: 'PIPL Art 47' })).revision).toBe(0n);
    expect((await store.forget('S-1', { legalBasis: 'PIPL Art 47' })).revision).toBe(1n);
  });

  it('localMasterKey refuses a key that is not 32 bytes with a typed error', () => {
    let error: unknown;
    try {
      localMasterKey({ masterKey: randomBytes(16) });
    } catch (e) {
      error = e;
    }
    expect(isInvalidMasterKeyError(error) && error.message).toMatch(/needs 32 bytes, got 16/);
  });
});

describe('a keystore belongs to the one store bound to it', () => {
  it('a keystore already holding a store’s keys is refused by another store (or another tenant), for writes and forget, and nothing is stored there', async () => {
    const { keystore, open } = await sealedStore();
    const other = getInMemoryEventStore();
    const elsewhere = open({ over: other });
    expect(await failure(caseCommandHandler({ store: elsewhere, directory: sampleDirectory(), clock: () => NOW })(submit('B-2', 'S-1'), at))).toSatisfy(isKeystoreMismatchError);
    expect(await failure(elsewhere.forget('S-1', { legalBasis: 'PIPL Art 47' }))).toSatisfy(isKeystoreMismatchError);
    expect(String(await failure(elsewhere.forget('S-1', { legalBasis: 'PIPL Art 47' })))).toMatch(/a keystore of its own/);
    expect(await collect(other.readAll())).toEqual([]);
    // The store it belongs to still works.
    expect((await keystore.identity()).boundTo).toBeDefined();
  });

  it('records its store when the store was bound first and the keystore’s record is missing (a crash between the two writes, or a binding from before keystores recorded theirs)', async () => {
    const { inner, keystore, masterKey } = await sealedStore();
    const [binding] = await collect(inner.readStream(KEYSTORE_BINDING_STREAM));
    // A fresh copy of the keystore's keys without its record of the binding: the state after a crash between the writes.
    const keys = inMemoryKeystore();
    const identity = await keystore.identity();
    expect(identity.boundTo).toBe((binding!.data as { bindingId: string }).bindingId);
    const reopened = protectPersonalData(inner, { keystore: keys, kms: localMasterKey({ masterKey }), clock: () => NOW });
    // (keys is another keystore id: the store refuses it as before; the record is made only for the keystore the store names.)
    expect(await failure(collect(reopened.readAll()))).toSatisfy(isKeystoreMismatchError);
    // A legacy binding without a binding id binds nothing in the keystore, and still works.
    const legacy = getInMemoryEventStore();
    const legacyKeys = inMemoryKeystore();
    const legacyId = (await legacyKeys.identity()).keystoreId;
    await legacy.appendToStream(KEYSTORE_BINDING_STREAM, [
      {
        eventId: 'b-1',
        type: 'PersonalDataKeystoreBound',
        data: { keystoreId: legacyId, boundAt: NOW },
        metadata: { occurredAt: NOW, recordedAt: NOW, commandId: 'b-1', correlationId: 'b-1', causationId: null, schemaVersion: 1 },
      },
    ]);
    const legacyStore = protectPersonalData(legacy, { keystore: legacyKeys, kms: localMasterKey({ masterKey: randomBytes(32) }), clock: () => NOW });
    expect(E.isRight(await caseCommandHandler({ store: legacyStore, directory: sampleDirectory(), clock: () => NOW })(submit('L-1', 'S-9'), at))).toBe(true);
    expect((await legacyKeys.identity()).boundTo).toBeUndefined();
  });

  it('after a crash between the store’s binding and the keystore’s record, the next use records it and goes on', async () => {
    const inner = getInMemoryEventStore();
    const keystore = inMemoryKeystore();
    const { keystoreId } = await keystore.identity();
    // The store's binding event as `bound()` writes it, and no record in the keystore.
    await inner.appendToStream(KEYSTORE_BINDING_STREAM, [
      {
        eventId: 'b-2',
        type: 'PersonalDataKeystoreBound',
        data: { keystoreId, bindingId: 'b-2', boundAt: NOW },
        metadata: { occurredAt: NOW, recordedAt: NOW, commandId: 'b-2', correlationId: 'b-2', causationId: null, schemaVersion: 1 },
      },
    ]);
    const store = protectPersonalData(inner, { keystore, kms: localMasterKey({ masterKey: randomBytes(32) }), clock: () => NOW });
    expect(E.isRight(await caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW })(submit('C-1', 'S-3'), at))).toBe(true);
    expect((await keystore.identity()).boundTo).toBe('b-2');
  });
});
