import { randomUUID } from 'node:crypto';
import type { AppendOptions, AppendResult, EventStore, Json, NewEvent, PagedAsyncIterator, RecordedEvent, Subscription } from '../eventStore/eventStore.js';
import { InvalidAppendError } from '../eventStore/errors.js';
import { jsonProblem } from '../hashing/canonicalJson.js';
import { type KeyManagement, newDataKey } from './keyManagement.js';
import { type PersonalDataCipher, aes256Gcm } from './personalDataCipher.js';
import { InvalidForgetError, PersonalDataKeyMissingError, PersonalDataRefusedError, PersonalDataUnreadableError } from './personalDataErrors.js';
import { personalDataSites, replacePersonalData } from './personalDataPaths.js';
import { isSealedPersonalData, openPersonalData, sealPersonalData } from './sealedPersonalData.js';
import type { SubjectKeyRecord, SubjectKeystore } from './subjectKeystore.js';

/** Options of {@link protectPersonalData}. */
export interface ProtectPersonalDataOptions {
  /** Where the subjects' wrapped data keys live (its own table; never exported). */
  readonly keystore: SubjectKeystore;
  /** Wraps and unwraps the data keys (a KMS, or `localMasterKey`). */
  readonly kms: KeyManagement;
  /** The cipher new personal data is sealed with; AES-256-GCM by default. */
  readonly cipher?: PersonalDataCipher;
  /** Further ciphers data sealed earlier may name (after the default changed). */
  readonly ciphers?: readonly PersonalDataCipher[];
  /** The clock of erasures (ISO-8601 UTC); `Date` by default. */
  readonly clock?: () => string;
  /** At most this many subjects' unwrapped keys are kept in memory (10,000 by default); `0` keeps none. */
  readonly keyCacheSize?: number;
}

/** Options of {@link ProtectedEventStore.forget}. */
export interface ForgetOptions {
  /** The legal basis of the erasure, recorded with it, e.g. `'PIPL Art 47(1)(1): purpose achieved'`. */
  readonly legalBasis: string;
  /** Who ordered the erasure (recorded in the erasure event), e.g. a user id. */
  readonly orderedBy?: string;
}

/** What {@link ProtectedEventStore.forget} did. */
export interface ForgetResult {
  readonly subjectId: string;
  readonly erasedAt: string;
  /** The stream and revision of the `PersonalDataErased` event that records the erasure. */
  readonly streamId: string;
  readonly revision: bigint;
}

/** An event store whose personal data is sealed per subject, and which can forget a subject. */
export interface ProtectedEventStore extends EventStore {
  /**
   * Crypto-shredding: records a `PersonalDataErased` event (subject id, legal basis, time; in
   * the stream {@link erasureStreamOf}) and then destroys the subject's data key. Every event
   * keeps its sealed bytes and its hash, so the history still verifies; reads show the
   * subject's personal data as `{ erased: true, erasedAt, legalBasis }`. Forgetting again
   * records again and keeps the first erasure's time in the keystore; if the key could not be
   * destroyed after the event was recorded, calling again completes it.
   */
  forget(subjectId: string, options: ForgetOptions): Promise<ForgetResult>;
}

/** The event type that records an erasure. */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

/** The stream that records a subject's erasures: `personal-data-<subjectId>` (not a case stream). */
export const erasureStreamOf = (subjectId: string): string => `personal-data-${subjectId}`;

type OpenKey = { readonly state: 'active'; readonly key: Buffer; readonly cipher: string } | Extract<SubjectKeyRecord, { state: 'erased' }>;

/**
 * Wraps an event store so that personal data is encrypted per data subject **before** it is
 * hashed (envelope encryption). On append, each `pii` object (core's `PersonalData`, beside
 * the party's `subjectId`) is replaced by its {@link SealedPersonalData}, under the subject's
 * data key (created on the subject's first append, wrapped by `kms`, kept in `keystore`);
 * the inner store then chains and stores the sealed event, so the hash covers ciphertext.
 * On read (`readStream`, `readAll`, `subscribeToAll`, and the events an append returns) each
 * sealed value is opened, or shown as erased once its subject was forgotten.
 *
 * The stored reads (`readStoredAll`, `readStoredStream`) stay the inner store's: the sealed
 * texts as stored, which is what verification (`verifyAll`, checkpoints, evidence bundles)
 * hashes, so the audit works unchanged over a protected store and needs no key. A recorded
 * event read through this store carries the hash of its sealed form: verify through the
 * stored reads (as `verifyAll` does), not by re-hashing opened events.
 *
 * Sealed values given to an append (an import of sealed events) are stored as they are.
 * An append is refused with {@link PersonalDataRefusedError}, storing nothing, when a `pii`
 * object has no subject id beside it or its subject was forgotten.
 *
 * @example
 * const store = await openSqliteStore({ fileName: 'cases.db' });
 * const keystore = await openSqliteKeystore({ fileName: 'keys.db' });
 * const events = protectPersonalData(store.events, { keystore, kms: localMasterKey({ masterKey }) });
 * await events.forget('resident-1', { legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
 */
export const protectPersonalData = (store: EventStore, options: ProtectPersonalDataOptions): ProtectedEventStore => {
  const { keystore, kms } = options;
  const cipher = options.cipher ?? aes256Gcm;
  const ciphers = new Map([cipher, aes256Gcm, ...(options.ciphers ?? [])].map((c) => [c.name, c] as const));
  const clock = options.clock ?? (() => new Date().toISOString());
  const cacheSize = options.keyCacheSize ?? 10_000;
  const cache = new Map<string, OpenKey>();

  const remember = (subjectId: string, key: OpenKey): OpenKey => {
    if (cacheSize > 0) {
      if (cache.size >= cacheSize) cache.clear();
      cache.set(subjectId, key);
    }
    return key;
  };

  const openRecord = async (subjectId: string, record: SubjectKeyRecord): Promise<OpenKey | undefined> => {
    if (record.state === 'erased') return record;
    const key = await kms.unwrapKey(record.wrappedKey, subjectId);
    return key === undefined ? undefined : { state: 'active', key, cipher: record.cipher };
  };

  /** The open keys of these subjects; a subject without a record is absent. */
  const keysOf = async (subjectIds: readonly string[], unwrapFailed: (subjectId: string) => Error): Promise<Map<string, OpenKey>> => {
    const keys = new Map<string, OpenKey>();
    const missing: string[] = [];
    for (const id of new Set(subjectIds)) {
      const cached = cache.get(id);
      if (cached === undefined) missing.push(id);
      else keys.set(id, cached);
    }
    if (missing.length === 0) return keys;
    for (const [id, record] of await keystore.read(missing)) {
      const open = await openRecord(id, record);
      if (open === undefined) throw unwrapFailed(id);
      keys.set(id, remember(id, open));
    }
    return keys;
  };

  const sealEvent = async (streamId: string, event: NewEvent, index: number): Promise<NewEvent> => {
    const sites = personalDataSites(event.data).filter((site) => !isSealedPersonalData(site.pii));
    if (sites.length === 0) return event;
    for (const site of sites) {
      // Checked here, as the inner store would check it, since once sealed it sees only ciphertext.
      const problem = jsonProblem(site.pii, site.path);
      if (problem !== null) throw new InvalidAppendError(streamId, `event ${index} (${event.eventId}) holds ${problem}`);
      if (site.subjectId === undefined) throw new PersonalDataRefusedError(streamId, event.eventId, site.path, 'noSubject');
    }
    const subjectIds = sites.map((site) => site.subjectId!);
    const unreadable = (id: string): Error => new PersonalDataUnreadableError(id, streamId, -1n, 'the subject key');
    const keys = await keysOf(subjectIds, unreadable);
    for (const id of subjectIds) {
      if (keys.has(id)) continue;
      const dataKey = newDataKey(cipher.keyLength);
      const stored = await keystore.create(id, { state: 'active', wrappedKey: await kms.wrapKey(dataKey, id), cipher: cipher.name, kmsKeyId: kms.keyId, createdAt: clock() });
      const open = await openRecord(id, stored);
      if (open === undefined) throw unreadable(id);
      keys.set(id, remember(id, open));
    }
    const data = replacePersonalData(event.data, (site) => {
      if (isSealedPersonalData(site.pii)) return site.pii;
      const key = keys.get(site.subjectId!)!;
      if (key.state === 'erased') throw new PersonalDataRefusedError(streamId, event.eventId, site.path, 'subjectErased');
      const sealer = ciphers.get(key.cipher) ?? cipher;
      return { ...sealPersonalData(sealer, key.key, site.pii, event.eventId, site.subjectId!) };
    });
    return { ...event, data };
  };

  /** The subject ids of `events`' sealed personal data whose keys are not in the cache. */
  const uncachedSubjects = (events: readonly RecordedEvent[]): string[] => {
    const ids: string[] = [];
    for (const event of events) for (const site of personalDataSites(event.data)) if (site.subjectId !== undefined && isSealedPersonalData(site.pii) && !cache.has(site.subjectId)) ids.push(site.subjectId);
    return ids;
  };

  /** The event with its sealed personal data opened (or shown erased), with `keys` holding every subject's key the keystore has. */
  const openWith = (event: RecordedEvent, keys: ReadonlyMap<string, OpenKey>): RecordedEvent => {
    const data = replacePersonalData(event.data, (site) => {
      if (!isSealedPersonalData(site.pii) || site.subjectId === undefined) return site.pii;
      const key = keys.get(site.subjectId) ?? cache.get(site.subjectId);
      if (key === undefined) throw new PersonalDataKeyMissingError(site.subjectId, event.streamId, event.revision);
      if (key.state === 'erased') return { erased: true, erasedAt: key.erasedAt, legalBasis: key.legalBasis };
      const opener = ciphers.get(site.pii.sealed);
      const opened = opener === undefined ? undefined : openPersonalData(opener, key.key, site.pii, event.eventId, site.subjectId);
      if (opened === undefined) throw new PersonalDataUnreadableError(site.subjectId, event.streamId, event.revision, site.path);
      return opened;
    });
    return data === event.data ? event : { ...event, data };
  };

  /** `events` opened, the keys of all of them fetched in one keystore read. */
  const openEvents = async (events: readonly RecordedEvent[]): Promise<RecordedEvent[]> => {
    const missing = uncachedSubjects(events);
    const keys =
      missing.length === 0
        ? new Map<string, OpenKey>()
        : await keysOf(missing, (id) => {
            const event = events.find((e) => personalDataSites(e.data).some((site) => site.subjectId === id))!;
            return new PersonalDataUnreadableError(id, event.streamId, event.revision, personalDataSites(event.data).find((site) => site.subjectId === id)!.path);
          });
    return events.map((event) => openWith(event, keys));
  };

  /**
   * A read of the inner store with every event opened. Offers `nextPage` when the inner read
   * does (a page's keys in one keystore read, no promise per event), as `forEachEvent` uses.
   */
  const opened = (read: AsyncIterable<RecordedEvent>): AsyncIterable<RecordedEvent> => ({
    [Symbol.asyncIterator]: (): PagedAsyncIterator<RecordedEvent> => {
      const inner = read[Symbol.asyncIterator]() as AsyncIterator<RecordedEvent, undefined> & Partial<PagedAsyncIterator<RecordedEvent>>;
      const iterator: PagedAsyncIterator<RecordedEvent> = {
        next: async () => {
          const result = await inner.next();
          return result.done === true ? result : { done: false, value: (await openEvents([result.value]))[0]! };
        },
        nextPage: async (maxCount) => {
          if (inner.nextPage !== undefined) return openEvents(await inner.nextPage(maxCount));
          const result = await inner.next();
          return result.done === true ? [] : openEvents([result.value]);
        },
        return: async () => (inner.return === undefined ? { done: true, value: undefined } : ((await inner.return()) as IteratorResult<RecordedEvent, undefined>)),
      };
      return iterator;
    },
  });

  const appendToStream = async (streamId: string, events: readonly NewEvent[], appendOptions?: AppendOptions): Promise<AppendResult> => {
    const sealed: NewEvent[] = [];
    for (const [index, event] of events.entries()) sealed.push(await sealEvent(streamId, event, index));
    const result = await store.appendToStream(streamId, sealed, appendOptions);
    return { ...result, events: await openEvents(result.events) };
  };

  const forget = async (subjectId: string, { legalBasis, orderedBy }: ForgetOptions): Promise<ForgetResult> => {
    if (typeof subjectId !== 'string' || subjectId.trim() === '' || subjectId !== subjectId.trim()) throw new InvalidForgetError('the subject id must be a non-empty id without surrounding spaces');
    if (typeof legalBasis !== 'string' || legalBasis.trim() === '') throw new InvalidForgetError('a legal basis is required (e.g. "PIPL Art 47(1)(1): purpose achieved"), and it is recorded with the erasure');
    const erasedAt = clock();
    const id = randomUUID();
    const data: Json = orderedBy === undefined ? { subjectId, legalBasis, erasedAt } : { subjectId, legalBasis, erasedAt, orderedBy };
    const streamId = erasureStreamOf(subjectId);
    const result = await store.appendToStream(streamId, [
      { eventId: id, type: PERSONAL_DATA_ERASED, data, metadata: { occurredAt: erasedAt, recordedAt: erasedAt, commandId: id, correlationId: id, causationId: null, schemaVersion: 1 } },
    ]);
    await keystore.erase(subjectId, { erasedAt, legalBasis });
    cache.delete(subjectId);
    return { subjectId, erasedAt, streamId, revision: result.nextExpectedRevision };
  };

  const subscribeToAll = (subscribeOptions?: Parameters<EventStore['subscribeToAll']>[0]): Subscription => {
    const inner = store.subscribeToAll(subscribeOptions);
    return { [Symbol.asyncIterator]: () => opened(inner)[Symbol.asyncIterator](), close: () => inner.close() };
  };

  return {
    appendToStream,
    readStream: (streamId, readOptions) => opened(store.readStream(streamId, readOptions)),
    readAll: (readOptions) => opened(store.readAll(readOptions)),
    ...(store.readStoredStream === undefined ? {} : { readStoredStream: store.readStoredStream.bind(store) }),
    ...(store.readStoredAll === undefined ? {} : { readStoredAll: store.readStoredAll.bind(store) }),
    readLastPosition: () => store.readLastPosition(),
    subscribeToAll,
    close: () => store.close(),
    forget,
  };
};
