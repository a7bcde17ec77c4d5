/**
 * Child process of the evidence benchmark: opens the SQLite store given, takes a checkpoint
 * of it, builds the evidence bundle of one stream (`buildEvidenceBundle`), writes it to the
 * bundle file given, then verifies the bundle with the library's functions (signature,
 * Merkle audit path, hash chain recomputed from the stored text). Prints the times and RSS
 * as one JSON line (a fresh process, so the figures are the evidence's, not the build's).
 */
import { writeFileSync } from 'node:fs';
import { shippedWorkflows } from '@casefold/core';
import {
  GENESIS_HASH,
  buildEvidenceBundle,
  ed25519,
  eventHashOfJson,
  evidenceBundleText,
  generateEd25519KeyPair,
  rootOfInclusionProof,
  sha256,
  signedMessage,
  takeCheckpoint,
  type EvidenceBundle,
} from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { peakRssMb } from '../harness/peakRss.js';
import * as E from 'fp-ts/lib/Either.js';

/** The library's checks of a bundle's one case: what the standalone verifier checks, with @casefold/engine's functions. */
const verifyWithLibrary = (text: string, publicKey: string): boolean => {
  const bundle = JSON.parse(text) as EvidenceBundle;
  const { checkpoint } = bundle;
  const signed = ed25519.verify(signedMessage(checkpoint), Buffer.from(checkpoint.signature, 'hex'), publicKey);
  return (
    signed &&
    bundle.cases.every((one) => {
      const head = { streamId: one.streamId, revision: BigInt(one.committed.revision), hash: one.committed.hash };
      let prevHash = GENESIS_HASH;
      for (const event of one.events) {
        if (!('data' in event) || event.prevHash !== prevHash) return false;
        const hash = eventHashOfJson(prevHash, {
          streamId: one.streamId,
          revision: BigInt(event.revision),
          eventId: event.eventId,
          type: event.type,
          dataJson: event.data,
          metadataJson: event.metadata,
        });
        if (hash !== event.hash) return false;
        prevHash = hash;
      }
      return prevHash === head.hash && rootOfInclusionProof(head, one.proof, sha256) === checkpoint.root;
    })
  );
};

const [fileName, streamId, bundleFile] = process.argv.slice(2);
const store = getSqliteEventStore({ fileName: fileName! });
const { privateKey, publicKey } = generateEd25519KeyPair();
const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'bench', privateKey });
const rssBeforeMb = process.memoryUsage.rss() / 2 ** 20;
let started = performance.now();
const made = await buildEvidenceBundle(store, { checkpoint, leaves, streamIds: [streamId!], storeId: 'bench', workflows: shippedWorkflows });
if (E.isLeft(made)) throw new Error(made.left.message);
const text = evidenceBundleText(made.right.bundle);
writeFileSync(bundleFile!, text);
const buildMs = performance.now() - started;
const rssAfterBuildMb = process.memoryUsage.rss() / 2 ** 20;
started = performance.now();
const verified = verifyWithLibrary(text, publicKey);
const verifyMs = performance.now() - started;
writeFileSync(`${bundleFile!}.pub`, publicKey);
await store.close();
console.log(
  JSON.stringify({
    buildMs,
    verifyMs,
    verified,
    bundleBytes: Buffer.byteLength(text),
    events: made.right.bundle.cases[0]!.events.length,
    streams: checkpoint.streams,
    rssBeforeMb,
    rssAfterBuildMb,
    peakRssMb: peakRssMb(),
  }),
);
