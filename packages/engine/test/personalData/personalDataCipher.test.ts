import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aes256Gcm, sm4CtrHmacSm3 } from '../../src/index.js';

describe('personal-data ciphers', () => {
  it('every seal takes a fresh nonce: 1,000 seals of one text under one key (past several refills of the nonce pool) give 1,000 nonces and ciphertexts, each opening', () => {
    const key = randomBytes(32);
    const text = Buffer.from('{"name":"x"}');
    const aad = Buffer.from('aad');
    for (const cipher of [aes256Gcm, sm4CtrHmacSm3()]) {
      const sealed = Array.from({ length: 1000 }, () => cipher.seal(key, text, aad));
      expect(new Set(sealed.map((s) => s.iv.toString('hex'))).size).toBe(1000);
      expect(new Set(sealed.map((s) => s.ciphertext.toString('hex'))).size).toBe(1000);
      for (const s of sealed) expect(cipher.open(key, s, aad)).toEqual(text);
    }
  });
});
