import { createPrivateKey, hash as oneShotHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { CheckpointKeyError } from './checkpointErrors.js';

/** A hash function for checkpoints: the Merkle tree's leaves and nodes, and the digest that chains checkpoints. */
export interface HashProvider {
  /** The algorithm's name as a checkpoint records it, e.g. `sha256`, `sm3`. */
  readonly name: string;
  hash(bytes: Uint8Array): Uint8Array;
}

/**
 * A signature scheme for checkpoints. Keys are text in the scheme's usual form (PEM for
 * Ed25519; PEM or hex for SM2, see `@casefold/engine/sm2`); a checkpoint records the public
 * key as {@link publicKeyText} gives it, so that a verifier can tell a key that does not
 * match from a bad signature.
 */
export interface SignatureProvider {
  /** The algorithm's name as a checkpoint records it, e.g. `ed25519`, `sm2-sm3`. */
  readonly name: string;
  /** The public key belonging to `privateKey`. @throws CheckpointKeyError on a key it cannot read. */
  publicKeyOf(privateKey: string): string;
  /** `publicKey` in the one text form a checkpoint records (two encodings of one key give the same text). @throws CheckpointKeyError */
  publicKeyText(publicKey: string): string;
  /** @throws CheckpointKeyError on a key it cannot read. */
  sign(message: Uint8Array, privateKey: string): Uint8Array;
  /** Whether `signature` is `publicKey`'s over `message`; `false`, never a throw, for a signature of the wrong shape. @throws CheckpointKeyError */
  verify(message: Uint8Array, signature: Uint8Array, publicKey: string): boolean;
}

/** SHA-256 (node:crypto): the default hash of checkpoints, as of the event chains. */
export const sha256: HashProvider = {
  name: 'sha256',
  hash: (bytes) => oneShotHash('sha256', bytes, 'buffer'),
};

/**
 * SM3 (GB/T 32905-2016) from node:crypto (Node's OpenSSL): the hash of checkpoints signed
 * with SM2 (`sm2WithSm3` from `@casefold/engine/sm2`). A 32-byte digest, as SHA-256's; the
 * events' own chains stay SHA-256. Throws at first use on a Node built without SM3.
 */
export const sm3: HashProvider = {
  name: 'sm3',
  hash: (bytes) => oneShotHash('sm3', bytes, 'buffer'),
};

const readKey = <T>(read: () => T, what: string): T => {
  try {
    return read();
  } catch (error) {
    throw new CheckpointKeyError(`an Ed25519 ${what} key in PEM (${(error as Error).message})`, { cause: error });
  }
};

const privateKeyObject = (pem: string): KeyObject => {
  const key = readKey(() => createPrivateKey(pem), 'private');
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError(`an Ed25519 private key, not ${key.asymmetricKeyType ?? 'an unknown'} key`);
  return key;
};

/** Accepts a public key, or a private key (whose public key it then is). */
const publicKeyObject = (pem: string): KeyObject => {
  const key = readKey(() => createPublicKey(pem), 'public');
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError(`an Ed25519 public key, not ${key.asymmetricKeyType ?? 'an unknown'} key`);
  return key;
};

/** The raw 32 bytes of an Ed25519 public key, in hex (RFC 8032's encoding). */
const rawPublicKeyHex = (key: KeyObject): string => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

/**
 * Ed25519 (node:crypto): the default signature of checkpoints. Keys in PEM (PKCS #8
 * private, SPKI public, as {@link generateEd25519KeyPair} writes them); a checkpoint
 * records the public key as the hex of its raw 32 bytes (RFC 8032).
 */
export const ed25519: SignatureProvider = {
  name: 'ed25519',
  publicKeyOf: (privateKey) => publicKeyObject(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  publicKeyText: (publicKey) => rawPublicKeyHex(publicKeyObject(publicKey)),
  sign: (message, privateKey) => sign(null, message, privateKeyObject(privateKey)),
  verify: (message, signature, publicKey) => signature.length === 64 && verify(null, message, publicKeyObject(publicKey), signature),
};

/** A new Ed25519 key pair in PEM: PKCS #8 private key, SPKI public key. */
export const generateEd25519KeyPair = (): { readonly privateKey: string; readonly publicKey: string } =>
  generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
