/**
 * `pnpm --filter @casefold/benchmarks scale [--store sqlite|postgres|both] [--events N]
 * [--requests R] [--dir D] [--json]`: the scale run of issue 17 — not part of `npm test` or
 * `pnpm bench` (at 10 million events it takes tens of minutes and tens of GB).
 *
 * A city of districts, each living a year of the four centres: one district's year is
 * decided by the demo (`casefold demo`, the real command handler), then copied once per
 * district with its case and unit ids renamed (`cityOfDistricts.ts`), and appended through
 * the store's port with the adapter's defaults, 256 streams in flight. Recorded: the append
 * rate of every million events (the first and the last compared), and at 1 million events and
 * at the end, in a fresh process each: the replay of the whole store into case states (rate,
 * RSS) and the load of 1,000 sampled cases (p50/p99); then the case board and the timelines
 * built as rows from position 0 (catch-up rates) and 1,000 queries of each (p50/p99); with
 * the store's bytes on disk (the row tables included).
 * The results go to docs/benchmarks.md with the machine, date and command.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json } from '@casefold/engine';
import { startEmbeddedPostgres } from '@casefold/postgres/testing';
import { districtRenaming, districtStream, districtUnits } from './cityOfDistricts.js';
import { openScaleStore, scaleStoreLocation, storeBytes, type ScaleStoreLocation } from './scaleStores.js';
import { type TemplateYear, templateYear } from './templateYear.js';

const MILLION = 1_000_000;
const IN_FLIGHT = 256;
const SAMPLED_CASES = 1_000;

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const positive = (name: string, fallback: number): number => {
  const text = option(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer, got '${text}'`);
  return value;
};
const targetEvents = positive('events', 10 * MILLION);
const requests = positive('requests', 8_000);
const kinds = ((): ('sqlite' | 'postgres')[] => {
  const store = option('store') ?? 'both';
  if (store === 'both') return ['sqlite', 'postgres'];
  if (store === 'sqlite' || store === 'postgres') return [store];
  throw new RangeError(`--store must be sqlite, postgres or both, got '${store}'`);
})();
const json = args.includes('--json');
const dir = option('dir') ?? mkdtempSync(join(tmpdir(), 'casefold-scale-'));
mkdirSync(dir, { recursive: true });
const REPLAY_CHILD = fileURLToPath(new URL('./replayChild.ts', import.meta.url));
const PROJECTION_CHILD = fileURLToPath(new URL('./projectionChild.ts', import.meta.url));

const say = (line: string): void => void (json ? process.stderr : process.stdout).write(`${line}\n`);

/** Runs one measuring child in a fresh process, so its peak RSS is its own; its last line of output, as JSON. */
const measureIn = (child: string, args: readonly string[]): Record<string, number> => {
  const run = spawnSync(process.execPath, [...process.execArgv, child, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`${child} failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
};

/** Appends districts until `targetEvents`, measuring as it goes; returns the figures. */
const run = async (template: TemplateYear, location: ScaleStoreLocation): Promise<Record<string, Json>> => {
  let store = await openScaleStore(location);
  const districts = Math.ceil(targetEvents / template.events);
  const units = Array.from({ length: districts }, (_, n) => districtUnits(template, districtRenaming(template, n), n === 0)).flat();
  await store.settings.write('directory', units as unknown as Json);
  const sampleFile = join(dir, `sample-${location.kind}.json`);
  const millions: number[] = [];
  const checkpoints: Record<string, Json>[] = [];
  let appended = 0;
  let millionStarted = performance.now();
  const started = performance.now();
  const sampled: string[] = [];
  /** Measures the store as it is now, closed meanwhile (SQLite: one writer; the reads run in another process). */
  const checkpoint = async (label: string): Promise<void> => {
    writeFileSync(sampleFile, JSON.stringify(sampled));
    await store.close();
    const reads = measureIn(REPLAY_CHILD, [JSON.stringify(location), sampleFile]);
    const readModels = measureIn(PROJECTION_CHILD, [JSON.stringify(location), sampleFile, String(appended)]);
    const bytes = await storeBytes(location);
    const figures = { label, events: appended, bytes, ...reads, replayEventsPerS: Math.round((reads['events']! / reads['replayMs']!) * 1000), readModels };
    checkpoints.push(figures);
    say(`  at ${label}: ${JSON.stringify(figures)}`);
  };
  for (let n = 0; n < districts && appended < targetEvents; n++) {
    const renaming = districtRenaming(template, n);
    const streams = template.streams.map((s) => districtStream(s, renaming));
    for (let i = 0; i < streams.length; i += IN_FLIGHT) {
      await Promise.all(
        streams.slice(i, i + IN_FLIGHT).map(async ({ streamId, events }) => {
          await store.events.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
          appended += events.length;
          if (appended >= (millions.length + 1) * MILLION) {
            const now = performance.now();
            millions.push(Math.round(MILLION / ((now - millionStarted) / 1000)));
            millionStarted = now;
          }
        }),
      );
    }
    // Sample streams spread over the whole city: a few of every district, drawn by index.
    const every = Math.max(1, Math.floor((districts * streams.length) / SAMPLED_CASES));
    for (let k = (n * 7919) % every; k < streams.length; k += every) sampled.push(streams[k]!.streamId);
    if (appended >= MILLION && checkpoints.length === 0 && n + 1 < districts) {
      const appendMs = performance.now() - started;
      await checkpoint('1M');
      say(`  (1M reached after ${(appendMs / 1000).toFixed(1)} s of appends)`);
      store = await openScaleStore(location);
      millionStarted = performance.now();
    }
    say(`  district ${n + 1}/${districts}: ${appended.toLocaleString('en')} events`);
  }
  const appendS = (performance.now() - started) / 1000;
  await checkpoint('end');
  return { store: location.kind, events: appended, districts, eventsPerDistrict: template.events, appendS, appendRatePerMillion: millions, checkpoints };
};

say(`casefold scale run — ${new Date().toISOString()} — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB — in ${dir}`);
const template = await templateYear(dir, 'scale', requests);
say(`template year: ${template.events.toLocaleString('en')} events in ${template.streams.length.toLocaleString('en')} streams, ${template.units.length} units`);
const results: Record<string, Json>[] = [];
for (const kind of kinds) {
  say(`${kind}:`);
  const server = kind === 'postgres' ? await startEmbeddedPostgres() : undefined;
  try {
    results.push(await run(template, scaleStoreLocation(kind, dir, server?.url)));
  } finally {
    await server?.destroy();
  }
}
console.log(json ? JSON.stringify(results) : JSON.stringify(results, null, 2));
if (option('dir') === undefined) rmSync(dir, { recursive: true, force: true });
