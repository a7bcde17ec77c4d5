#!/usr/bin/env node
// verify-evidence.mjs — checks a casefold evidence bundle offline (docs/evidence-bundle.md).
//
//   node verify-evidence.mjs BUNDLE --key PUBKEY [--json] [--times]
//
// PUBKEY is the checkpoint signer's public key (the `.pub` file written by `casefold
// checkpoint --new-key`), obtained apart from the bundle: Ed25519 in PEM, or SM2 in PEM or
// hex for a checkpoint taken with --algorithm sm2. It checks, with nothing but node:crypto
// and node:fs (Node >= 20): the bundle is JSON that every reader reads alike (no key twice
// in one object, no number a double cannot hold, no lone surrogate); the checkpoint's
// signature over its RFC 8785 canonical JSON, by the key given (Ed25519; or SM2 with SM3,
// GB/T 32918.2, verified here in BigInt arithmetic); each case's Merkle audit path (RFC 6962
// / RFC 9162, SHA-256 or SM3 as the checkpoint names) from its committed head to the
// checkpoint's root; and each case's SHA-256 hash chain from revision 0 to that head, recomputing every
// event's RFC 8785 canonical JSON. It prints what was proven and what was not, and honest
// time: the proven events recorded more than an hour after they happened ("recorded late",
// from their own occurredAt and recordedAt), and the deadlines the bundle says they met only
// by their date ("met on time, recorded late"), checked against those events (--times: every
// proven event's two times).
//
// Exit codes: 0 verified; 1 not verified (tampered, or not provable: every finding named);
// 2 usage error, or a file that cannot be read or is not an evidence bundle.
// This file imports nothing from casefold: copy it anywhere, or re-implement it from the spec.

import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';

const FORMAT = 'casefold-evidence-bundle';
const VERSION = 1;
const GENESIS = '0'.repeat(64);
const HEX64 = /^[0-9a-f]{64}$/;
const HEX = /^([0-9a-f]{2})+$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
/** An event recorded more than this long after its occurredAt is "recorded late" (casefold's RECORDED_LATE_AFTER_MS: one hour). */
const RECORDED_LATE_AFTER_MS = 60 * 60_000;

/** A file that cannot be verified at all (exit 2). */
class Unusable extends Error {}

// ---------------------------------------------------------------------------------------
// Strict JSON: JSON.parse's reading, refusing what other readers read differently.

/** A number literal's exact decimal value as a comparable key, so that 1.0 and 1 compare equal. */
const decimalKey = (literal) => {
  const negative = literal.startsWith('-');
  const unsigned = negative ? literal.slice(1) : literal;
  const e = unsigned.search(/[eE]/);
  const mantissa = e === -1 ? unsigned : unsigned.slice(0, e);
  let exponent = e === -1 ? 0 : Number(unsigned.slice(e + 1));
  const point = mantissa.indexOf('.');
  let digits = point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  if (point !== -1) exponent -= mantissa.length - point - 1;
  digits = digits.replace(/^0+/, '');
  if (digits === '') return '0';
  const kept = digits.replace(/0+$/, '');
  return `${negative ? '-' : ''}${kept}e${exponent + digits.length - kept.length}`;
};

const isWellFormed = (s) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i += 1;
  }
  return true;
};

/**
 * Parses JSON text as JSON.parse does, but throws { ambiguous: true, message } for a key twice
 * in one object, a number a double cannot hold exactly, or a lone surrogate; and a SyntaxError
 * for text that is not JSON. Objects have no prototype (a key "__proto__" is a plain key).
 */
const parseStrict = (text) => {
  let i = 0;
  const ambiguous = (message, path) => Object.assign(new Error(`${message} at ${path || 'the top'}`), { ambiguous: true });
  const fail = (what) => new SyntaxError(`${what} at character ${i}`);
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = (path) => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) throw fail('a control character in a string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) throw fail('an unterminated string');
    i++;
    const value = JSON.parse(text.slice(start, i));
    if (!isWellFormed(value)) throw ambiguous(`a string with a lone surrogate (${JSON.stringify(value)})`, path);
    return value;
  };
  const value = (path) => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const object = Object.create(null);
      const keys = new Set();
      space();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        space();
        if (text[i] !== '"') throw fail('a key expected');
        const key = string(path);
        const at = path === '' ? key : `${path}.${key}`;
        if (keys.has(key)) throw ambiguous(`the key ${JSON.stringify(key)} appears twice in one object (SQLite's json_extract reads the first value, JSON.parse the last)`, path);
        keys.add(key);
        space();
        if (text[i++] !== ':') throw fail('":" expected');
        object[key] = value(at);
        space();
        const next = text[i++];
        if (next === '}') return object;
        if (next !== ',') throw fail('"," or "}" expected');
      }
    }
    if (c === '[') {
      i++;
      const array = [];
      space();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(value(`${path}[${array.length}]`));
        space();
        const next = text[i++];
        if (next === ']') return array;
        if (next !== ',') throw fail('"," or "]" expected');
      }
    }
    if (c === '"') return string(path);
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))?.[0];
    if (literal === undefined) throw fail('a value expected');
    i += literal.length;
    if (literal === 'true' || literal === 'false' || literal === 'null') return JSON.parse(literal);
    const number = Number(literal);
    if (!Number.isFinite(number) || decimalKey(literal) !== decimalKey(String(number))) throw ambiguous(`the number ${literal} cannot be read exactly (a double holds ${String(number)})`, path);
    return number;
  };
  const result = value('');
  space();
  if (i !== text.length) throw fail('text after the JSON value');
  return result;
};

// ---------------------------------------------------------------------------------------
// RFC 8785 canonical JSON, SHA-256, RFC 6962 Merkle proofs, Ed25519.

const canonical = (v) => {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('a number that is not finite');
    return Object.is(v, -0) ? '0' : String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
    .join(',')}}`;
};

/** The hash function `algorithm` (node:crypto's name: sha256, sm3) over the concatenation of its arguments. */
const digestWith =
  (algorithm) =>
  (...parts) => {
    const h = createHash(algorithm);
    for (const part of parts) h.update(part);
    return h.digest();
  };
const sha256 = digestWith('sha256');

const eventHash = (prevHash, streamId, e, data, metadata) =>
  sha256(Buffer.from(prevHash + canonical({ streamId, revision: e.revision, eventId: e.eventId, type: e.type, data, metadata }), 'utf8')).toString('hex');

const leafHash = (h, streamId, revision, hash) => h(Buffer.of(0), Buffer.from(canonical({ hash, revision, streamId }), 'utf8'));
const nodeHash = (h, left, right) => h(Buffer.of(1), left, right);

/** RFC 9162 §2.1.3.2: the root an audit path leads to with the tree's hash `h`, or null when it cannot be walked. */
const rootOfPath = (h, leaf, leafIndex, treeSize, path) => {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize || !Array.isArray(path)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0 || typeof p !== 'string' || !HEX.test(p)) return null;
    const digest = Buffer.from(p, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(h, digest, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = nodeHash(h, r, digest);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r.toString('hex') : null;
};

// ---------------------------------------------------------------------------------------
// SM2 signature verification (GB/T 32918.2-2016) with SM3, in BigInt arithmetic: node:crypto
// has SM3 but cannot verify SM2 with the standard's signer id (it computes Z without it).

const SM2 = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
/** The signer id GB/T 32918.2 and GM/T 0009 use when none is agreed. */
const SM2_DEFAULT_ID = Buffer.from('1234567812345678', 'utf8');
/** The DER of an SM2 SubjectPublicKeyInfo (id-ecPublicKey, curve 1.2.156.10197.1.301) before the 65-byte point. */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

const mod = (x, m) => ((x % m) + m) % m;
const bytes32 = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const bigOf = (buffer) => BigInt(`0x${buffer.toString('hex') || '0'}`);
const inverse = (x, m) => {
  let [a, b, u, v] = [mod(x, m), m, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b, u, v] = [b - q * a, a, v - q * u, u];
  }
  return mod(v, m);
};
const onSm2Curve = ({ x, y }) => x < SM2.p && y < SM2.p && mod(y * y - (x * x * x + SM2.a * x + SM2.b), SM2.p) === 0n;
/** Affine points; null is the point at infinity. */
const addPoints = (P, Q) => {
  if (P === null) return Q;
  if (Q === null) return P;
  const { p } = SM2;
  if (P.x === Q.x && mod(P.y + Q.y, p) === 0n) return null;
  const l = P.x === Q.x ? mod((3n * P.x * P.x + SM2.a) * inverse(2n * P.y, p), p) : mod((Q.y - P.y) * inverse(Q.x - P.x, p), p);
  const x = mod(l * l - P.x - Q.x, p);
  return { x, y: mod(l * (P.x - x) - P.y, p) };
};
const multiply = (k, P) => {
  let result = null;
  for (let bit = BigInt(k.toString(2).length - 1); bit >= 0n; bit--) {
    result = addPoints(result, result);
    if ((k >> bit) & 1n) result = addPoints(result, P);
  }
  return result;
};

/** Whether r ‖ s (64 bytes) is the SM2-with-SM3 signature of `message` by the public point (65 bytes, 04 ‖ x ‖ y), signer id the default. */
const verifySm2 = (message, signature, point) => {
  if (signature.length !== 64 || point.length !== 65 || point[0] !== 4) return false;
  const P = { x: bigOf(point.subarray(1, 33)), y: bigOf(point.subarray(33)) };
  const r = bigOf(signature.subarray(0, 32));
  const s = bigOf(signature.subarray(32));
  const { n } = SM2;
  if (!onSm2Curve(P) || r < 1n || r >= n || s < 1n || s >= n) return false;
  const sm3 = digestWith('sm3');
  const entl = Buffer.of((SM2_DEFAULT_ID.length * 8) >> 8, (SM2_DEFAULT_ID.length * 8) & 0xff);
  const z = sm3(entl, SM2_DEFAULT_ID, ...[SM2.a, SM2.b, SM2.gx, SM2.gy, P.x, P.y].map(bytes32));
  const e = bigOf(sm3(z, message));
  const t = mod(r + s, n);
  if (t === 0n) return false;
  const X = addPoints(multiply(s, { x: SM2.gx, y: SM2.gy }), multiply(t, P));
  return X !== null && mod(e + X.x, n) === r;
};

/**
 * The key given: an Ed25519 public key (PEM), or an SM2 one (PEM with the SM2 curve, or 130 hex
 * digits 04 ‖ x ‖ y). Returns { signature, hex, verify(message, signature) }: the signature
 * algorithm's name as checkpoints record it, the key as they record it, and its check.
 */
const readPublicKey = (text) => {
  const trimmed = text.trim();
  if (/^04[0-9a-fA-F]{128}$/.test(trimmed)) {
    const point = Buffer.from(trimmed, 'hex');
    return { signature: 'sm2-sm3', hex: trimmed.toLowerCase(), verify: (message, signature) => verifySm2(message, signature, point) };
  }
  let key;
  try {
    key = createPublicKey(trimmed);
  } catch (error) {
    throw new Unusable(`the key is not a public key in PEM, nor an SM2 public key in hex (${error.message})`);
  }
  if (key.asymmetricKeyType === 'ed25519')
    return { signature: 'ed25519', hex: Buffer.from(key.export({ format: 'jwk' }).x, 'base64url').toString('hex'), verify: (message, signature) => verifySignature(null, message, key, signature) };
  const der = key.export({ type: 'spki', format: 'der' });
  if (der.length === SM2_SPKI_PREFIX.length + 65 && der.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)) {
    const point = der.subarray(SM2_SPKI_PREFIX.length);
    return { signature: 'sm2-sm3', hex: point.toString('hex'), verify: (message, signature) => verifySm2(message, signature, point) };
  }
  throw new Unusable(`the key is ${key.asymmetricKeyType === undefined ? 'of an unknown type' : `an ${key.asymmetricKeyType} key`}, not Ed25519 or SM2`);
};

/** The checkpoint algorithms this verifier checks: tree hash → signature. */
const ALGORITHMS = { sha256: 'ed25519', sm3: 'sm2-sm3' };

const CHECKPOINT_KEYS = ['algorithms', 'events', 'format', 'position', 'previous', 'publicKey', 'root', 'signature', 'store', 'streams', 'takenAt', 'version'];
const isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with the checkpoint document's shape, or null. */
const checkpointProblem = (c) => {
  if (!isRecord(c)) return 'it is not an object';
  const extra = Object.keys(c).filter((k) => !CHECKPOINT_KEYS.includes(k));
  const missing = CHECKPOINT_KEYS.filter((k) => !(k in c));
  if (extra.length > 0) return `it has fields the format does not define: ${extra.join(', ')}`;
  if (missing.length > 0) return `it lacks ${missing.join(', ')}`;
  if (c.format !== 'casefold-checkpoint' || c.version !== 1) return 'it is not a casefold checkpoint of version 1';
  if (typeof c.root !== 'string' || !HEX64.test(c.root)) return 'its root is not 64 hex digits';
  if (!Number.isSafeInteger(c.streams) || c.streams < 0) return 'streams is not a count';
  if (typeof c.signature !== 'string' || !HEX.test(c.signature)) return 'its signature is not hex';
  if (typeof c.publicKey !== 'string') return 'its publicKey is not a string';
  if (typeof c.position !== 'string' || !DECIMAL.test(c.position)) return 'its position is not a decimal string';
  return null;
};

// ---------------------------------------------------------------------------------------
// Honest time: when each proven event happened and was recorded (both in its hashed metadata).

const millis = (instant) => (typeof instant === 'string' ? Date.parse(instant) : Number.NaN);

/** A proven event's times: occurredAt and recordedAt from its metadata, recorded late by casefold's threshold, the clocks it stopped. */
const timesOf = (e, metadata) => {
  const occurredAt = typeof metadata?.occurredAt === 'string' ? metadata.occurredAt : null;
  const recordedAt = typeof metadata?.recordedAt === 'string' ? metadata.recordedAt : null;
  const stopped = Array.isArray(metadata?.deadlines?.stopped) ? metadata.deadlines.stopped.filter((r) => typeof r === 'string') : [];
  return { revision: e.revision, type: e.type, occurredAt, recordedAt, recordedLate: millis(recordedAt) - millis(occurredAt) > RECORDED_LATE_AFTER_MS, stopped };
};

/**
 * Checks the bundle's list of deadlines met on time only by an event recorded late against the
 * proven events: each must name a proven event that stopped that rule's clock, with its own
 * occurredAt and recordedAt, recorded late, dated no later than the due time and recorded after
 * it. The due time is the exporter's (it needs a holiday calendar): it is reported, not proven.
 * Returns the entries with `checked` (false: the event's content is not proven here).
 */
const checkOnTimeRecordedLate = (entries, provenTimes, find) => {
  if (entries === undefined || entries === null) return null;
  if (!Array.isArray(entries)) {
    find('malformed', 'onTimeRecordedLate is not a list.');
    return null;
  }
  return entries.map((d) => {
    const t = provenTimes.find((p) => p.revision === d?.revision);
    if (!isRecord(d) || t === undefined) return { ...(isRecord(d) ? d : {}), checked: false };
    const wrong = [];
    if (!t.stopped.includes(d.rule)) wrong.push(`revision ${t.revision} did not stop the clock of ${JSON.stringify(d.rule)}`);
    if (d.stoppedAt !== t.occurredAt) wrong.push(`revision ${t.revision} is dated ${t.occurredAt}, not ${d.stoppedAt}`);
    if (d.recordedAt !== t.recordedAt) wrong.push(`revision ${t.revision} was recorded ${t.recordedAt}, not ${d.recordedAt}`);
    if (!t.recordedLate) wrong.push(`revision ${t.revision} was not recorded late`);
    if (!(millis(t.occurredAt) <= millis(d.dueAt) && millis(d.dueAt) < millis(t.recordedAt))) wrong.push(`the due time ${d.dueAt} is not between its date and its recording`);
    if (wrong.length > 0) find('timeMisstated', `The bundle says deadline ${JSON.stringify(d.rule)} was met on time, recorded late, by revision ${t.revision}, but ${wrong.join('; ')}.`);
    return { ...d, checked: wrong.length === 0 };
  });
};

// ---------------------------------------------------------------------------------------
// The verification.

/**
 * Verifies a bundle's text against a public key (PEM). Returns { findings, cases, checkpoint }:
 * findings name every way the bundle fails (empty: verified); cases say what was proven.
 * Throws Unusable for input that is not a bundle at all.
 */
const verifyBundle = (bundleText, publicKeyPem) => {
  const findings = [];
  const find = (kind, where, message) => findings.push({ kind, ...where, message });
  let bundle;
  try {
    bundle = parseStrict(bundleText);
  } catch (error) {
    if (!error.ambiguous) throw new Unusable(`the bundle is not JSON (${error.message})`);
    find('ambiguous', {}, `The bundle's JSON is read differently by different readers: ${error.message}.`);
    bundle = JSON.parse(bundleText);
  }
  if (!isRecord(bundle) || bundle.format !== FORMAT) throw new Unusable(`the file is not a casefold evidence bundle (its format is not "${FORMAT}")`);
  if (bundle.version !== VERSION) throw new Unusable(`the bundle's version is ${JSON.stringify(bundle.version)}; this verifier reads version ${VERSION}`);

  const key = readPublicKey(publicKeyPem);
  const keyHex = key.hex;
  let treeHash = sha256;

  // The checkpoint: its shape, the signer, the signature.
  const checkpoint = bundle.checkpoint;
  const problem = checkpointProblem(checkpoint);
  let checkpointTrusted = problem === null;
  if (problem !== null) find('checkpointMalformed', {}, `The checkpoint in the bundle is malformed: ${problem}.`);
  else {
    const { hash: hashName, signature: signatureName } = isRecord(checkpoint.algorithms) ? checkpoint.algorithms : {};
    if (!Object.hasOwn(ALGORITHMS, hashName) || ALGORITHMS[hashName] !== signatureName)
      throw new Unusable(`the checkpoint uses ${hashName} and ${signatureName}; this verifier checks sha256 with ed25519, and sm3 with sm2-sm3`);
    if (key.signature !== signatureName) throw new Unusable(`the checkpoint is signed with ${signatureName}, but the key given is an ${key.signature} key: give the signer's ${signatureName} public key`);
    treeHash = digestWith(hashName);
    const { signature, ...signed } = checkpoint;
    if (checkpoint.publicKey !== keyHex) {
      checkpointTrusted = false;
      find('keyDiffers', {}, `The checkpoint was signed by key ${checkpoint.publicKey}, not by the key given (${keyHex}): it is not the signer's checkpoint, or the wrong key was given.`);
    } else if (!key.verify(Buffer.from(canonical(signed), 'utf8'), Buffer.from(signature, 'hex'))) {
      checkpointTrusted = false;
      find('signatureInvalid', {}, "The checkpoint's signature does not match its content: the checkpoint was edited after it was signed.");
    }
  }

  const cases = Array.isArray(bundle.cases) ? bundle.cases : [];
  if (!Array.isArray(bundle.cases) || cases.length === 0) find('malformed', {}, 'The bundle holds no cases.');
  const streamIds = cases.filter(isRecord).map((c) => c.streamId).filter((s) => typeof s === 'string');
  const seen = new Set();
  const proven = [];
  for (const [index, c] of cases.entries()) {
    const where = { case: isRecord(c) && typeof c.caseId === 'string' ? c.caseId : `#${index}` };
    const problemOf = () => {
      if (!isRecord(c) || typeof c.streamId !== 'string') return 'it has no streamId';
      if (c.caseId !== null && c.streamId !== `case-${c.caseId}`) return `its stream '${c.streamId}' is not case ${c.caseId}'s`;
      if (!isRecord(c.committed) || typeof c.committed.revision !== 'string' || !DECIMAL.test(c.committed.revision) || !HEX64.test(c.committed.hash ?? '')) return 'committed is not { revision, hash }';
      if (!isRecord(c.proof) || !Array.isArray(c.events)) return 'it has no proof or no events';
      return null;
    };
    const shape = problemOf();
    if (shape !== null) {
      find('malformed', where, `Case ${where.case} is malformed: ${shape}.`);
      continue;
    }
    const { streamId, committed, proof, events } = c;
    if (seen.has(streamId)) find('malformed', where, `Stream '${streamId}' appears twice in the bundle.`);
    seen.add(streamId);

    // The committed head is in the checkpoint's tree.
    const root = rootOfPath(treeHash, leafHash(treeHash, streamId, committed.revision, committed.hash), proof.leafIndex, proof.treeSize, proof.path);
    const inTree = root !== null && problem === null && root === checkpoint.root && proof.treeSize === checkpoint.streams;
    if (!inTree && problem === null)
      find('proofInvalid', where, `The head of ${streamId} (revision ${committed.revision}, hash ${committed.hash}) is not in the checkpoint's Merkle tree: its audit path does not lead to the signed root (the case's head or its proof was changed).`);

    // The chain, revision 0 to the committed head.
    const n = events.length;
    const revisionOf = (e) => (isRecord(e) && typeof e.revision === 'string' && DECIMAL.test(e.revision) ? BigInt(e.revision) : null);
    const revisions = events.map(revisionOf);
    const ordered = revisions.every((r, i) => r !== null && (i === 0 || r > revisions[i - 1]));
    const contentOk = new Array(n).fill(false);
    const metadataOf = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      const e = events[i];
      const r = revisions[i];
      const at = { ...where, revision: r === null ? `#${i}` : String(r) };
      if (r === null || !HEX64.test(e.hash ?? '') || !HEX64.test(e.prevHash ?? '')) {
        find('malformed', at, `Event #${i} of ${streamId} is malformed (revision, hash or prevHash).`);
        continue;
      }
      if (ordered && r !== BigInt(i)) {
        const from = i === 0 ? 0n : revisions[i - 1] + 1n;
        if (i === 0 || revisions[i - 1] === BigInt(i - 1)) find('removed', at, `${streamId}: revision${r - from === 1n ? ` ${from} was` : `s ${from}..${r - 1n} were`} removed from the bundle (the events jump to revision ${r}).`);
      }
      if (!ordered && i > 0 && revisions[i - 1] !== null && r <= revisions[i - 1])
        find(r === revisions[i - 1] ? 'inserted' : 'reordered', at, `${streamId}: revision ${r} comes after revision ${revisions[i - 1]}: the events were ${r === revisions[i - 1] ? 'duplicated' : 'reordered'}.`);
      const expectedPrev = i === 0 ? GENESIS : events[i - 1]?.hash;
      if (ordered && r === BigInt(i) && e.prevHash !== expectedPrev)
        find('linkBroken', at, `${streamId} revision ${r}: prevHash ${e.prevHash} is not the hash of ${i === 0 ? 'nothing (the genesis hash)' : `revision ${i - 1}`}: an event before it was changed, removed or inserted.`);
      if ('redacted' in e) continue;
      if (typeof e.data !== 'string' || typeof e.metadata !== 'string' || typeof e.eventId !== 'string' || typeof e.type !== 'string') {
        find('malformed', at, `${streamId} revision ${r}: eventId, type, data and metadata must be strings (data and metadata: the stored JSON texts).`);
        continue;
      }
      let data;
      let metadata;
      try {
        data = parseStrict(e.data);
        metadata = parseStrict(e.metadata);
      } catch (error) {
        find(error.ambiguous ? 'ambiguous' : 'changed', at, `${streamId} revision ${r}: its stored JSON ${error.ambiguous ? 'is read differently by different readers' : 'does not parse'}: ${error.message}.`);
        continue;
      }
      if (eventHash(e.prevHash, streamId, e, data, metadata) === e.hash) {
        contentOk[i] = true;
        metadataOf[i] = metadata;
        continue;
      }
      const owner = streamIds.find((other) => other !== streamId && eventHash(e.prevHash, other, e, data, metadata) === e.hash);
      if (owner !== undefined) find('swapped', at, `${streamId} revision ${r} is an event of ${owner}, not of this case: events were swapped between cases.`);
      else find('changed', at, `${streamId} revision ${r} (${e.type}): its content does not match its hash: the event's data, metadata, id or type was edited.`);
    }
    const last = revisions[n - 1];
    if (n === 0) find('truncated', where, `${streamId}: the bundle holds no events, but the checkpoint committed to revisions 0..${committed.revision}.`);
    else if (last !== null && last < BigInt(committed.revision))
      find('truncated', where, `${streamId}: the bundle ends at revision ${last}, but the checkpoint committed to revision ${committed.revision}: ${last + 1n === BigInt(committed.revision) ? `revision ${committed.revision} was` : `revisions ${last + 1n}..${committed.revision} were`} cut off.`);
    else if (last !== null && last > BigInt(committed.revision))
      find('malformed', where, `${streamId}: the bundle holds revision ${last}, past the committed head ${committed.revision}: later events belong in notCovered.`);
    else if (last !== null && events[n - 1].hash !== committed.hash)
      find('headDiffers', where, `${streamId}: the last event's hash ${events[n - 1].hash} is not the committed head's (${committed.hash}): the tail was rewritten.`);

    // What is proven: walk back from the committed head while each link holds.
    const caseFindings = findings.filter((f) => f.case === where.case).length;
    let anchored = checkpointTrusted && inTree && caseFindings === 0 && n > 0;
    const contentProven = [];
    const positionProven = [];
    const unproven = [];
    for (let i = n - 1; i >= 0; i--) {
      const e = events[i];
      if (!anchored) {
        unproven.push(e.revision);
        continue;
      }
      if ('redacted' in e) {
        positionProven.push(e.revision);
        anchored = false; // its hash cannot be recomputed without its content: nothing before it is tied to the head.
      } else if (contentOk[i]) contentProven.push(e.revision);
      else anchored = false;
    }
    if (unproven.length > 0 && caseFindings === 0 && checkpointTrusted && inTree)
      find('unproven', where, `${streamId}: revisions ${unproven[unproven.length - 1]}..${unproven[0]} come before a withheld event, so they cannot be tied to the checkpoint (a withheld event's hash cannot be recomputed).`);
    const notCovered = Array.isArray(c.notCovered) ? c.notCovered.map((u) => u?.revision) : [];
    const provenTimes = events.flatMap((e, i) => (contentProven.includes(e.revision) ? [timesOf(e, metadataOf[i])] : []));
    const onTimeRecordedLate = checkOnTimeRecordedLate(c.onTimeRecordedLate, provenTimes, (kind, message) => find(kind, where, message));
    proven.push({
      caseId: c.caseId,
      streamId,
      committedRevision: committed.revision,
      contentProven: contentProven.reverse(),
      withheldPositionProven: positionProven.reverse(),
      notCovered,
      times: provenTimes,
      recordedLate: provenTimes.filter((t) => t.recordedLate).map((t) => t.revision),
      onTimeRecordedLate,
    });
  }
  return { findings, cases: proven, checkpoint: problem === null ? checkpoint : null };
};

// ---------------------------------------------------------------------------------------
// The command line.

const range = (revisions) => (revisions.length === 0 ? 'none' : revisions.length === 1 ? `revision ${revisions[0]}` : `revisions ${revisions[0]}..${revisions[revisions.length - 1]}`);

const main = (argv) => {
  const args = [...argv];
  const json = args.includes('--json');
  const showTimes = args.includes('--times');
  const keyAt = args.indexOf('--key');
  const keyFile = keyAt === -1 ? undefined : args[keyAt + 1];
  const rest = args.filter((a, i) => a !== '--json' && a !== '--times' && i !== keyAt && i !== keyAt + 1);
  if (keyFile === undefined || rest.length !== 1 || rest[0].startsWith('--')) {
    process.stderr.write('usage: node verify-evidence.mjs BUNDLE --key PUBKEY [--json] [--times]\n  PUBKEY: the checkpoint signer\'s public key (Ed25519 PEM; SM2 PEM or hex), obtained apart from the bundle.\n');
    return 2;
  }
  const read = (file, what) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Unusable(`cannot read the ${what} ${file} (${error.message})`);
    }
  };
  let result;
  try {
    result = verifyBundle(read(rest[0], 'bundle'), read(keyFile, 'key'));
  } catch (error) {
    if (!(error instanceof Unusable)) throw error;
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, unusable: error.message })}\n`);
    process.stderr.write(`verify-evidence: ${error.message}\n`);
    return 2;
  }
  const { findings, cases, checkpoint } = result;
  const ok = findings.length === 0;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok, findings, recordedLateAfterMs: RECORDED_LATE_AFTER_MS, cases, checkpoint: checkpoint && { store: checkpoint.store, position: checkpoint.position, takenAt: checkpoint.takenAt, root: checkpoint.root, publicKey: checkpoint.publicKey } }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  const lines = [];
  if (ok) {
    lines.push(
      `VERIFIED: ${rest[0]} is evidence from checkpoint of store ${checkpoint.store} at position ${checkpoint.position} (taken ${checkpoint.takenAt} by the signer's clock), signed by the key given (${checkpoint.publicKey}).`,
    );
  } else {
    lines.push(`NOT VERIFIED: ${rest[0]} (${findings.length} finding${findings.length === 1 ? '' : 's'}):`);
    for (const f of findings) lines.push(`  ${f.kind}${f.case === undefined ? '' : ` [case ${f.case}${f.revision === undefined ? '' : `, revision ${f.revision}`}]`}: ${f.message}`);
    lines.push('What is listed below as proven holds only if no finding above concerns it.');
  }
  for (const c of cases) {
    lines.push(`Case ${c.caseId ?? '(none)'} (stream ${c.streamId}), committed head revision ${c.committedRevision}:`);
    lines.push(`  proven, content and place in the chain: ${range(c.contentProven)}`);
    if (c.withheldPositionProven.length > 0) lines.push(`  redacted: content withheld, chain position proven: ${c.withheldPositionProven.map((r) => `revision ${r}`).join(', ')}`);
    if (c.notCovered.length > 0) lines.push(`  not covered (recorded after the checkpoint): ${c.notCovered.map((r) => `revision ${r}`).join(', ')}`);
    if (showTimes) for (const t of c.times) lines.push(`  #${t.revision.padStart(3)}  occurred ${t.occurredAt}  recorded ${t.recordedAt}${t.recordedLate ? ' (recorded late)' : ''}  ${t.type}`);
    const late = c.times.filter((t) => t.recordedLate);
    lines.push(`  recorded late (more than ${RECORDED_LATE_AFTER_MS / 60_000} minutes after it happened): ${late.length === 0 ? 'none' : late.map((t) => `revision ${t.revision} (${t.type}: occurred ${t.occurredAt}, recorded ${t.recordedAt}${t.stopped.length === 0 ? '' : `; stopped ${t.stopped.join(', ')}`})`).join('; ')}`);
    for (const d of c.onTimeRecordedLate ?? [])
      lines.push(`  met on time, recorded late: ${d.rule} (${d.label}), due ${d.dueAt} (by the exporter's calendar), met by revision ${d.revision} dated ${d.stoppedAt}, recorded ${d.recordedAt}${d.checked ? '' : ' (not checked: that event is not proven here)'}`);
  }
  (ok ? process.stdout : process.stdout).write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
};

process.exitCode = main(process.argv.slice(2));
