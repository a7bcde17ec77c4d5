import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDirectory } from '@casefold/core';
import { type EventStore, chinaCalendar, chinaHolidayYears } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { UsageError } from '../cli/cliErrors.js';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { integerOption } from '../cli/optionValues.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { NOT_SHOWN, looksLikeCredential, shownValue } from '../cli/typedValue.js';
import { dashboardsOf } from '../dashboards/dashboards.js';
import { renderDashboards } from '../dashboards/renderDashboards.js';
import { generateDemo } from '../demo/generateDemo.js';
import { afterWrites } from '../session/afterWrites.js';
import { reportBrokenLink } from '../session/reportBrokenLink.js';
import { lockTimeoutOf, openStoreFor, withStore } from '../session/openStoreFor.js';
import { replaceSqliteFile } from '../store/replaceSqliteFile.js';
import { type StoreLocation, describeLocation, parseStoreLocation } from '../store/storeLocation.js';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The event store with every acknowledged append counted (`onWritten` gets the number of
 * events of each), so that a demo that fails on the way can say how much it wrote.
 */
const countingWrites = (events: EventStore, onWritten: (count: number) => void): EventStore =>
  new Proxy(events, {
    get: (target, property) => {
      if (property === 'appendToStream') {
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          const appended = await target.appendToStream(...args);
          onWritten(appended.events.length);
          return appended;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

/** How to finish a demo that stopped part-way. */
const restartHint = (location: StoreLocation): string =>
  location.kind === 'sqlite'
    ? 'the database holds an unfinished demo: run `casefold demo --force` with the same options to replace it, or delete the file'
    : 'the schema holds an unfinished demo: drop it (DROP SCHEMA casefold CASCADE) and run the demo again';

/** The rest of `casefold demo` once the options are read. */
const demoInto = async (
  context: Parameters<CliCommand['run']>[0],
  demo: { readonly cases: number; readonly seed: string; readonly year: number; readonly location: StoreLocation; readonly started: number },
): Promise<number> => {
  const { output, flags } = context;
  const { cases, seed, year, location, started } = demo;
  const fileName = location.kind === 'sqlite' ? resolve(context.cwd, location.fileName) : null;
  if (fileName === null || existsSync(fileName)) {
    // The demo is about to create the store anyway: looking into it may create it (PostgreSQL's schema).
    const existing = await withStore(await openStoreFor(context, { create: true }), (store) => store.lastPosition());
    if (existing > 0n && (flags['force'] !== true || fileName === null)) {
      const where = fileName === null ? 'That PostgreSQL schema' : location.kind === 'sqlite' ? location.fileName : '';
      throw new UsageError(
        `${where} already holds ${formatCount(Number(existing))} events; the demo writes into a new database. Use another ${fileName === null ? 'database' : '--db, or --force to replace this one'}`,
        'demo',
      );
    }
    // Deleted only once no other process has it open: never under a process writing to it.
    if (existing > 0n && fileName !== null) replaceSqliteFile({ fileName, description: describeLocation(location), lockTimeoutMs: lockTimeoutOf(context) });
  }
  const opened = await openStoreFor(context, { create: true, durability: 'bulk' });
  let written = 0;
  const result = await withStore(opened, async (store) => {
    const target = { ...store, events: countingWrites(store.events, (count) => (written += count)) };
    const simulating = progressBar(output, 'Simulating', cases);
    try {
      const generated = await generateDemo({ target, cases, seed, year, onSimulated: (done) => simulating.update(done) });
      simulating.finish();
      return { generated, description: target.description };
    } catch (error) {
      throw afterWrites('demo', written, error, restartHint(location));
    }
  });
  // The events written do not verify: another process changed the file meanwhile.
  if (E.isLeft(result.generated)) return reportBrokenLink(output, result.generated.left);
  const generated = result.generated.right;
  const directory = E.getOrElseW(() => {
    throw new Error('the generated directory is invalid');
  })(createDirectory(generated.units));
  const dashboards = dashboardsOf(generated.state, { calendar: chinaCalendar(), directory });
  const totalMs = performance.now() - started;
  if (output.json) {
    output.result({
      database: result.description,
      seed: looksLikeCredential(seed) ? NOT_SHOWN : seed,
      year,
      cases: generated.cases,
      commands: generated.commands,
      events: generated.events,
      lastPosition: generated.lastPosition,
      dashboards,
    });
    return EXIT.ok;
  }
  output.text(
    `casefold demo — a year (${year}) of the 盘龙区 one-stop mediation centre, seed ${shownValue(seed)}`,
    `${formatCount(generated.cases)} cases, ${formatCount(generated.commands)} commands through the command handler → ${formatCount(generated.events)} events in ${result.description}`,
    '',
    ...renderDashboards(dashboards, directory),
    '',
    'Next: `casefold timeline <caseId>`, `casefold stats --from 2025-07-01`, `casefold verify`, `casefold replay`.',
  );
  output.note(`Simulated, stored and projected in ${seconds(generated.elapsedMs)}; ${seconds(totalMs)} in all.`);
  return EXIT.ok;
};

/** `casefold demo`: a generated year of a district centre, stored and shown as dashboards. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'generate a realistic year of a district mediation centre and show the dashboards',
  usage: 'demo [--db FILE] [--cases N] [--seed S] [--year Y] [--force]',
  description: [
    'Simulates a year of a district one-stop mediation centre in Kunming: requests at windows,',
    'online (12348, the government app, the WeChat mini-program) and from grid patrols; labour',
    'disputes over 60%; rejections with call-backs; routing to communities, sub-districts and the',
    'labour bureau; escalations one level at a time; pauses, extensions, missed deadlines and',
    'supervision cards; agreements notarized with enforcement effect. Every command goes through',
    'the real command handler; the events are stored in the database and the four dashboards',
    '(case board, escalation paths, deadlines, statistics) are printed.',
    '',
    'The same seed gives the same data and the same output. The database must be new or empty',
    '(or pass --force to replace an existing casefold database that no other process has open).',
  ].join('\n'),
  options: [
    { name: 'cases', type: 'string', placeholder: 'N', description: 'cases submitted over the year (default 5000)' },
    { name: 'seed', type: 'string', placeholder: 'S', description: 'any text; the same seed gives the same year (default 2025)' },
    { name: 'year', type: 'string', placeholder: 'Y', description: 'the simulated year (default 2025)' },
    { name: 'force', type: 'boolean', description: 'replace an existing casefold database at --db (refused while another process has it open)' },
  ],
  positionals: [],
  run: async (context) => {
    const { strings } = context;
    const started = performance.now();
    const cases = integerOption('cases', strings['cases'], 5_000, { min: 1, max: 1_000_000 });
    const seed = strings['seed'] ?? '2025';
    const covered = chinaHolidayYears();
    const year = integerOption('year', strings['year'], 2025, { min: covered[0] ?? 2025, max: (covered[covered.length - 1] ?? 2026) - 1 });
    const location = parseStoreLocation({ db: strings['db'], store: strings['store'] });
    return demoInto(context, { cases, seed, year, location, started });
  },
};
