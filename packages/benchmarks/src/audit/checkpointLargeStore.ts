/**
 * Child process of the large-store checkpoint benchmark: opens the SQLite store given, takes
 * a checkpoint of it, and prints the time, the counts and the peak RSS of this process as
 * one JSON line (a fresh process, so the peak is the checkpoint's, not the build's).
 */
import { generateEd25519KeyPair, takeCheckpoint, verifyCheckpoint } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { peakRssMb } from '../harness/peakRss.js';

const [fileName, what] = process.argv.slice(2);
const store = getSqliteEventStore({ fileName: fileName! });
const { privateKey, publicKey } = generateEd25519KeyPair();
const rssBefore = process.memoryUsage.rss();
let started = performance.now();
const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'bench', privateKey });
const takeMs = performance.now() - started;
let verifyMs: number | null = null;
if (what === 'verify') {
  started = performance.now();
  await verifyCheckpoint(store, checkpoint, { publicKey, leaves });
  verifyMs = performance.now() - started;
}
await store.close();
console.log(JSON.stringify({ takeMs, verifyMs, events: checkpoint.events, streams: checkpoint.streams, rssBeforeMb: rssBefore / 2 ** 20, peakRssMb: peakRssMb() }));
