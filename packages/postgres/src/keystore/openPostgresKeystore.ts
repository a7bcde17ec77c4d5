import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type NewSubjectKey, type SubjectKeyRecord, type SubjectKeystore, KeystoreNotFoundError, StoreClosedError } from '@casefold/engine';
import { type KeystoreIdentityRow, type SubjectKeyRow, keystoreIdentityOf, subjectKeyRecordOf } from '@casefold/engine/adapter';

/** Options of {@link openPostgresKeystore}. */
export interface PostgresKeystoreOptions {
  /**
   * Where the keystore lives. Prefer a database (or at least a schema and role) apart from
   * the event store's, kept out of the event store's dumps and backups: a copy of the events
   * must not carry the keys that open them.
   */
  readonly connectionString: string;
  /** The schema of the table `subject_keys`; `casefold_keys` by default. */
  readonly schema?: string;
  /**
   * Create the schema and tables if the keystore is not there; `false` by default, so that a
   * wrong schema or database is refused with `KeystoreNotFoundError` instead of starting an
   * empty keystore. Pass `true` only for a new event store.
   */
  readonly create?: boolean;
}

const quoted = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/**
 * The PostgreSQL keystore of personal-data protection: one row per data subject in
 * `<schema>.subject_keys` (a wrapped data key, or the erasure that replaced it). `erase`
 * deletes the key's row and writes the erasure in one transaction, then rewrites the table
 * (`VACUUM FULL`), so the old row's bytes leave the table's files, not only its visibility.
 * PostgreSQL's write-ahead log keeps the row until its segments are recycled: keep the WAL
 * archive (if any) under the same retention as the keys, or out of reach. The table
 * `<schema>.keystore` holds the keystore's id (made when it is created) and its key check value.
 *
 * @example
 * const keystore = await openPostgresKeystore({ connectionString: process.env.KEYS_URL!, create: true }); // create: for a new store only
 */
export const openPostgresKeystore = async ({ connectionString, schema = 'casefold_keys', create = false }: PostgresKeystoreOptions): Promise<SubjectKeystore> => {
  const pool = new pg.Pool({ connectionString, max: 2 });
  const table = `${quoted(schema)}.subject_keys`;
  const meta = `${quoted(schema)}.keystore`;
  try {
    if (!create && (await pool.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [table])).rows[0]?.found == null)
      throw new KeystoreNotFoundError(`schema '${schema}' (no table subject_keys there)`);
    if (create) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(schema)}`);
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${table} (subject_id text PRIMARY KEY, state text NOT NULL, wrapped_key text, cipher text, kms_key_id text, created_at text, erased_at text, legal_basis text)`,
    );
    // One row: the keystore's id, and its key check value once recorded (a keystore from before it had one gets its id now).
    await pool.query(`CREATE TABLE IF NOT EXISTS ${meta} (one integer PRIMARY KEY CHECK (one = 1), keystore_id text NOT NULL, key_check text)`);
    await pool.query(`INSERT INTO ${meta} (one, keystore_id) VALUES (1, $1) ON CONFLICT (one) DO NOTHING`, [randomUUID()]);
    // The binding it belongs to (a keystore from before it had one gets the column now, empty).
    await pool.query(`ALTER TABLE ${meta} ADD COLUMN IF NOT EXISTS bound_to text`);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  const open = (operation: string): void => {
    if (closed) throw new StoreClosedError(`keystore ${operation}`);
  };
  const select = async (subjectIds: readonly string[]): Promise<Map<string, SubjectKeyRecord>> => {
    const { rows } = await pool.query<SubjectKeyRow>(`SELECT * FROM ${table} WHERE subject_id = ANY($1::text[])`, [subjectIds]);
    return new Map(rows.map((row) => [row.subject_id, subjectKeyRecordOf(row)]));
  };
  return {
    read: async (subjectIds) => {
      open('read');
      return select(subjectIds);
    },
    create: async (keys) => {
      open('create');
      const subjectIds = [...keys.keys()];
      const column = (field: keyof NewSubjectKey): string[] => [...keys.values()].map((key) => key[field]);
      // One statement, one commit, however many subjects.
      await pool.query(
        `INSERT INTO ${table} (subject_id, state, wrapped_key, cipher, kms_key_id, created_at)
         SELECT subject_id, 'active', wrapped_key, cipher, kms_key_id, created_at FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS k (subject_id, wrapped_key, cipher, kms_key_id, created_at)
         ON CONFLICT (subject_id) DO NOTHING`,
        [subjectIds, column('wrappedKey'), column('cipher'), column('kmsKeyId'), column('createdAt')],
      );
      return select(subjectIds);
    },
    erase: async (subjectId, { erasedAt, legalBasis }) => {
      open('erase');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`DELETE FROM ${table} WHERE subject_id = $1 AND state = 'active'`, [subjectId]);
        await client.query(`INSERT INTO ${table} (subject_id, state, erased_at, legal_basis) VALUES ($1, 'erased', $2, $3) ON CONFLICT (subject_id) DO NOTHING`, [subjectId, erasedAt, legalBasis]);
        await client.query('COMMIT');
        await client.query(`VACUUM FULL ${table}`);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    identity: async () => {
      open('identity');
      const { rows } = await pool.query<KeystoreIdentityRow>(`SELECT keystore_id, key_check, bound_to FROM ${meta} WHERE one = 1`);
      return keystoreIdentityOf(rows[0]!);
    },
    recordKeyCheck: async (keyCheck) => {
      open('recordKeyCheck');
      await pool.query(`UPDATE ${meta} SET key_check = $1 WHERE one = 1 AND key_check IS NULL`, [keyCheck]);
      const { rows } = await pool.query<{ key_check: string }>(`SELECT key_check FROM ${meta} WHERE one = 1`);
      return rows[0]!.key_check;
    },
    recordBinding: async (bindingId) => {
      open('recordBinding');
      await pool.query(`UPDATE ${meta} SET bound_to = $1 WHERE one = 1 AND bound_to IS NULL`, [bindingId]);
      const { rows } = await pool.query<{ bound_to: string }>(`SELECT bound_to FROM ${meta} WHERE one = 1`);
      return rows[0]!.bound_to;
    },
    anyActiveKey: async () => {
      open('anyActiveKey');
      const { rows } = await pool.query<{ subject_id: string; wrapped_key: string }>(`SELECT subject_id, wrapped_key FROM ${table} WHERE state = 'active' LIMIT 1`);
      return rows[0] === undefined ? undefined : { subjectId: rows[0].subject_id, wrappedKey: rows[0].wrapped_key };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
};
