/**
 * A fresh process (so its peak RSS is its own) that measures reads of a scale run's store:
 * `replayChild.ts LOCATION-JSON SAMPLE-FILE`. Prints one JSON line: the replay of the whole
 * store in position order into case states (decoded with the CLI's codec of every shipped
 * kind; a case's state is dropped when it closes, so memory holds the open cases), and the
 * load of each sampled case (its stream read, decoded and folded), with p50/p99. Besides the
 * peak RSS, the replay samples the V8 heap in use and the memory held outside it (Buffers, e.g.
 * a driver's socket chunks) every 65,536 events, so a large peak can be told apart: live
 * objects, or memory the garbage collector had not yet given back.
 */
import { readFileSync } from 'node:fs';
import { type CaseState, evolve, initialState, shippedWorkflows } from '@casefold/core';
import { caseEventCodec } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { peakRssMb } from '../harness/peakRss.js';
import { openScaleStore, type ScaleStoreLocation } from './scaleStores.js';

const [locationJson, sampleFile] = process.argv.slice(2);
const location = JSON.parse(locationJson!) as ScaleStoreLocation;
const sample = JSON.parse(readFileSync(sampleFile!, 'utf8')) as string[];
const codec = caseEventCodec({ workflows: shippedWorkflows });
const store = await openScaleStore(location);

const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
const replayStarted = performance.now();
const open = new Map<string, CaseState>();
let events = 0;
let peakHeapUsedMb = 0;
let peakExternalMb = 0;
for await (const recorded of store.events.readAll()) {
  const decoded = codec.decode(recorded);
  if (E.isLeft(decoded)) throw new Error(`event ${recorded.position} of ${recorded.streamId} does not decode: ${decoded.left.message}`);
  events += 1;
  if ((events & 0xffff) === 0) {
    const { heapUsed, external } = process.memoryUsage();
    peakHeapUsedMb = Math.max(peakHeapUsedMb, heapUsed / 2 ** 20);
    peakExternalMb = Math.max(peakExternalMb, external / 2 ** 20);
  }
  if (decoded.right.type === 'Closed') open.delete(recorded.streamId);
  else open.set(recorded.streamId, evolve(open.get(recorded.streamId) ?? initialState, decoded.right));
}
const replayMs = performance.now() - replayStarted;

const loads: number[] = [];
for (const streamId of sample) {
  const started = performance.now();
  let state = initialState;
  for await (const recorded of store.events.readStream(streamId)) {
    const decoded = codec.decode(recorded);
    if (E.isLeft(decoded)) throw new Error(`event ${recorded.position} of ${streamId} does not decode: ${decoded.left.message}`);
    state = evolve(state, decoded.right);
  }
  loads.push(performance.now() - started);
  if (state.revision < 0) throw new Error(`the sampled case ${streamId} is not in the store`);
}
await store.close();
loads.sort((a, b) => a - b);
const at = (q: number): number => loads[Math.min(loads.length - 1, Math.floor(q * loads.length))]!;
console.log(
  JSON.stringify({ events, replayMs, openCases: open.size, rssBeforeMb, peakRssMb: peakRssMb(), peakHeapUsedMb, peakExternalMb, loadP50Ms: at(0.5), loadP99Ms: at(0.99), loads: loads.length }),
);
