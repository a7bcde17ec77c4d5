import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSm2KeyPair, sm2WithSm3 } from '@casefold/engine/sm2';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type CheckpointDifference, generateEd25519KeyPair, isCheckpointKeyError, sha256, sm3, takeCheckpoint, verifyCheckpoint } from '../../../src/index.js';
import { rewriteAndRehash, storeOf } from './tamperings.js';

/*
 * The SM3 hash provider (node:crypto) and the SM2 signature provider (@casefold/engine/sm2,
 * on sm-crypto-v2): the standard's test vectors, a known answer made by another
 * implementation (OpenSSL), a live cross-check with the `openssl` program both ways, and a
 * checkpoint taken and verified with them.
 */

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Made with OpenSSL 3.0.19: `openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:1234567812345678` (signature DER-decoded to r ‖ s). */
const OPENSSL_KNOWN_ANSWER = {
  publicKey: [
    '-----BEGIN PUBLIC KEY-----',
    'MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE+xrpCF7deDP4e8ugZ5nLuurCRK8g',
    'fPkDgo8A9Exno9BDgx0f+qrow6/IbbR1GJc7oBstKSJKjWVW7crMC2m+KQ==',
    '-----END PUBLIC KEY-----',
    '',
  ].join('\n'),
  message: 'casefold checkpoint known answer',
  signature: '7a52adc87f57b7e2614fad669cd9cdd7d84affd066eb16b29b0073ce3931bcc185518fb9eca53d495bdbbcf6264233436537b6e234451f84b2698a509a545f8c',
};

describe('sm3 (node:crypto)', () => {
  it('gives the digests of GB/T 32905-2016 appendix A', () => {
    expect(sm3.name).toBe('sm3');
    expect(hex(sm3.hash(bytes('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(hex(sm3.hash(bytes('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe('sm2WithSm3 (sm-crypto-v2)', () => {
  const keys = generateSm2KeyPair();
  const message = bytes('a checkpoint, canonical');

  it('signs (r ‖ s, 64 bytes) and verifies with PEM keys and with hex keys; another message, key or signature does not verify', () => {
    const signature = sm2WithSm3.sign(message, keys.privateKey);
    expect(signature).toHaveLength(64);
    expect(sm2WithSm3.verify(message, signature, keys.publicKey)).toBe(true);
    const point = sm2WithSm3.publicKeyText(keys.publicKey);
    expect(point).toMatch(/^04[0-9a-f]{128}$/);
    expect(sm2WithSm3.publicKeyOf(keys.privateKey)).toBe(point);
    expect(sm2WithSm3.verify(message, signature, point.toUpperCase())).toBe(true);
    expect(sm2WithSm3.verify(bytes('another checkpoint'), signature, keys.publicKey)).toBe(false);
    expect(sm2WithSm3.verify(message, signature, generateSm2KeyPair().publicKey)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[10]! ^= 1;
    expect(sm2WithSm3.verify(message, flipped, keys.publicKey)).toBe(false);
    expect(sm2WithSm3.verify(message, Buffer.alloc(64), keys.publicKey)).toBe(false);
    expect(sm2WithSm3.verify(message, Buffer.alloc(64, 0xff), keys.publicKey)).toBe(false);
    expect(sm2WithSm3.verify(message, signature.subarray(0, 63), keys.publicKey)).toBe(false);
  });

  it('verifies the known answer made by OpenSSL with the default signer id', () => {
    const { publicKey, message: text, signature } = OPENSSL_KNOWN_ANSWER;
    expect(sm2WithSm3.verify(bytes(text), Buffer.from(signature, 'hex'), publicKey)).toBe(true);
    expect(sm2WithSm3.verify(bytes(`${text}.`), Buffer.from(signature, 'hex'), publicKey)).toBe(false);
  });

  it("does not accept node:crypto's own SM2 signature (made without the default signer id: why the provider uses a library)", () => {
    const native = nodeSign('sm3', message, keys.privateKey);
    const r = native.subarray(4, 4 + native[3]!).subarray(-32);
    const s = native.subarray(6 + native[3]!).subarray(-32);
    expect(sm2WithSm3.verify(message, Buffer.concat([Buffer.alloc(32 - r.length), r, Buffer.alloc(32 - s.length), s]), keys.publicKey)).toBe(false);
  });

  it('interoperates with the openssl program both ways (distid 1234567812345678)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-sm2-'));
    const file = (name: string, content?: string | Buffer): string => {
      if (content !== undefined) writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    file('key.pem', keys.privateKey);
    file('key.pub', keys.publicKey);
    file('message', message);
    const openssl = (...args: string[]) => spawnSync('openssl', ['pkeyutl', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', file('message'), ...args], { encoding: 'utf8' });
    // Ours, DER-encoded as OpenSSL reads signatures, verified by OpenSSL.
    const signature = sm2WithSm3.sign(message, keys.privateKey);
    const integer = (half: Uint8Array): Buffer => {
      const trimmed = Buffer.from(half.subarray(half.findIndex((b) => b !== 0)));
      const body = trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.of(0), trimmed]) : trimmed;
      return Buffer.concat([Buffer.of(2, body.length), body]);
    };
    const der = Buffer.concat([integer(signature.subarray(0, 32)), integer(signature.subarray(32))]);
    file('ours.sig', Buffer.concat([Buffer.of(0x30, der.length), der]));
    const verified = openssl('-verify', '-pubin', '-inkey', file('key.pub'), '-sigfile', file('ours.sig'));
    expect(verified.stdout + verified.stderr).toContain('Signature Verified Successfully');
    // OpenSSL's, verified by ours.
    const signed = openssl('-sign', '-inkey', file('key.pem'), '-out', file('theirs.sig'));
    expect(signed.status, signed.stderr).toBe(0);
    const theirs = readFileSync(file('theirs.sig'));
    const rLength = theirs[3]!;
    const pad = (n: Buffer): Buffer => Buffer.concat([Buffer.alloc(32), n]).subarray(-32);
    const rs = Buffer.concat([pad(theirs.subarray(4, 4 + rLength)), pad(theirs.subarray(6 + rLength))]);
    expect(sm2WithSm3.verify(message, rs, keys.publicKey)).toBe(true);
  });

  it('refuses keys it cannot read, or of another algorithm or curve, with a CheckpointKeyError', () => {
    const ed = generateEd25519KeyPair();
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    for (const key of ['not a key', ed.privateKey, p256.privateKey]) expect(() => sm2WithSm3.sign(message, key)).toThrow(expect.toSatisfy(isCheckpointKeyError));
    for (const key of ['not a key', ed.publicKey, p256.publicKey, `04${'1'.repeat(128)}`]) expect(() => sm2WithSm3.publicKeyText(key)).toThrow(expect.toSatisfy(isCheckpointKeyError));
    expect(() => sm2WithSm3.publicKeyOf('0'.repeat(64))).toThrow(expect.toSatisfy(isCheckpointKeyError));
  });
});

describe('a checkpoint with sm3 and sm2WithSm3', () => {
  it('is taken, verified, and names a rewritten stream; verified with the default providers it is algorithmUnsupported', async () => {
    const keys = generateSm2KeyPair();
    const store = await storeOf([
      { stream: 'a', count: 3 },
      { stream: 'b', count: 2 },
    ]);
    const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'test', privateKey: keys.privateKey, hash: sm3, signature: sm2WithSm3 });
    expect(checkpoint.algorithms).toEqual({ hash: 'sm3', signature: 'sm2-sm3' });
    expect(checkpoint.publicKey).toBe(sm2WithSm3.publicKeyText(keys.publicKey));
    const options = { publicKey: keys.publicKey, leaves, hash: sm3, signature: sm2WithSm3 };
    expect(E.isRight(await verifyCheckpoint(store, checkpoint, options))).toBe(true);
    const kinds = async (result: Promise<E.Either<readonly CheckpointDifference[], unknown>>) =>
      E.getOrElseW((left: readonly CheckpointDifference[]) => left.map((d) => d.kind))(E.map(() => [])(await result));
    expect(await kinds(verifyCheckpoint(store, checkpoint, { publicKey: keys.publicKey, leaves, hash: sha256 }))).toEqual(['algorithmUnsupported']);
    expect(await kinds(verifyCheckpoint(store, { ...checkpoint, events: checkpoint.events + 1 }, options))).toEqual(['signatureInvalid']);
    await rewriteAndRehash(store, 'a', 1n, (event) => ({ ...event, data: { forged: true } }));
    expect(await kinds(verifyCheckpoint(store, checkpoint, options))).toEqual(['streamRewritten']);
  });
});
