import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { CheckpointKeyError } from './checkpointErrors.js';
import type { SignatureProvider } from './providers.js';

/*
 * SM2 signatures for checkpoints (`@casefold/engine/sm2`; needs the package `sm-crypto-v2`).
 *
 * Why a library and not node:crypto: Node's OpenSSL has the SM2 curve and SM3, and signs
 * with an SM2 key, but it cannot be given the signer's distinguishing identifier, so the
 * signature's Z value is computed without GB/T 32918.2's (and GM/T 0009's) default ID
 * `1234567812345678`: its signatures do not verify with OpenSSL's own `-pkeyopt
 * distid:1234567812345678`, GmSSL or sm-crypto-v2, nor theirs with it. `sm-crypto-v2` (MIT,
 * on the audited @noble/curves and @noble/hashes) computes Z with the default ID. Node's
 * crypto still reads and writes the keys (PEM with the SM2 curve's OID, as OpenSSL and GmSSL
 * write them) and makes new ones.
 */

/** The DER of an SM2 SubjectPublicKeyInfo (id-ecPublicKey, curve sm2p256v1 1.2.156.10197.1.301) before the 65-byte point. */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
/** The DER of an SM2 PKCS #8 key, as OpenSSL writes it, before the 32-byte private scalar. */
const PKCS8_PREFIX = Buffer.from('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420', 'hex');
const PRIVATE_HEX = /^[0-9a-fA-F]{64}$/;
const PUBLIC_HEX = /^04[0-9a-fA-F]{128}$/;

const keyError = (expected: string, cause?: unknown): CheckpointKeyError =>
  new CheckpointKeyError(`an SM2 ${expected} (PEM with the SM2 curve, or hex: 64 digits private, 130 digits 04‖x‖y public)`, cause === undefined ? undefined : { cause });

/** The 65-byte point of an SM2 public key object, in hex, or `null` when the key is not on the SM2 curve. */
const pointOf = (key: KeyObject): string | null => {
  const der = key.export({ type: 'spki', format: 'der' });
  return der.length === SPKI_PREFIX.length + 65 && der.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX) ? der.subarray(SPKI_PREFIX.length).toString('hex') : null;
};

/** A private key's scalar in hex (lowercase). @throws CheckpointKeyError */
const privateScalar = (privateKey: string): string => {
  const text = privateKey.trim();
  if (PRIVATE_HEX.test(text)) return text.toLowerCase();
  let der: Buffer;
  try {
    der = createPrivateKey(text).export({ type: 'pkcs8', format: 'der' });
  } catch (error) {
    throw keyError('private key', error);
  }
  if (!der.subarray(0, PKCS8_PREFIX.length).equals(PKCS8_PREFIX)) throw keyError('private key, not a key of another algorithm or curve');
  return der.subarray(PKCS8_PREFIX.length, PKCS8_PREFIX.length + 32).toString('hex');
};

/** Whether a 130-digit point is on the SM2 curve (sm-crypto-v2 throws for some points that are not). */
const onCurve = (point: string): boolean => {
  try {
    return sm2.verifyPublicKey(point);
  } catch {
    return false;
  }
};

/** A public key (or the public key of a private key) as 130 hex digits, checked to be on the curve. @throws CheckpointKeyError */
const publicPoint = (publicKey: string): string => {
  const text = publicKey.trim();
  let point: string | null;
  if (PUBLIC_HEX.test(text)) point = text.toLowerCase();
  else {
    try {
      point = pointOf(createPublicKey(text));
    } catch (error) {
      throw keyError('public key', error);
    }
  }
  if (point === null || !onCurve(point)) throw keyError('public key on the SM2 curve');
  return point;
};

/** The public point of a private key, in hex. @throws CheckpointKeyError */
const publicPointOf = (privateKey: string): string => {
  const scalar = privateScalar(privateKey);
  try {
    return sm2.getPublicKeyFromPrivateKey(scalar);
  } catch (error) {
    throw keyError('private key in the range 1 … n − 1', error);
  }
};

/** What GB/T 32918.2 and GM/T 0009 sign with when no signer id is agreed: the user id `1234567812345678`. */
const SIGN_OPTIONS = { hash: true, der: false } as const;

/**
 * SM2 signatures with SM3 (GB/T 32918.2-2016; GM/T 0009's default signer id
 * `1234567812345678` in the Z value): recorded as `sm2-sm3`, to be used with the `sm3` hash
 * provider. A signature is r ‖ s, 64 bytes. Keys: PEM (PKCS #8 private, SPKI public, with the
 * SM2 curve, as {@link generateSm2KeyPair}, OpenSSL and GmSSL write them) or hex (64 digits
 * private, 130 digits `04 ‖ x ‖ y` public, as sm-crypto-v2 writes them); a checkpoint records
 * the public key as its 130 lowercase hex digits. Needs the package `sm-crypto-v2`.
 *
 * @example
 * import { sm3, takeCheckpoint, verifyCheckpoint } from '@casefold/engine';
 * import { generateSm2KeyPair, sm2WithSm3 } from '@casefold/engine/sm2';
 * const { privateKey, publicKey } = generateSm2KeyPair();
 * const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'cases.db', privateKey, hash: sm3, signature: sm2WithSm3 });
 * await verifyCheckpoint(store, checkpoint, { publicKey, leaves, hash: sm3, signature: sm2WithSm3 });
 */
export const sm2WithSm3: SignatureProvider = {
  name: 'sm2-sm3',
  publicKeyOf: publicPointOf,
  publicKeyText: publicPoint,
  sign: (message, privateKey) => Buffer.from(sm2.doSignature(message, privateScalar(privateKey), { ...SIGN_OPTIONS, publicKey: publicPointOf(privateKey) }), 'hex'),
  verify: (message, signature, publicKey) => {
    const point = publicPoint(publicKey);
    if (signature.length !== 64) return false;
    try {
      return sm2.doVerifySignature(message, Buffer.from(signature).toString('hex'), point, SIGN_OPTIONS);
    } catch {
      return false; // r or s outside 1 … n − 1: not a signature
    }
  },
};

/** A new SM2 key pair in PEM (node:crypto): PKCS #8 private key, SPKI public key, with the SM2 curve. */
export const generateSm2KeyPair = (): { readonly privateKey: string; readonly publicKey: string } =>
  generateKeyPairSync('ec', { namedCurve: 'SM2', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
