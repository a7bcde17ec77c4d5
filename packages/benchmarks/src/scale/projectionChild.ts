/**
 * A fresh process that measures the row read models of a scale run's store:
 * `projectionChild.ts LOCATION-JSON SAMPLE-FILE EVENTS`. Builds the case board and the timelines as
 * rows (`caseBoardRows`, `caseTimelineRows`) from position 0 into the store's own row tables
 * (the catch-up rate of each), then times 1,000 queries of each: the first page (20) of one
 * sub-district's open cases, and one sampled case's timeline. The timelines (a row per event)
 * are built over the first million events at most, and queried for the sampled cases of those
 * events' districts: a rate per event needs no more, and at 10M the whole build would take most
 * of an hour here. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { type Unit, caseBoardQuery, caseBoardRows, caseTimelineQuery, caseTimelineRows, createDirectory, shippedWorkflows } from '@casefold/core';
import { caseEventCodec, startRowProjection } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { peakRssMb } from '../harness/peakRss.js';
import { openScaleStore, type ScaleStoreLocation } from './scaleStores.js';

const [locationJson, sampleFile, eventsText] = process.argv.slice(2);
const location = JSON.parse(locationJson!) as ScaleStoreLocation;
const sample = JSON.parse(readFileSync(sampleFile!, 'utf8')) as string[];
const codec = caseEventCodec({ workflows: shippedWorkflows });
const store = await openScaleStore(location);
const rowStore = store.rowProjections;
const directory = E.getOrElseW((problems) => {
  throw new Error(`the store's directory is invalid: ${JSON.stringify(problems).slice(0, 500)}`);
})(createDirectory((await store.settings.read('directory')) as unknown as Unit[]));
const last = await store.readLastPosition();

const percentile = (values: number[], q: number): number => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const timed = async (queries: readonly (() => Promise<unknown>)[]): Promise<{ p50: number; p99: number }> => {
  const ms: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    await query();
    ms.push(performance.now() - started);
  }
  return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
};

// From position 0 each time: a run measured at 1M keeps its tables, which the run at the end must not continue.
await rowStore.delete(caseBoardRows(directory).name);
await rowStore.delete(caseTimelineRows.name);
const boardStarted = performance.now();
const boardRows = caseBoardRows(directory);
const board = await startRowProjection({ store: store.events, rowStore, projection: boardRows, decode: codec.decode, batchSize: 2_000 });
await board.waitFor(last, { timeoutMs: 24 * 3_600_000 });
const boardMs = performance.now() - boardStarted;
const subDistricts = [...directory.units.values()].filter((u) => u.level === 'subDistrict').map((u) => u.id);
const boardQuery = await timed(Array.from({ length: 1_000 }, (_, i) => () => board.query(caseBoardQuery(directory, { unit: subDistricts[(i * 7919) % subDistricts.length]!, open: true, limit: 20 }))));
await board.stop();

const TIMELINE_CAP = 1_000_000;
const timelineEvents = Math.min(Number(eventsText), TIMELINE_CAP);
// The build is timed up to its cap'th event decoded, then stopped (which commits what was folded):
// positions are not event counts (PostgreSQL's start from a base), so the cap is counted, not read off a position.
let decoded = 0;
let capReached: () => void = () => undefined;
const atCap = new Promise<void>((resolve) => (capReached = resolve));
const countingDecode: typeof codec.decode = (recorded) => {
  decoded += 1;
  if (decoded === timelineEvents) capReached();
  return codec.decode(recorded);
};
const timelineStarted = performance.now();
const timelines = await startRowProjection({ store: store.events, rowStore, projection: caseTimelineRows, decode: countingDecode, batchSize: 2_000 });
await atCap;
await timelines.stop();
const timelineMs = performance.now() - timelineStarted;
// The sample lists a few cases of every district in append order: those of the districts built.
const caseIds = sample.slice(0, Math.max(1, Math.floor((sample.length * timelineEvents) / Number(eventsText)))).map((streamId) => streamId.replace(/^case-/, ''));
const timelineQuery = await timed(Array.from({ length: 1_000 }, (_, i) => () => rowStore.query(caseTimelineRows, caseTimelineQuery(caseIds[i % caseIds.length]!, { limit: 50 }))));
await store.close();

const events = Number(eventsText);
console.log(
  JSON.stringify({
    boardCatchUpEventsPerS: Math.round(events / (boardMs / 1000)),
    boardQueryP50Ms: boardQuery.p50,
    boardQueryP99Ms: boardQuery.p99,
    timelineCatchUpEventsPerS: Math.round(timelineEvents / (timelineMs / 1000)),
    timelineEvents,
    timelineQueryP50Ms: timelineQuery.p50,
    timelineQueryP99Ms: timelineQuery.p99,
    peakRssMb: peakRssMb(),
  }),
);
