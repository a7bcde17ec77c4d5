import { randomUUID } from 'node:crypto';
import type { AppendOptions, AppendResult, EventStore, Json, NewEvent, PagedAsyncIterator, RecordedEvent, Subscription } from '../eventStore/eventStore.js';
import { InvalidAppendError } from '../eventStore/errors.js';
import { jsonProblem } from '../hashing/canonicalJson.js';
import { type KeyManagement, newDataKey } from './keyManagement.js';
import { type PersonalDataCipher, aes256Gcm } from './personalDataCipher.js';
import { PERSONAL_DATA_ERASED, erasureStreamOf } from './erasureStream.js';
import { keystoreBinding } from './keystoreBinding.js';
import { groupedKeyCreation } from './groupedKeyCreation.js';
import { InvalidForgetError, PersonalDataKeyMissingError, PersonalDataRefusedError, PersonalDataUnreadableError, UnknownSubjectError } from './personalDataErrors.js';
import { type PersonalDataSite, personalDataSites, replacePersonalData } from './personalDataPaths.js';
import { type SealedPersonalData, isSealedPersonalData, openPersonalData, sealPersonalData } from './sealedPersonalData.js';
import type { NewSubjectKey, SubjectKeyRecord, SubjectKeystore } from './subjectKeystore.js';

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
  /**
   * At most this many subjects' unwrapped keys are kept in memory (10,000 by default); `0`
   * keeps none. With each key go the texts of that subject's personal data opened or sealed
   * through this store (at most 64 per subject), so that a case read
   * again for each command is not decrypted again; they leave memory with the key: when the
   * cache is full, and at once when the subject is forgotten.
   */
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
   * destroyed after the event was recorded, calling again completes it. A subject the store
   * never held (no key in the keystore, no erasure in the store: most often a mistyped id) is
   * refused with `UnknownSubjectError`, recording nothing, so that a typo never looks like an
   * erasure.
   */
  forget(subjectId: string, options: ForgetOptions): Promise<ForgetResult>;
}

/** How many opened texts of one subject the key cache keeps beside its key (all are dropped when it is full). */
const OPENED_PER_SUBJECT = 64;

/**
 * A sealed value's opened JSON text, kept beside its subject's key under its ciphertext with
 * the rest of what the decryption took (the event, bound into the seal; the cipher; the
 * nonce): a hit is what opening again would give, and a sealed value copied into another
 * event still fails to open as before.
 */
interface OpenedText {
  readonly eventId: string;
  readonly cipher: string;
  readonly iv: string;
  readonly text: string;
}

/** A subject's key as the cache holds it; an active key keeps the texts of the subject's values opened (or sealed) with it. */
type OpenKey = { readonly state: 'active'; readonly key: Buffer; readonly cipher: string; readonly opened: Map<string, OpenedText> } | Extract<SubjectKeyRecord, { state: 'erased' }>;

type ActiveKey = Extract<OpenKey, { state: 'active' }>;

const NO_KEYS: ReadonlyMap<string, OpenKey> = new Map();

/** The opened text of `sealed` in event `eventId`, if kept beside the key. */
const openedText = (key: ActiveKey, eventId: string, sealed: SealedPersonalData): string | undefined => {
  const kept = key.opened.get(sealed.ciphertext);
  return kept !== undefined && kept.eventId === eventId && kept.cipher === sealed.sealed && kept.iv === sealed.iv ? kept.text : undefined;
};

/** Keeps an opened text beside its key, within {@link OPENED_PER_SUBJECT}. */
const keepOpened = (key: ActiveKey, eventId: string, sealed: SealedPersonalData, text: string): void => {
  if (key.opened.size >= OPENED_PER_SUBJECT) key.opened.clear();
  key.opened.set(sealed.ciphertext, { eventId, cipher: sealed.sealed, iv: sealed.iv, text });
};

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
  const binding = keystoreBinding(store, keystore, kms, clock);
  // The keys of appends running at the same time, created in one keystore commit (one disk sync).
  const createKeys = groupedKeyCreation(keystore);

  /**
   * Erasures done by this store so far: a key read before an erasure and opened after it is
   * used for the read that asked for it (which began before the erasure) but not cached, so the
   * next read shows the subject erased.
   */
  let erasures = 0;

  /** Caches `key` unless a subject was forgotten since `since` (the {@link erasures} count when its keystore read began). */
  const remember = (subjectId: string, key: OpenKey, since: number): OpenKey => {
    if (cacheSize > 0 && since === erasures) {
      if (cache.size >= cacheSize) cache.clear();
      cache.set(subjectId, key);
    }
    return key;
  };

  const openRecord = async (subjectId: string, record: SubjectKeyRecord): Promise<OpenKey | undefined> => {
    if (record.state === 'erased') return record;
    const key = await kms.unwrapKey(record.wrappedKey, subjectId);
    return key === undefined ? undefined : { state: 'active', key, cipher: record.cipher, opened: new Map() };
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
    const since = erasures;
    await binding.checked();
    const records = await keystore.read(missing);
    for (const id of missing) {
      const record = records.get(id);
      // No record in the keystore: the store's own erasure still counts (an erased subject stays erased).
      const open = record === undefined ? await binding.erasureOf(id).then((erasure) => erasure && ({ state: 'erased', ...erasure } as const)) : await openRecord(id, record);
      if (open === undefined && record !== undefined) throw unwrapFailed(id);
      if (open !== undefined) keys.set(id, remember(id, open, since));
    }
    return keys;
  };

  /** The personal data in clear of each event (sealed values are kept as given), checked as the inner store would check it, since once sealed it sees only ciphertext. */
  const sitesToSeal = (streamId: string, events: readonly NewEvent[]): (readonly PersonalDataSite[])[] =>
    events.map((event, index) => {
      const sites = personalDataSites(event.data).filter((site) => !isSealedPersonalData(site.pii));
      for (const site of sites) {
        const problem = jsonProblem(site.pii, site.path);
        if (problem !== null) throw new InvalidAppendError(streamId, `event ${index} (${event.eventId}) holds ${problem}`);
        if (site.subjectId === undefined) throw new PersonalDataRefusedError(streamId, event.eventId, site.path, 'noSubject');
      }
      return sites;
    });

  /** The open keys of these subjects, a key created for each that has none: all of them in one keystore commit. */
  const keysToSealWith = async (streamId: string, subjectIds: readonly string[]): Promise<Map<string, OpenKey>> => {
    const unreadable = (id: string): Error => new PersonalDataUnreadableError(id, streamId, -1n, 'the subject key');
    const keys = await keysOf(subjectIds, unreadable);
    const missing = [...new Set(subjectIds)].filter((id) => !keys.has(id));
    if (missing.length === 0) return keys;
    const since = erasures;
    await binding.bound();
    const made = new Map<string, { readonly dataKey: Buffer; readonly record: NewSubjectKey }>();
    for (const id of missing) {
      const dataKey = newDataKey(cipher.keyLength);
      made.set(id, { dataKey, record: { state: 'active', wrappedKey: await kms.wrapKey(dataKey, id), cipher: cipher.name, kmsKeyId: kms.keyId, createdAt: clock() } });
    }
    const stored = await createKeys(new Map([...made].map(([id, { record }]) => [id, record])));
    for (const [id, { dataKey, record }] of made) {
      const kept = stored.get(id)!;
      // Our key was stored: it is the one just wrapped (no unwrap needed); another writer's, or an erasure, is opened as read.
      const open: OpenKey | undefined =
        kept.state === 'active' && kept.wrappedKey === record.wrappedKey ? { state: 'active', key: dataKey, cipher: cipher.name, opened: new Map() } : await openRecord(id, kept);
      if (open === undefined) throw unreadable(id);
      keys.set(id, remember(id, open, since));
    }
    return keys;
  };

  /** The events with their personal data sealed, the keys of the subjects new to the keystore created in one batch. */
  const sealEvents = async (streamId: string, events: readonly NewEvent[]): Promise<NewEvent[]> => {
    const sites = sitesToSeal(streamId, events);
    const subjectIds = sites.flatMap((each) => each.map((site) => site.subjectId!));
    const keys = subjectIds.length === 0 ? new Map<string, OpenKey>() : await keysToSealWith(streamId, subjectIds);
    return events.map((event, index) => {
      if (sites[index]!.length === 0) return event;
      const data = replacePersonalData(event.data, (site) => {
        if (isSealedPersonalData(site.pii)) return site.pii;
        const key = keys.get(site.subjectId!)!;
        if (key.state === 'erased') throw new PersonalDataRefusedError(streamId, event.eventId, site.path, 'subjectErased');
        const sealer = ciphers.get(key.cipher) ?? cipher;
        const text = JSON.stringify(site.pii);
        const sealed = sealPersonalData(sealer, key.key, text, event.eventId, site.subjectId!);
        // What opening it will give: the events the append returns, and the next reads of the case, need no decryption.
        keepOpened(key, event.eventId, sealed, text);
        return { ...sealed };
      });
      return { ...event, data };
    });
  };

  /**
   * The event with its sealed personal data opened (or shown erased), each key taken from
   * `keys` or the cache. A subject found in neither is a {@link PersonalDataKeyMissingError},
   * or, when `missing` is given, is added to it and the event is not opened (`null`). One walk
   * of the event; an opened text already kept beside the key is parsed, not decrypted again.
   */
  function openWith(event: RecordedEvent, keys: ReadonlyMap<string, OpenKey>): RecordedEvent;
  function openWith(event: RecordedEvent, keys: ReadonlyMap<string, OpenKey>, missing: Set<string>): RecordedEvent | null;
  function openWith(event: RecordedEvent, keys: ReadonlyMap<string, OpenKey>, missing?: Set<string>): RecordedEvent | null {
    let incomplete = false;
    const data = replacePersonalData(event.data, (site) => {
      if (!isSealedPersonalData(site.pii) || site.subjectId === undefined) return site.pii;
      const key = keys.get(site.subjectId) ?? cache.get(site.subjectId);
      if (key === undefined) {
        if (missing === undefined) throw new PersonalDataKeyMissingError(site.subjectId, event.streamId, event.revision);
        missing.add(site.subjectId);
        incomplete = true;
        return site.pii;
      }
      if (key.state === 'erased') return { erased: true, erasedAt: key.erasedAt, legalBasis: key.legalBasis };
      let text = openedText(key, event.eventId, site.pii);
      if (text === undefined) {
        const opener = ciphers.get(site.pii.sealed);
        text = opener === undefined ? undefined : openPersonalData(opener, key.key, site.pii, event.eventId, site.subjectId);
        if (text === undefined) throw new PersonalDataUnreadableError(site.subjectId, event.streamId, event.revision, site.path);
        keepOpened(key, event.eventId, site.pii, text);
      }
      return JSON.parse(text) as Json;
    });
    return incomplete ? null : data === event.data ? event : { ...event, data };
  }

  /** `events` opened; the keys not in the cache fetched in one keystore read, and only those events walked again. */
  const openEvents = async (events: readonly RecordedEvent[]): Promise<RecordedEvent[]> => {
    const missing = new Set<string>();
    const opened = events.map((event) => openWith(event, NO_KEYS, missing));
    if (missing.size === 0) return opened as RecordedEvent[];
    const keys = await keysOf([...missing], (id) => {
      const event = events.find((e) => personalDataSites(e.data).some((site) => site.subjectId === id))!;
      return new PersonalDataUnreadableError(id, event.streamId, event.revision, personalDataSites(event.data).find((site) => site.subjectId === id)!.path);
    });
    return events.map((event, i) => opened[i] ?? openWith(event, keys));
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
    const result = await store.appendToStream(streamId, await sealEvents(streamId, events), appendOptions);
    return { ...result, events: await openEvents(result.events) };
  };

  const forget = async (subjectId: string, { legalBasis, orderedBy }: ForgetOptions): Promise<ForgetResult> => {
    if (typeof subjectId !== 'string' || subjectId.trim() === '' || subjectId !== subjectId.trim()) throw new InvalidForgetError('the subject id must be a non-empty id without surrounding spaces');
    if (typeof legalBasis !== 'string' || legalBasis.trim() === '')
      throw new InvalidForgetError('a legal basis is required (e.g. "PIPL Art 47(1)(1): purpose achieved"), and it is recorded with the erasure');
    await binding.bound();
    if (!(await keystore.read([subjectId])).has(subjectId) && (await binding.erasureOf(subjectId)) === undefined) throw new UnknownSubjectError(subjectId);
    const erasedAt = clock();
    const id = randomUUID();
    const data: Json = orderedBy === undefined ? { subjectId, legalBasis, erasedAt } : { subjectId, legalBasis, erasedAt, orderedBy };
    const streamId = erasureStreamOf(subjectId);
    const result = await store.appendToStream(streamId, [
      { eventId: id, type: PERSONAL_DATA_ERASED, data, metadata: { occurredAt: erasedAt, recordedAt: erasedAt, commandId: id, correlationId: id, causationId: null, schemaVersion: 1 } },
    ]);
    await keystore.erase(subjectId, { erasedAt, legalBasis });
    erasures += 1;
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
    // Its stored reads are the inner store's: so is what they put before stream ids (a tenant's view).
    ...(store.storedStreamPrefix === undefined ? {} : { storedStreamPrefix: store.storedStreamPrefix }),
    readLastPosition: (options) => store.readLastPosition(options),
    subscribeToAll,
    close: () => store.close(),
    forget,
  };
};
