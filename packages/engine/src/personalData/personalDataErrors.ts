import { CasefoldError, isCasefoldError } from '../eventStore/casefoldError.js';

/**
 * Errors of personal-data protection. None of their messages holds personal data: they name
 * the subject id (a stable id, not personal data in itself), the stream, the revision and a
 * path, never a name, phone number, ID number or key.
 */

/** An event holds sealed personal data of a subject the keystore has no key for, and no erasure either: the keystore is not this store's, or was lost. */
export class PersonalDataKeyMissingError extends CasefoldError {
  override readonly name = 'PersonalDataKeyMissingError';
  constructor(
    readonly subjectId: string,
    readonly streamId: string,
    readonly revision: bigint,
  ) {
    super(
      `No key for data subject '${subjectId}', whose personal data event '${streamId}' revision ${revision} holds sealed, and no record that it was erased. ` +
        'Open the store with the keystore its personal data was sealed with (the keystore is not in exports or backups of the event store: restore it from its own backup).',
    );
  }
}

/** Sealed personal data does not open with its subject's key: the key was unwrapped by another master key, or the sealed text was changed. */
export class PersonalDataUnreadableError extends CasefoldError {
  override readonly name = 'PersonalDataUnreadableError';
  constructor(
    readonly subjectId: string,
    readonly streamId: string,
    readonly revision: bigint,
    readonly path: string,
  ) {
    super(
      `The sealed personal data of subject '${subjectId}' at '${streamId}' revision ${revision}, field '${path}', does not open: it was changed after sealing, or the key management holds another master key. ` +
        'Run `casefold verify` to see whether the event was changed, and check the master key given to the key management.',
    );
  }
}

/** An append carries personal data the store cannot protect: a `pii` object without a `subjectId` beside it, or personal data of a subject already erased. */
export class PersonalDataRefusedError extends CasefoldError {
  override readonly name = 'PersonalDataRefusedError';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    readonly path: string,
    readonly reason: 'noSubject' | 'subjectErased',
  ) {
    super(
      reason === 'noSubject'
        ? `Event '${eventId}' for stream '${streamId}' holds personal data at '${path}' without a string 'subjectId' beside it, so it cannot be sealed for anyone; nothing was appended. Put each pii object in a party with its subject id.`
        : `Event '${eventId}' for stream '${streamId}' holds personal data at '${path}' of a subject whose data was erased (forgotten); nothing was appended. Record new data under a new subject id if the law allows processing again.`,
    );
  }
}

/** A forget request that cannot be carried out as given: no legal basis, or a subject id that is not an id. */
export class InvalidForgetError extends CasefoldError {
  override readonly name = 'InvalidForgetError';
  constructor(readonly reason: string) {
    super(`Cannot forget: ${reason}. Nothing was erased.`);
  }
}

/** A cipher this Node.js build's OpenSSL does not offer (e.g. SM4 in a build without it). */
export class UnsupportedCipherError extends CasefoldError {
  override readonly name = 'UnsupportedCipherError';
  constructor(readonly cipher: string) {
    super(`This Node.js build's OpenSSL does not offer '${cipher}' (see crypto.getCiphers() and crypto.getHashes()); use the default AES-256-GCM or a Node.js built with it.`);
  }
}

/** A keystore asked for is not there (no file, no table), and creating one was not asked for: opening an existing store with an empty new keystore would lose every key. */
export class KeystoreNotFoundError extends CasefoldError {
  override readonly name = 'KeystoreNotFoundError';
  constructor(readonly location: string) {
    super(
      `No keystore at ${location}. Give the location of the keystore this event store's personal data was sealed with (restore it from its own backup if it was lost); ` +
        'pass `create: true` only to start a new keystore for a new event store.',
    );
  }
}

/**
 * A protected store opened with a keystore other than the one it was bound to (its keys would
 * not open the store's personal data, and new keys would make it unreadable), or with a
 * keystore that holds the keys of another store or of another tenant of a shared store
 * (`storeKeystoreId` null: a forget there would erase this store's subjects of the same id).
 */
export class KeystoreMismatchError extends CasefoldError {
  override readonly name = 'KeystoreMismatchError';
  constructor(
    /** The keystore the store is bound to; `null` when the keystore is the one bound elsewhere. */
    readonly storeKeystoreId: string | null,
    readonly keystoreId: string,
  ) {
    super(
      storeKeystoreId === null
        ? `Keystore '${keystoreId}' holds the keys of another event store (or of another tenant of a shared store); nothing was read or written. ` +
            'Give each store, and each tenant, a keystore of its own (open a new one with `create: true`): a shared keystore would let a forget in one erase the other’s subjects of the same id.'
        : `This event store's personal data is sealed with the keys of keystore '${storeKeystoreId}', but it was opened with keystore '${keystoreId}'; nothing was read or written. ` +
            'Open it with its own keystore (restore that keystore from its own backup if it was lost; a new keystore cannot open data sealed before).',
    );
  }
}

/** The key management does not hold the master key this keystore's data keys were wrapped with (its key check value does not unwrap). */
export class KeyManagementMismatchError extends CasefoldError {
  override readonly name = 'KeyManagementMismatchError';
  constructor(
    readonly keystoreId: string,
    readonly kmsKeyId: string,
  ) {
    super(
      `The key management (master key '${kmsKeyId}') does not open the key check of keystore '${keystoreId}': it holds another master key than the one this keystore's data keys were wrapped with. ` +
        'Nothing was read or written. Give the key management the master key this keystore was used with.',
    );
  }
}

/** A forget request for a subject this store never held personal data of (no key, no erasure): most often a mistyped subject id. */
export class UnknownSubjectError extends CasefoldError {
  override readonly name = 'UnknownSubjectError';
  constructor(readonly subjectId: string) {
    super(
      `Cannot forget data subject '${subjectId}': the keystore holds no key of it and the store no erasure, so this store never held its personal data. Nothing was erased or recorded; check the subject id.`,
    );
  }
}

/** A master key that cannot serve (e.g. not 32 bytes for {@link localMasterKey}). */
export class InvalidMasterKeyError extends CasefoldError {
  override readonly name = 'InvalidMasterKeyError';
  constructor(readonly reason: string) {
    super(`Invalid master key: ${reason}.`);
  }
}

declare module '../eventStore/casefoldError.js' {
  interface CasefoldErrorKinds {
    PersonalDataKeyMissingError: PersonalDataKeyMissingError;
    PersonalDataUnreadableError: PersonalDataUnreadableError;
    PersonalDataRefusedError: PersonalDataRefusedError;
    InvalidForgetError: InvalidForgetError;
    UnsupportedCipherError: UnsupportedCipherError;
    KeystoreNotFoundError: KeystoreNotFoundError;
    KeystoreMismatchError: KeystoreMismatchError;
    KeyManagementMismatchError: KeyManagementMismatchError;
    UnknownSubjectError: UnknownSubjectError;
    InvalidMasterKeyError: InvalidMasterKeyError;
  }
}

/** Guard for {@link PersonalDataKeyMissingError}. */
export const isPersonalDataKeyMissingError = (e: unknown): e is PersonalDataKeyMissingError => isCasefoldError(e, 'PersonalDataKeyMissingError');
/** Guard for {@link PersonalDataUnreadableError}. */
export const isPersonalDataUnreadableError = (e: unknown): e is PersonalDataUnreadableError => isCasefoldError(e, 'PersonalDataUnreadableError');
/** Guard for {@link PersonalDataRefusedError}. */
export const isPersonalDataRefusedError = (e: unknown): e is PersonalDataRefusedError => isCasefoldError(e, 'PersonalDataRefusedError');
/** Guard for {@link InvalidForgetError}. */
export const isInvalidForgetError = (e: unknown): e is InvalidForgetError => isCasefoldError(e, 'InvalidForgetError');
/** Guard for {@link UnsupportedCipherError}. */
export const isUnsupportedCipherError = (e: unknown): e is UnsupportedCipherError => isCasefoldError(e, 'UnsupportedCipherError');
/** Guard for {@link KeystoreNotFoundError}. */
export const isKeystoreNotFoundError = (e: unknown): e is KeystoreNotFoundError => isCasefoldError(e, 'KeystoreNotFoundError');
/** Guard for {@link KeystoreMismatchError}. */
export const isKeystoreMismatchError = (e: unknown): e is KeystoreMismatchError => isCasefoldError(e, 'KeystoreMismatchError');
/** Guard for {@link KeyManagementMismatchError}. */
export const isKeyManagementMismatchError = (e: unknown): e is KeyManagementMismatchError => isCasefoldError(e, 'KeyManagementMismatchError');
/** Guard for {@link UnknownSubjectError}. */
export const isUnknownSubjectError = (e: unknown): e is UnknownSubjectError => isCasefoldError(e, 'UnknownSubjectError');
/** Guard for {@link InvalidMasterKeyError}. */
export const isInvalidMasterKeyError = (e: unknown): e is InvalidMasterKeyError => isCasefoldError(e, 'InvalidMasterKeyError');
