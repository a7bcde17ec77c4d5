import { randomBytes } from 'node:crypto';
import { type CaseEvent, isErasedPersonalData, isPersonalDataSealed, mediationWorkflow } from '@casefold/core';
import { mobileNumberOf, personalDataArbitrary, residentIdNumberOf, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type EventStore,
  type PersonalDataCipher,
  type SubjectKeystore,
  type RecordedEvent,
  type StoredEvent,
  KEYSTORE_BINDING_STREAM,
  PERSONAL_DATA_ERASED,
  aes256Gcm,
  buildEvidenceBundle,
  caseCommandHandler,
  caseStreamId,
  evidenceBundleText,
  caseEventCodec,
  erasureStreamOf,
  generateEd25519KeyPair,
  getInMemoryEventStore,
  inMemoryKeystore,
  isInvalidAppendError,
  isInvalidForgetError,
  isPersonalDataKeyMissingError,
  isPersonalDataRefusedError,
  isPersonalDataUnreadableError,
  localMasterKey,
  protectPersonalData,
  sm4CtrHmacSm3,
  takeCheckpoint,
  verifyAll,
  verifyCheckpoint,
} from '../../src/index.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const people = [
  { name: '张伟-protect-1', phone: mobileNumberOf(12345678), idNumber: residentIdNumberOf(777) },
  { name: '李芳-protect-2', phone: mobileNumberOf(87654321), idNumber: null },
];
const submit = (caseId: string) =>
  sampleSubmit(caseId, {
    parties: [
      { subjectId: `${caseId}-a`, side: 'applicant', pii: people[0] },
      { subjectId: `${caseId}-r`, side: 'respondent', pii: people[1] },
    ],
  });
const review = (caseId: string) => ({ type: 'Review', commandId: `${caseId}/review`, caseId, decision: { outcome: 'accepted', note: null } });

const collect = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
};
const storedText = async (store: EventStore): Promise<string> => (await collect<StoredEvent>(store.readStoredAll!())).map((e) => e.dataJson + e.metadataJson).join('\n');
const partiesOf = (event: RecordedEvent) => (event.data as { parties: { subjectId: string; pii: unknown }[] }).parties;

const setup = (options: { masterKey?: Buffer; cipher?: ReturnType<typeof sm4CtrHmacSm3> } = {}) => {
  const inner = getInMemoryEventStore();
  const keystore = inMemoryKeystore();
  const masterKey = options.masterKey ?? randomBytes(32);
  const store = protectPersonalData(inner, { keystore, kms: localMasterKey({ masterKey }), clock: () => NOW, ...(options.cipher === undefined ? {} : { cipher: options.cipher }) });
  const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
  return { inner, keystore, masterKey, store, execute };
};

describe('protectPersonalData: envelope encryption per data subject before hashing', () => {
  it('stores only ciphertext, reads the personal data back, and commands run through it unchanged', async () => {
    const { inner, store, execute } = setup();
    expect(E.isRight(await execute(submit('P-1'), { actor: clerk, occurredAt: NOW }))).toBe(true);
    expect(E.isRight(await execute(review('P-1'), { actor: clerk, occurredAt: NOW }))).toBe(true); // the handler loaded the case through the store
    const stored = await storedText(inner);
    for (const person of people) for (const value of [person.name, person.phone, person.idNumber].filter((v) => v !== null)) expect(stored).not.toContain(value);
    const [submitted] = await collect(store.readStream(caseStreamId('P-1')));
    expect(partiesOf(submitted!).map((p) => p.pii)).toEqual(people);
    const raw = (await collect(inner.readStream(caseStreamId('P-1'))))[0]!;
    expect(partiesOf(raw).map((p) => p.subjectId)).toEqual(['P-1-a', 'P-1-r']); // the subject id stays in clear beside its seal
    expect(partiesOf(raw)[0]!.pii).toMatchObject({ sealed: 'aes-256-gcm', iv: expect.any(String), ciphertext: expect.any(String) });
    expect(raw.hash).toBe(submitted!.hash); // the hash covers the sealed form
    // A reader without the keys (an import, a report on the database) still decodes the case: its parties' data sealed.
    const decodedRaw = caseEventCodec().decode(raw);
    expect(E.isRight(decodedRaw) && (decodedRaw.right as Extract<CaseEvent, { type: 'Submitted' }>).data.parties.map((p) => isPersonalDataSealed(p.pii))).toEqual([true, true]);
  });

  it('verifyAll and checkpoints work over the protected store, before and after forget: the chain covers ciphertext', async () => {
    const { store, execute } = setup();
    await execute(submit('P-2'), { actor: clerk, occurredAt: NOW });
    await execute(review('P-2'), { actor: clerk, occurredAt: NOW });
    expect(E.isRight(await verifyAll(store))).toBe(true);
    const { privateKey, publicKey } = generateEd25519KeyPair();
    const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'protected', privateKey });
    await store.forget('P-2-a', { legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
    expect(E.isRight(await verifyAll(store))).toBe(true);
    // The case's events are exactly as checkpointed: forgetting changed no stored byte of them.
    const again = await verifyCheckpoint(store, checkpoint, { publicKey, leaves });
    expect(E.isLeft(again) ? again.left : []).toEqual([]);
    const after = await takeCheckpoint(store, { storeId: 'protected', privateKey });
    expect(E.isRight(await verifyCheckpoint(store, after.checkpoint, { publicKey, leaves: after.leaves }))).toBe(true);
  });

  it('an evidence bundle of a protected case is built from the sealed texts: proven against the checkpoint, no personal data in it, before and after forget', async () => {
    const { store, execute } = setup();
    await execute(submit('P-7'), { actor: clerk, occurredAt: NOW });
    await execute(review('P-7'), { actor: clerk, occurredAt: NOW });
    const { privateKey } = generateEd25519KeyPair();
    const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'protected', privateKey });
    const build = () => buildEvidenceBundle(store, { checkpoint, leaves, streamIds: [caseStreamId('P-7')], storeId: 'protected', workflows: [mediationWorkflow], now: new Date(NOW) });
    const before = await build();
    expect(E.isRight(before)).toBe(true);
    const text = E.isRight(before) ? evidenceBundleText(before.right.bundle) : '';
    for (const person of people) for (const value of [person.name, person.phone, person.idNumber].filter((v) => v !== null)) expect(text).not.toContain(value);
    expect(text).toContain('aes-256-gcm');
    await store.forget('P-7-a', { legalBasis: 'PIPL Art 47' });
    const after = await build();
    expect(E.isRight(after) && evidenceBundleText(after.right.bundle)).toBe(text); // the same bundle: forgetting changed no stored byte of the case
  });

  it('forget: the subject reads as erased (and decodes as such), the other subject stays readable, the erasure is an event with its legal basis', async () => {
    const { store, keystore, execute } = setup();
    await execute(submit('P-3'), { actor: clerk, occurredAt: NOW });
    const result = await store.forget('P-3-a', { legalBasis: 'PIPL Art 47(1)(1): purpose achieved', orderedBy: 'archivist-1' });
    expect(result).toMatchObject({ subjectId: 'P-3-a', erasedAt: NOW, streamId: erasureStreamOf('P-3-a'), revision: 0n });
    const [submitted, erasure] = (await collect(store.readAll())).filter((e) => e.streamId !== KEYSTORE_BINDING_STREAM); // the store's binding to its keystore aside
    expect(partiesOf(submitted!).map((p) => p.pii)).toEqual([{ erased: true, erasedAt: NOW, legalBasis: 'PIPL Art 47(1)(1): purpose achieved' }, people[1]]);
    const decoded = caseEventCodec().decode(submitted!);
    expect(E.isRight(decoded)).toBe(true);
    const parties = E.isRight(decoded) && decoded.right.type === 'Submitted' ? (decoded.right as Extract<CaseEvent, { type: 'Submitted' }>).data.parties : [];
    expect(parties.map((p) => isErasedPersonalData(p.pii))).toEqual([true, false]);
    expect(erasure).toMatchObject({
      streamId: 'personal-data-P-3-a',
      type: PERSONAL_DATA_ERASED,
      data: { subjectId: 'P-3-a', legalBasis: 'PIPL Art 47(1)(1): purpose achieved', erasedAt: NOW, orderedBy: 'archivist-1' },
    });
    expect((await keystore.read(['P-3-a'])).get('P-3-a')).toEqual({ state: 'erased', erasedAt: NOW, legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
    // The case goes on: the handler folds the erased party like any other.
    expect(E.isRight(await execute(review('P-3'), { actor: clerk, occurredAt: NOW }))).toBe(true);
  });

  it('refuses new personal data of a forgotten subject, a pii without a subject id, and a forget without legal basis; the store is unchanged', async () => {
    const { inner, store, execute } = setup();
    await execute(submit('P-4'), { actor: clerk, occurredAt: NOW });
    await store.forget('P-4-a', { legalBasis: 'PIPL Art 47' });
    const before = await storedText(inner);
    const event = (data: unknown) => ({
      eventId: 'e-1',
      type: 'Note',
      data: data as never,
      metadata: { occurredAt: NOW, recordedAt: NOW, commandId: 'c', correlationId: 'c', causationId: null, schemaVersion: 1 },
    });
    const refused = async (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error,
      );
    const erased = await refused(store.appendToStream('other', [event({ parties: [{ subjectId: 'P-4-a', pii: people[0] }] })]));
    expect(isPersonalDataRefusedError(erased) && erased.reason).toBe('subjectErased');
    const anonymous = await refused(store.appendToStream('other', [event({ pii: people[0] })]));
    expect(isPersonalDataRefusedError(anonymous) && anonymous.path).toBe('data.pii');
    expect(isInvalidForgetError(await refused(store.forget('P-4-r', { legalBasis: ' ' })))).toBe(true);
    for (const error of [erased, anonymous]) for (const value of [people[0]!.name, people[0]!.phone, people[0]!.idNumber!]) expect(String((error as Error).message)).not.toContain(value);
    expect(await storedText(inner)).toBe(before);
  });

  it('refuses personal data JSON cannot hold as it is (a Date), as the inner store would have before sealing; nothing stored', async () => {
    const { inner, store } = setup();
    const meta = { occurredAt: NOW, recordedAt: NOW, commandId: 'c', correlationId: 'c', causationId: null, schemaVersion: 1 };
    const appended = store.appendToStream('s', [{ eventId: 'e-1', type: 'T', data: { parties: [{ subjectId: 'x', pii: { name: 'n', born: new Date() } }] } as never, metadata: meta }]);
    await expect(appended).rejects.toSatisfy((e: unknown) => isInvalidAppendError(e) && /a Date at data\.parties\.0\.pii\.born/.test(e.message));
    expect(await collect(inner.readAll())).toEqual([]);
  });

  it('a lost keystore or a wrapped key that does not unwrap is a typed error naming subject, stream and revision, never the data', async () => {
    const { inner, keystore, masterKey, execute } = setup();
    await execute(submit('P-5'), { actor: clerk, occurredAt: NOW });
    // A store sealed without a binding to its keystore (before it had one): the keystore cannot be told apart up front.
    const unbound = getInMemoryEventStore();
    for await (const event of inner.readStream(caseStreamId('P-5'))) await unbound.appendToStream(event.streamId, [event]);
    const lost = protectPersonalData(unbound, { keystore: inMemoryKeystore(), kms: localMasterKey({ masterKey: randomBytes(32) }) });
    const error = await collect(lost.readAll()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isPersonalDataKeyMissingError(error) && [error.subjectId, error.streamId, error.revision]).toEqual(['P-5-a', caseStreamId('P-5'), 0n]);
    // A wrapped key changed in the keystore (the master key is right: the key check opens).
    const active = (await keystore.read(['P-5-a'])).get('P-5-a')!;
    const changedKeys = inMemoryKeystore();
    await changedKeys.recordKeyCheck((await keystore.identity()).keyCheck!); // the master key's check value, as the keystore held it
    await changedKeys.create(
      new Map([
        [
          'P-5-a',
          {
            ...(active as Extract<typeof active, { state: 'active' }>),
            wrappedKey: await localMasterKey({ masterKey: randomBytes(32) }).wrapKey(randomBytes(32), 'P-5-a'),
          },
        ],
      ]),
    );
    const changed = protectPersonalData(unbound, { keystore: changedKeys, kms: localMasterKey({ masterKey }) });
    await expect(collect(changed.readAll())).rejects.toSatisfy(isPersonalDataUnreadableError);
  });

  it('a sealed value moved into another event does not open (bound to event and subject)', async () => {
    const { inner, keystore, masterKey, execute } = setup();
    await execute(submit('P-6'), { actor: clerk, occurredAt: NOW });
    const raw = (await collect(inner.readStream(caseStreamId('P-6'))))[0]!;
    const moved = { ...raw, eventId: 'another', data: { parties: [{ subjectId: 'P-6-a', pii: partiesOf(raw)[0]!.pii }] } } as never;
    const copy = getInMemoryEventStore();
    // A copy of the store (its keystore binding too, which the keystore belongs to), with the moved value.
    await copy.appendToStream('casefold-keystore', await collect(inner.readStream('casefold-keystore')));
    await copy.appendToStream('s', [moved]);
    const reader = protectPersonalData(copy, { keystore, kms: localMasterKey({ masterKey }) });
    await expect(collect(reader.readAll())).rejects.toSatisfy(isPersonalDataUnreadableError);
  });

  it('opens each sealed value once per cached key: the commands on a case decrypt nothing; a moved or changed value still does not open, a forgotten subject reads erased at once', async () => {
    let opens = 0;
    const counted: PersonalDataCipher = { ...aes256Gcm, name: 'counted-aes-256-gcm', open: (...args) => ((opens += 1), aes256Gcm.open(...args)) };
    const inner = getInMemoryEventStore();
    const keystore = inMemoryKeystore();
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    const store = protectPersonalData(inner, { keystore, kms, cipher: counted, clock: () => NOW });
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
    await execute(submit('P-8'), { actor: clerk, occurredAt: NOW });
    await execute(review('P-8'), { actor: clerk, occurredAt: NOW });
    const [submitted] = await collect(store.readStream(caseStreamId('P-8')));
    expect(partiesOf(submitted!).map((p) => p.pii)).toEqual(people);
    expect(opens).toBe(0); // the append, the load before Review and this read: all from the texts kept at sealing
    // Without the cache, every read decrypts.
    const uncached = protectPersonalData(inner, { keystore, kms, ciphers: [counted], keyCacheSize: 0 });
    await collect(uncached.readStream(caseStreamId('P-8')));
    expect(opens).toBe(2);
    // Through the warm store: a sealed value copied into another event, or changed, is opened (and refused) as before.
    const raw = (await collect(inner.readStream(caseStreamId('P-8'))))[0]!;
    const sealed = partiesOf(raw)[0]!.pii as { ciphertext: string };
    const meta = { occurredAt: NOW, recordedAt: NOW, commandId: 'c', correlationId: 'c', causationId: null, schemaVersion: 1 };
    await inner.appendToStream('moved', [{ eventId: 'another', type: 'T', data: { parties: [{ subjectId: 'P-8-a', pii: sealed }] } as never, metadata: meta }]);
    await expect(collect(store.readStream('moved'))).rejects.toSatisfy(isPersonalDataUnreadableError);
    const changed = { ...sealed, ciphertext: `${sealed.ciphertext.slice(0, -4)}AAA=` };
    await inner.appendToStream('changed', [{ eventId: raw.eventId, type: 'T', data: { parties: [{ subjectId: 'P-8-a', pii: changed }] } as never, metadata: meta }]);
    await expect(collect(store.readStream('changed'))).rejects.toSatisfy(isPersonalDataUnreadableError);
    await store.forget('P-8-a', { legalBasis: 'PIPL Art 47' });
    const [after] = await collect(store.readStream(caseStreamId('P-8')));
    expect(partiesOf(after!).map((p) => p.pii)).toEqual([{ erased: true, erasedAt: NOW, legalBasis: 'PIPL Art 47' }, people[1]]);
  });

  it('a key read while the subject is forgotten is not cached: the next read shows the subject erased', async () => {
    const inner = getInMemoryEventStore();
    const keystore = inMemoryKeystore();
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    await caseCommandHandler({ store: protectPersonalData(inner, { keystore, kms, clock: () => NOW }), directory: sampleDirectory(), clock: () => NOW })(submit('P-9'), {
      actor: clerk,
      occurredAt: NOW,
    });
    // The first read of P-9-a's key returns what the keystore held then, once released: a read in flight while forget runs.
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const slow: SubjectKeystore = {
      ...keystore,
      read: async (ids) => {
        const records = await keystore.read(ids);
        if (!held && ids.includes('P-9-a')) {
          held = true;
          await released;
        }
        return records;
      },
    };
    const store = protectPersonalData(inner, { keystore: slow, kms, clock: () => NOW });
    const during = collect(store.readStream(caseStreamId('P-9')));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(held).toBe(true);
    await store.forget('P-9-a', { legalBasis: 'PIPL Art 47' });
    release();
    await during; // began before the erasure: may show the data
    const [after] = await collect(store.readStream(caseStreamId('P-9')));
    expect(partiesOf(after!)[0]!.pii).toEqual({ erased: true, erasedAt: NOW, legalBasis: 'PIPL Art 47' });
  });

  it('SM4 (CTR + HMAC-SM3) is pluggable; data sealed under AES-256-GCM still opens after the default changed (100 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(personalDataArbitrary(), async (pii) => {
        const { inner, keystore, masterKey, store } = setup({ cipher: sm4CtrHmacSm3() });
        const meta = { occurredAt: NOW, recordedAt: NOW, commandId: 'c', correlationId: 'c', causationId: null, schemaVersion: 1 };
        await store.appendToStream('s', [{ eventId: 'e-1', type: 'T', data: { parties: [{ subjectId: 'x', pii }] }, metadata: meta }]);
        expect(partiesOf((await collect(inner.readStream('s')))[0]!)[0]!.pii).toMatchObject({ sealed: 'sm4-ctr-hmac-sm3' });
        const later = protectPersonalData(inner, { keystore, kms: localMasterKey({ masterKey }), cipher: aes256Gcm, ciphers: [sm4CtrHmacSm3()] });
        expect(partiesOf((await collect(later.readStream('s')))[0]!)[0]!.pii).toEqual(pii);
      }),
      { numRuns: 100 },
    );
  });
});
