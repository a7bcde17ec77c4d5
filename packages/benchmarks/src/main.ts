/**
 * `pnpm bench [--json] [filter…]`: runs every package's benchmarks (packages/<pkg>/bench/index.ts
 * exporting `benchmarks`), each measurement side by side with its baseline from the same run.
 * Human output is a table; `--json` prints one JSON object per measurement.
 */
import { existsSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchmarkSuite, Measurement } from './benchHarness.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));

const root = join(import.meta.dirname, '..');
const suites: BenchmarkSuite[] = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  const entry = join(root, 'packages', pkg, 'bench', 'index.ts');
  if (!existsSync(entry)) continue;
  const module = (await import(pathToFileURL(entry).href)) as { benchmarks: BenchmarkSuite[] };
  suites.push(...module.benchmarks);
}

const format = (m: Measurement): string => {
  const value = m.value >= 100 ? Math.round(m.value).toLocaleString('en') : m.value.toPrecision(3);
  const base = m.baseline === undefined ? '' : (m.baseline >= 100 ? Math.round(m.baseline).toLocaleString('en') : m.baseline.toPrecision(3));
  const ratio = m.ratio === undefined ? '' : `${m.ratio.toFixed(2)}×`;
  return `${m.name.padEnd(58)} ${value.padStart(14)} ${m.unit.padEnd(10)} ${base.padStart(14)} ${ratio.padStart(8)}`;
};

if (!json) {
  console.log(`casefold benchmarks — ${new Date().toISOString()} — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`${'measurement'.padEnd(58)} ${'value'.padStart(14)} ${'unit'.padEnd(10)} ${'baseline'.padStart(14)} ${'ratio'.padStart(8)}`);
}
for (const suite of suites) {
  if (filters.length > 0 && !filters.some((f) => suite.name.includes(f))) continue;
  if (!json) console.log(`\n## ${suite.name}`);
  for (const measurement of await suite.run()) {
    console.log(json ? JSON.stringify(measurement) : format(measurement));
  }
}
