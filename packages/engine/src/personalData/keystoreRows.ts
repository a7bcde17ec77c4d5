import type { KeystoreIdentity, SubjectKeyRecord } from './subjectKeystore.js';

/**
 * One row of a SQL keystore's subject-key table, as the SQLite and PostgreSQL keystores store
 * it: the columns of an active key, or those of the erasure that replaced it (the others null).
 */
export interface SubjectKeyRow {
  readonly subject_id: string;
  readonly state: string;
  readonly wrapped_key: string | null;
  readonly cipher: string | null;
  readonly kms_key_id: string | null;
  readonly created_at: string | null;
  readonly erased_at: string | null;
  readonly legal_basis: string | null;
}

/** The one row of a SQL keystore's identity table: its id, its key check value and its binding once recorded. */
export interface KeystoreIdentityRow {
  readonly keystore_id: string;
  readonly key_check: string | null;
  readonly bound_to: string | null;
}

/** The record a {@link SubjectKeyRow} holds. */
export const subjectKeyRecordOf = (row: SubjectKeyRow): SubjectKeyRecord =>
  row.state === 'erased'
    ? { state: 'erased', erasedAt: row.erased_at!, legalBasis: row.legal_basis! }
    : { state: 'active', wrappedKey: row.wrapped_key!, cipher: row.cipher!, kmsKeyId: row.kms_key_id!, createdAt: row.created_at! };

/** The identity a {@link KeystoreIdentityRow} holds (no `keyCheck` or `boundTo` before one is recorded). */
export const keystoreIdentityOf = (row: KeystoreIdentityRow): KeystoreIdentity => ({
  keystoreId: row.keystore_id,
  ...(row.key_check === null ? {} : { keyCheck: row.key_check }),
  ...(row.bound_to === null ? {} : { boundTo: row.bound_to }),
});
