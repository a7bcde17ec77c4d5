/**
 * `casefold demo` end to end, as a user runs it: `node scripts/run.mjs demo` (the quick
 * start, `npm run demo`) into a new temp file, the default year (8,000 requests), timed around the
 * whole process (start-up, simulation through the command handler, SQLite, the verified
 * rebuild of the read model, printing). Figures are medians of alternating runs.
 *
 * Environment: `CASEFOLD_DEMO_BASELINE` names another entry of the CLI to time beside it on
 * the same seed and size (e.g. `scripts/run.mjs` of an older checkout, or the `main.js` of
 * an older bundle); `CASEFOLD_DEMO_CASES` (`--cases`; unset, each entry's own default size) and
 * `CASEFOLD_DEMO_REPEATS` (default 5).
 * See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchmarkSuite, type Measurement, median } from '../harness/benchHarness.js';

/** The quick start's entry in this checkout. */
const RUN_MJS = fileURLToPath(new URL('../../../../scripts/run.mjs', import.meta.url));
const SEED = '2025';

/** The demo's 10-second promise (docs/cli.md), in ms. */
export const DEMO_BUDGET_MS = 10_000;

const positiveInteger = <F>(name: string, fallback: F): number | F => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got '${text}'`);
  return value;
};

/** One timed `demo --json` run of `entry` into a new file: wall time and events written. */
const timedDemo = (entry: string, cases: number | null): { readonly ms: number; readonly events: number } => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-demo-'));
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, [entry, 'demo', '--db', join(dir, 'demo.db'), ...(cases === null ? [] : ['--cases', String(cases)]), '--seed', SEED, '--json'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 2 ** 20,
    });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`${entry} demo exited with ${run.status}: ${run.stderr.slice(-2000)}`);
    // run.mjs may print what an install did first (when the lockfile changed); the result is the JSON object after it.
    const result = run.stdout.slice(Math.max(0, run.stdout.search(/^\{/m)));
    return { ms, events: (JSON.parse(result) as { events: number }).events };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const demoSuite: BenchmarkSuite = {
  id: 'demo',
  name: 'demo (casefold demo, end to end)',
  run: async () => {
    const cases = positiveInteger('CASEFOLD_DEMO_CASES', null);
    const repeats = positiveInteger('CASEFOLD_DEMO_REPEATS', 5);
    const baseline = process.env['CASEFOLD_DEMO_BASELINE'];
    // A first run builds the bundle (a fresh clone's first `npm run demo`): not measured.
    timedDemo(RUN_MJS, 20);
    const runs: { ms: number; events: number }[] = [];
    const baseRuns: { ms: number; events: number }[] = [];
    for (let i = 0; i < repeats; i++) {
      if (baseline !== undefined && baseline !== '') baseRuns.push(timedDemo(baseline, cases));
      runs.push(timedDemo(RUN_MJS, cases));
    }
    const ms = median(runs.map((r) => r.ms));
    const rate = median(runs.map((r) => r.events / (r.ms / 1000)));
    const label = `${cases === null ? 'default size' : `--cases ${cases.toLocaleString('en')}`}, seed ${SEED}`;
    const measurements: Measurement[] = [
      { name: `demo wall time (${label}; budget ${DEMO_BUDGET_MS / 1000} s)`, value: ms, unit: 'ms' },
      { name: `demo events stored per second of wall time (${runs[0]!.events.toLocaleString('en')} events)`, value: rate, unit: 'events/s' },
    ];
    if (baseRuns.length > 0) {
      const baseMs = median(baseRuns.map((r) => r.ms));
      measurements.push({ name: `demo wall time beside CASEFOLD_DEMO_BASELINE (${label})`, value: ms, unit: 'ms', baseline: baseMs, ratio: baseMs / ms });
    }
    return measurements;
  },
};

export const benchmarks: readonly BenchmarkSuite[] = [demoSuite];
