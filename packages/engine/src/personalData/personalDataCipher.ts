import { createCipheriv, createDecipheriv, createHmac, getCiphers, getHashes, randomFillSync, timingSafeEqual } from 'node:crypto';
import { UnsupportedCipherError } from './personalDataErrors.js';

/** What a cipher made of one plaintext: the nonce and the ciphertext with its authentication tag. */
export interface SealedBytes {
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
}

/**
 * An authenticated cipher for personal data under a subject's data key. `name` is stored in
 * every envelope, so data sealed under one cipher still opens after the default changes.
 * `open` returns `undefined` when the ciphertext, the nonce, the key or the associated data
 * do not match (never throws for them).
 */
export interface PersonalDataCipher {
  readonly name: string;
  /** Length of a data key in bytes. */
  readonly keyLength: number;
  seal(key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): SealedBytes;
  open(key: Uint8Array, sealed: SealedBytes, associatedData: Uint8Array): Buffer | undefined;
}

const NONCE_POOL = 4096;
let noncePool = Buffer.alloc(0);
let noncePoolUsed = 0;

/**
 * A fresh random nonce of `length` bytes (at most {@link NONCE_POOL}), cut from a pool filled
 * by `randomFillSync` 4 KiB at a time: the same CSPRNG bytes as `randomBytes(length)`, each
 * handed out once, without a call into OpenSSL per nonce (which cost more than the encryption
 * of a `pii` object). Only nonces, which are not secret, come from the pool; keys do not.
 */
const freshNonce = (length: number): Buffer => {
  if (noncePoolUsed + length > noncePool.length) {
    noncePool = randomFillSync(Buffer.allocUnsafe(NONCE_POOL));
    noncePoolUsed = 0;
  }
  const nonce = Buffer.from(noncePool.subarray(noncePoolUsed, noncePoolUsed + length));
  noncePoolUsed += length;
  return nonce;
};

const GCM_TAG = 16;

/** AES-256-GCM from `node:crypto` (the default): a 96-bit random nonce, a 128-bit tag appended to the ciphertext. */
export const aes256Gcm: PersonalDataCipher = {
  name: 'aes-256-gcm',
  keyLength: 32,
  seal: (key, plaintext, associatedData) => {
    const iv = freshNonce(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(associatedData);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { iv, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
  },
  open: (key, { iv, ciphertext }, associatedData) => {
    if (ciphertext.length < GCM_TAG || iv.length !== 12) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(associatedData);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - GCM_TAG));
    try {
      return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - GCM_TAG)), decipher.final()]);
    } catch {
      return undefined; // authentication failed: changed text, wrong key or wrong associated data
    }
  },
};

const SM3_TAG = 32;

/**
 * SM4 (GB/T 32907-2016) in CTR mode with an HMAC-SM3 tag over the associated data, the nonce
 * and the ciphertext (encrypt-then-MAC), from the OpenSSL inside Node.js. This build offers
 * `sm4-ctr` and `sm3` but no `sm4-gcm`; the 32-byte data key is split into the SM4 key and the
 * HMAC key. Throws {@link UnsupportedCipherError} where OpenSSL lacks either.
 */
export const sm4CtrHmacSm3 = (): PersonalDataCipher => {
  if (!getCiphers().includes('sm4-ctr')) throw new UnsupportedCipherError('sm4-ctr');
  if (!getHashes().includes('sm3')) throw new UnsupportedCipherError('sm3');
  const tagOf = (macKey: Uint8Array, iv: Buffer, body: Buffer, associatedData: Uint8Array): Buffer => {
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(associatedData.length));
    return createHmac('sm3', macKey).update(length).update(associatedData).update(iv).update(body).digest();
  };
  return {
    name: 'sm4-ctr-hmac-sm3',
    keyLength: 32,
    seal: (key, plaintext, associatedData) => {
      const iv = freshNonce(16);
      const cipher = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { iv, ciphertext: Buffer.concat([body, tagOf(key.subarray(16), iv, body, associatedData)]) };
    },
    open: (key, { iv, ciphertext }, associatedData) => {
      if (ciphertext.length < SM3_TAG || iv.length !== 16) return undefined;
      const body = ciphertext.subarray(0, ciphertext.length - SM3_TAG);
      if (!timingSafeEqual(tagOf(key.subarray(16), iv, body, associatedData), ciphertext.subarray(ciphertext.length - SM3_TAG))) return undefined;
      const decipher = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    },
  };
};
