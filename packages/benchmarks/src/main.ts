/**
 * `pnpm bench [--json] [filter…]`: runs the benchmarks of every package (a folder per
 * package here, its index exporting `benchmarks`), each measurement side by side with its
 * baseline from the same run. Human output is a table; `--json` prints one JSON object per
 * measurement, naming its suite by the suite's stable id (`{"suite":"sqlite-store-10k",
 * "name":…}`); `--help` says this and lists the suites. A filter picks the suites whose id
 * or title contains it.
 */
import { cpus, totalmem } from 'node:os';
import { benchmarks as audit, onDemandBenchmarks as auditOnDemand } from './audit/index.js';
import { benchmarks as core } from './core/index.js';
import { benchmarks as dashboard } from './dashboard/index.js';
import { benchmarks as demo } from './demo/index.js';
import { benchmarks as engine } from './engine/index.js';
import { benchmarks as eventstoredb } from './eventstoredb/index.js';
import type { BenchmarkSuite, Measurement } from './harness/benchHarness.js';
import { benchmarks as postgres } from './postgres/index.js';
import { benchmarks as readModels } from './readModels/index.js';
import { benchmarks as security } from './security/index.js';
import { benchmarks as smallEvents } from './smallEvents/index.js';
import { benchmarks as sqlite } from './sqlite/index.js';
import { benchmarks as tenancy } from './tenancy/index.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));

const suites: readonly BenchmarkSuite[] = [...core, ...engine, ...postgres, ...sqlite, ...smallEvents, ...eventstoredb, ...audit, ...security, ...tenancy, ...readModels, ...dashboard, ...demo];
/** Suites too slow for every run: they run only when a filter names them. */
const onDemand: readonly BenchmarkSuite[] = [...auditOnDemand];

const duplicate = [...suites, ...onDemand].map((s) => s.id).find((id, i, ids) => ids.indexOf(id) !== i);
const malformed = [...suites, ...onDemand].find((s) => typeof s.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(s.id));
if (malformed !== undefined) throw new Error(`The benchmark suite '${malformed.name}' has no usable id ('${malformed.id}'): give it a short stable id of lower-case letters, digits and '-'.`);
if (duplicate !== undefined) throw new Error(`Two benchmark suites have the id '${duplicate}': ids name a suite in --json output and must be unique.`);

if (args.includes('--help')) {
  console.log('usage: pnpm bench [--json] [filter…]   (a suite runs when its id or title contains a filter)\nsuites:');
  for (const suite of suites) console.log(`  ${suite.id.padEnd(30)} ${suite.name}`);
  for (const suite of onDemand) console.log(`  ${suite.id.padEnd(30)} ${suite.name}   (only when named)`);
  process.exit(0);
}

const format = (m: Measurement): string => {
  const value = m.value >= 100 ? Math.round(m.value).toLocaleString('en') : m.value.toPrecision(3);
  const base = m.baseline === undefined ? '' : m.baseline >= 100 ? Math.round(m.baseline).toLocaleString('en') : m.baseline.toPrecision(3);
  const ratio = m.ratio === undefined ? '' : `${m.ratio.toFixed(2)}×`;
  return `${m.name.padEnd(58)} ${value.padStart(14)} ${m.unit.padEnd(10)} ${base.padStart(14)} ${ratio.padStart(8)}`;
};

if (!json) {
  console.log(`casefold benchmarks — ${new Date().toISOString()} — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`${'measurement'.padEnd(58)} ${'value'.padStart(14)} ${'unit'.padEnd(10)} ${'baseline'.padStart(14)} ${'ratio'.padStart(8)}`);
}
for (const suite of [...suites, ...onDemand]) {
  const named = filters.some((f) => suite.id.includes(f) || suite.name.includes(f));
  if ((filters.length > 0 || onDemand.includes(suite)) && !named) continue;
  if (!json) console.log(`\n## ${suite.name} [${suite.id}]`);
  for (const measurement of await suite.run()) {
    console.log(json ? JSON.stringify({ suite: suite.id, ...measurement }) : format(measurement));
  }
}
