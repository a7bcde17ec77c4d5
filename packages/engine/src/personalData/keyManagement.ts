import { randomBytes } from 'node:crypto';
import { aes256Gcm } from './personalDataCipher.js';
import { InvalidMasterKeyError } from './personalDataErrors.js';

/**
 * The key-management port of envelope encryption: wraps each subject's data key under a
 * master key it keeps (a KMS, an HSM, or {@link localMasterKey}), so that the keystore holds
 * only wrapped keys. The subject id is bound to the wrapping, so a wrapped key moved to
 * another subject does not unwrap. `unwrapKey` returns `undefined` when the wrapped key does
 * not unwrap (another master key, or changed).
 */
export interface KeyManagement {
  /** Names the master key, stored with each wrapped key (rotation: unwrap by the key that wrapped). */
  readonly keyId: string;
  wrapKey(dataKey: Uint8Array, subjectId: string): Promise<string>;
  unwrapKey(wrapped: string, subjectId: string): Promise<Buffer | undefined>;
}

/** Options of {@link localMasterKey}. */
export interface LocalMasterKeyOptions {
  /** A 32-byte master key (e.g. from a file readable only by the service, or an environment secret). */
  readonly masterKey: Uint8Array;
  /** Names the master key; `'local'` by default. */
  readonly keyId?: string;
}

const associatedDataOf = (subjectId: string): Buffer => Buffer.from(`casefold-subject-key\u0000${subjectId}`, 'utf8');

/**
 * Key management by a master key held in this process: data keys wrapped with AES-256-GCM
 * under it, bound to the subject id. For a single service and for tests; where a KMS or an
 * HSM is available, implement {@link KeyManagement} over it so the master key never enters
 * the process.
 */
export const localMasterKey = ({ masterKey, keyId = 'local' }: LocalMasterKeyOptions): KeyManagement => {
  if (masterKey.length !== 32) throw new InvalidMasterKeyError(`localMasterKey needs 32 bytes, got ${masterKey.length}; generate one with crypto.randomBytes(32)`);
  const key = Buffer.from(masterKey);
  return {
    keyId,
    wrapKey: async (dataKey, subjectId) => {
      const { iv, ciphertext } = aes256Gcm.seal(key, dataKey, associatedDataOf(subjectId));
      return `${iv.toString('base64')}.${ciphertext.toString('base64')}`;
    },
    unwrapKey: async (wrapped, subjectId) => {
      const [iv, ciphertext, ...rest] = wrapped.split('.');
      if (iv === undefined || ciphertext === undefined || rest.length > 0) return undefined;
      return aes256Gcm.open(key, { iv: Buffer.from(iv, 'base64'), ciphertext: Buffer.from(ciphertext, 'base64') }, associatedDataOf(subjectId));
    },
  };
};

/** A fresh random data key of `length` bytes. */
export const newDataKey = (length: number): Buffer => randomBytes(length);
