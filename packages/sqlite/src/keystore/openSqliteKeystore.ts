import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { type NewSubjectKey, type SubjectKeyRecord, type SubjectKeystore, DatabaseOpenError, KeystoreNotFoundError, StoreClosedError } from '@casefold/engine';
import { type KeystoreIdentityRow, type SubjectKeyRow, keystoreIdentityOf, subjectKeyRecordOf } from '@casefold/engine/adapter';

/** Options of {@link openSqliteKeystore}. */
export interface SqliteKeystoreOptions {
  /**
   * The keystore's file. Keep it apart from the event store's file (and from its backups):
   * a copy of the events must not carry the keys that open them, or erasing a key would not
   * erase the copy's personal data. The same file works too (the table is its own).
   */
  readonly fileName: string;
  /**
   * Create the keystore (its file, or its table in an existing file) if it is not there;
   * `false` by default, so that a mistyped or lost keystore path is refused with
   * `KeystoreNotFoundError` instead of starting an empty keystore beside a store whose
   * personal data needs the old one. Pass `true` only for a new event store.
   */
  readonly create?: boolean;
}

const KEYS_TABLE = 'casefold_subject_keys';

/**
 * The SQLite keystore of personal-data protection: one row per data subject in the table
 * `casefold_subject_keys` (a wrapped data key, or the erasure that replaced it). Its
 * connection runs with `secure_delete` on, so a destroyed key's bytes are overwritten in the
 * file, and `erase` checkpoints the write-ahead log and truncates it, so no copy of the key
 * stays in `-wal` either. Every commit syncs the disk (`synchronous = FULL`): a key is durable
 * before the events sealed with it are appended; `create` stores a batch of new subjects' keys
 * in one commit. The table `casefold_keystore` holds the keystore's id (made when it
 * is created) and its key check value (see `protectPersonalData`).
 *
 * @example
 * const keystore = await openSqliteKeystore({ fileName: 'keys.db', create: true }); // create: for a new store only
 * const events = protectPersonalData(store.events, { keystore, kms: localMasterKey({ masterKey }) });
 */
export const openSqliteKeystore = async ({ fileName, create = false }: SqliteKeystoreOptions): Promise<SubjectKeystore> => {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(fileName, { fileMustExist: !create });
  } catch (cause) {
    if (!create && cause instanceof Error && (cause as { code?: string }).code === 'SQLITE_CANTOPEN') throw new KeystoreNotFoundError(`'${fileName}' (no such file)`);
    throw new DatabaseOpenError(fileName, cause instanceof Error ? cause.message : String(cause), 'check that the directory exists and may be written, and that the file is a SQLite database', {
      cause,
    });
  }
  try {
    if (!create && db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get('table', KEYS_TABLE) === undefined)
      throw new KeystoreNotFoundError(`'${fileName}' (no table ${KEYS_TABLE} in it)`);
    db.pragma('journal_mode = WAL');
    // A key must be on disk before the events sealed with it are: every commit syncs (better-sqlite3's default in WAL mode, NORMAL, does not).
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${KEYS_TABLE} (subject_id TEXT PRIMARY KEY, state TEXT NOT NULL, wrapped_key TEXT, cipher TEXT, kms_key_id TEXT, created_at TEXT, erased_at TEXT, legal_basis TEXT)`,
    );
    // One row: the keystore's id, and its key check value once recorded (a keystore from before it had one gets its id now).
    db.exec('CREATE TABLE IF NOT EXISTS casefold_keystore (one INTEGER PRIMARY KEY CHECK (one = 1), keystore_id TEXT NOT NULL, key_check TEXT)');
    db.prepare('INSERT INTO casefold_keystore (one, keystore_id) VALUES (1, ?) ON CONFLICT (one) DO NOTHING').run(randomUUID());
    // The binding it belongs to (a keystore from before it had one gets the column now, empty).
    if (
      !db
        .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('casefold_keystore')")
        .all()
        .some((column) => column.name === 'bound_to')
    )
      db.exec('ALTER TABLE casefold_keystore ADD COLUMN bound_to TEXT');
  } catch (cause) {
    db.close();
    if (cause instanceof KeystoreNotFoundError) throw cause;
    throw new DatabaseOpenError(fileName, cause instanceof Error ? cause.message : String(cause), 'check that the file may be written and is a SQLite database', { cause });
  }
  const identity = db.prepare<[], KeystoreIdentityRow>('SELECT keystore_id, key_check, bound_to FROM casefold_keystore WHERE one = 1');
  const recordCheck = db.prepare('UPDATE casefold_keystore SET key_check = ? WHERE one = 1 AND key_check IS NULL');
  const recordBound = db.prepare('UPDATE casefold_keystore SET bound_to = ? WHERE one = 1 AND bound_to IS NULL');
  const anyActive = db.prepare<[], { subject_id: string; wrapped_key: string }>(`SELECT subject_id, wrapped_key FROM ${KEYS_TABLE} WHERE state = 'active' LIMIT 1`);
  const select = db.prepare<[string], SubjectKeyRow>('SELECT * FROM casefold_subject_keys WHERE subject_id = ?');
  const insert = db.prepare('INSERT INTO casefold_subject_keys (subject_id, state, wrapped_key, cipher, kms_key_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING');
  const insertAll = db.transaction((keys: ReadonlyMap<string, NewSubjectKey>) => {
    for (const [subjectId, key] of keys) insert.run(subjectId, 'active', key.wrappedKey, key.cipher, key.kmsKeyId, key.createdAt);
  });
  const remove = db.prepare("DELETE FROM casefold_subject_keys WHERE subject_id = ? AND state = 'active'");
  const tombstone = db.prepare("INSERT INTO casefold_subject_keys (subject_id, state, erased_at, legal_basis) VALUES (?, 'erased', ?, ?) ON CONFLICT (subject_id) DO NOTHING");
  const erase = db.transaction((subjectId: string, erasedAt: string, legalBasis: string) => {
    remove.run(subjectId);
    tombstone.run(subjectId, erasedAt, legalBasis);
  });
  let closed = false;
  const open = (operation: string): void => {
    if (closed) throw new StoreClosedError(`keystore ${operation}`);
  };
  return {
    read: async (subjectIds) => {
      open('read');
      const records = new Map<string, SubjectKeyRecord>();
      for (const id of subjectIds) {
        const row = select.get(id);
        if (row !== undefined) records.set(id, subjectKeyRecordOf(row));
      }
      return records;
    },
    create: async (keys) => {
      open('create');
      insertAll(keys);
      return new Map([...keys.keys()].map((subjectId) => [subjectId, subjectKeyRecordOf(select.get(subjectId)!)]));
    },
    erase: async (subjectId, { erasedAt, legalBasis }) => {
      open('erase');
      erase(subjectId, erasedAt, legalBasis);
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    identity: async () => {
      open('identity');
      return keystoreIdentityOf(identity.get()!);
    },
    recordKeyCheck: async (keyCheck) => {
      open('recordKeyCheck');
      recordCheck.run(keyCheck);
      return identity.get()!.key_check!;
    },
    recordBinding: async (bindingId) => {
      open('recordBinding');
      recordBound.run(bindingId);
      return identity.get()!.bound_to!;
    },
    anyActiveKey: async () => {
      open('anyActiveKey');
      const row = anyActive.get();
      return row === undefined ? undefined : { subjectId: row.subject_id, wrappedKey: row.wrapped_key };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
};
