import { randomUUID } from 'node:crypto';

/**
 * What a keystore holds for one data subject: a wrapped data key (with the cipher it serves
 * and the master key that wrapped it), or, once the subject was forgotten, only when and on
 * which legal basis (the key itself is gone).
 */
export type SubjectKeyRecord =
  | { readonly state: 'active'; readonly wrappedKey: string; readonly cipher: string; readonly kmsKeyId: string; readonly createdAt: string }
  | { readonly state: 'erased'; readonly erasedAt: string; readonly legalBasis: string };

/** An active record as {@link SubjectKeystore.create} takes it. */
export type NewSubjectKey = Extract<SubjectKeyRecord, { state: 'active' }>;

/** What {@link SubjectKeystore.erase} records in place of the key. */
export interface SubjectErasure {
  readonly erasedAt: string;
  readonly legalBasis: string;
}

/**
 * Who a keystore is: an id made when it was created (a protected store records the id of
 * the keystore it was bound to), the key check value recorded at its first use (a constant
 * wrapped by the master key its data keys are wrapped with), and the binding it belongs to
 * (the id of the binding event of the one store, or one tenant of a shared store, whose keys
 * it holds), recorded when that store is bound.
 */
export interface KeystoreIdentity {
  readonly keystoreId: string;
  readonly keyCheck?: string;
  readonly boundTo?: string;
}

/**
 * The keystore port: one record per data subject, in a table of its own (never in the event
 * store's exports). In-memory ({@link inMemoryKeystore}), SQLite (`openSqliteKeystore`) and
 * PostgreSQL (`openPostgresKeystore`) implement it.
 */
export interface SubjectKeystore {
  /** The records of these subjects (subjects without one are absent from the map). */
  read(subjectIds: readonly string[]): Promise<ReadonlyMap<string, SubjectKeyRecord>>;
  /**
   * Stores each key, by subject id, for a subject that has no record yet, all in one commit
   * (one disk sync for a batch of new subjects), and returns the record each subject has then:
   * the key given, or, when the subject had one (another writer was first, or it was erased),
   * that record, left as it was.
   */
  create(keys: ReadonlyMap<string, NewSubjectKey>): Promise<ReadonlyMap<string, SubjectKeyRecord>>;
  /**
   * Destroys the subject's wrapped key, leaving only the erasure, so that no copy of the key
   * remains in the keystore's storage (the adapters overwrite freed pages and compact their
   * logs). Erasing again keeps the first erasure.
   */
  erase(subjectId: string, erasure: SubjectErasure): Promise<void>;
  /** The keystore's id and key check value (see {@link KeystoreIdentity}). */
  identity(): Promise<KeystoreIdentity>;
  /** Records the key check value if the keystore has none yet, and returns the one it holds. */
  recordKeyCheck(keyCheck: string): Promise<string>;
  /** Records the binding it belongs to (see {@link KeystoreIdentity.boundTo}) if it has none yet, and returns the one it holds. */
  recordBinding(bindingId: string): Promise<string>;
  /** One active record (any), to try the master key on before a key check value is first recorded in a keystore that already holds keys. */
  anyActiveKey(): Promise<{ readonly subjectId: string; readonly wrappedKey: string } | undefined>;
  close(): Promise<void>;
}

/** A keystore in this process's memory, for tests and the in-memory store. */
export const inMemoryKeystore = (): SubjectKeystore => {
  const records = new Map<string, SubjectKeyRecord>();
  const keystoreId = randomUUID();
  let keyCheck: string | undefined;
  let boundTo: string | undefined;
  return {
    read: async (subjectIds) => new Map(subjectIds.flatMap((id) => (records.has(id) ? [[id, records.get(id)!] as const] : []))),
    create: async (keys) => {
      const stored = new Map<string, SubjectKeyRecord>();
      for (const [subjectId, key] of keys) {
        if (!records.has(subjectId)) records.set(subjectId, key);
        stored.set(subjectId, records.get(subjectId)!);
      }
      return stored;
    },
    erase: async (subjectId, erasure) => {
      if (records.get(subjectId)?.state !== 'erased') records.set(subjectId, { state: 'erased', ...erasure });
    },
    identity: async () => ({ keystoreId, ...(keyCheck === undefined ? {} : { keyCheck }), ...(boundTo === undefined ? {} : { boundTo }) }),
    recordKeyCheck: async (check) => (keyCheck ??= check),
    recordBinding: async (bindingId) => (boundTo ??= bindingId),
    anyActiveKey: async () => {
      for (const [subjectId, record] of records) if (record.state === 'active') return { subjectId, wrappedKey: record.wrappedKey };
      return undefined;
    },
    close: async () => undefined,
  };
};
