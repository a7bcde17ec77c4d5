import type { Json } from '../eventStore/eventStore.js';
import type { PersonalDataCipher } from './personalDataCipher.js';

/**
 * Personal data as the store holds it: sealed under its subject's data key. It takes the
 * place of the `pii` object (the `subjectId` stays beside it, in clear), so the hash chain
 * covers the ciphertext and stays valid when the key is destroyed.
 *
 * `{ "sealed": cipher name, "iv": base64, "ciphertext": base64 (with its tag) }`
 */
export interface SealedPersonalData {
  readonly sealed: string;
  readonly iv: string;
  readonly ciphertext: string;
}

/** Whether a `pii` value is sealed (rather than plaintext or erased). */
export const isSealedPersonalData = (pii: Json): pii is Json & SealedPersonalData =>
  typeof pii === 'object' &&
  pii !== null &&
  !Array.isArray(pii) &&
  typeof (pii as Record<string, Json>)['sealed'] === 'string' &&
  typeof (pii as Record<string, Json>)['ciphertext'] === 'string' &&
  typeof (pii as Record<string, Json>)['iv'] === 'string';

/**
 * The associated data each seal is bound to: the event id and the subject id, so that a sealed
 * value copied into another event, or beside another subject, does not open.
 */
const associatedDataOf = (eventId: string, subjectId: string): Buffer => Buffer.from(`casefold-pii\u0000${eventId}\u0000${subjectId}`, 'utf8');

/** Seals one `pii` object, given as its JSON text, for its subject, inside the event `eventId`. */
export const sealPersonalData = (cipher: PersonalDataCipher, key: Uint8Array, text: string, eventId: string, subjectId: string): SealedPersonalData => {
  const { iv, ciphertext } = cipher.seal(key, Buffer.from(text, 'utf8'), associatedDataOf(eventId, subjectId));
  return { sealed: cipher.name, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64') };
};

/** Opens a sealed `pii` object to its JSON text, or `undefined` when it does not open under this key and cipher. */
export const openPersonalData = (cipher: PersonalDataCipher, key: Uint8Array, sealed: SealedPersonalData, eventId: string, subjectId: string): string | undefined => {
  const plaintext = cipher.open(key, { iv: Buffer.from(sealed.iv, 'base64'), ciphertext: Buffer.from(sealed.ciphertext, 'base64') }, associatedDataOf(eventId, subjectId));
  return plaintext?.toString('utf8');
};
