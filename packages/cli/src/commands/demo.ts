import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDirectory } from '@casefold/core';
import { type EventStore, chinaCalendar, chinaHolidayYears } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { UsageError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { integerOption } from '../cli/optionValues.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { NOT_SHOWN, looksLikeCredential, shownValue } from '../cli/typedValue.js';
import { dashboardsOf } from '../dashboards/dashboards.js';
import { renderDashboards } from '../dashboards/renderDashboards.js';
import { generateDemo } from '../demo/generateDemo.js';
import { renderYear } from '../demo/renderYear.js';
import { afterWrites } from '../session/afterWrites.js';
import { reportBrokenLink } from '../session/reportBrokenLink.js';
import { lockTimeoutOf, openStoreFor, storeLocationOf, withStore } from '../session/openStoreFor.js';
import { replaceSqliteFile } from '../store/replaceSqliteFile.js';
import { type StoreLocation, describeLocation, unquotedLocation } from '../store/storeLocation.js';

/** The requests of the default year: its kinds in the source's proportions, within the demo's 10 seconds (docs/benchmarks.md). */
export const DEFAULT_REQUESTS = 8_000;

const seconds = (ms: number, m: CliMessages): string => m.demo.seconds((ms / 1000).toFixed(1));

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
const restartHint =
  (location: StoreLocation) =>
  (m: CliMessages): string =>
    location.kind === 'sqlite' ? m.demo.restart.sqlite : location.kind === 'postgres' ? m.demo.restart.postgres : m.demo.restart.eventStoreDb;

/** What a demo into a store that holds events is told: where, and what to use instead. */
const notEmpty = (location: StoreLocation, events: bigint, m: CliMessages): string => {
  if (location.kind === 'sqlite') return m.demo.notEmptyFile(location.fileName, formatCount(Number(events)));
  return location.kind === 'postgres'
    ? m.demo.notEmptySchema(formatCount(Number(events)))
    : // EventStoreDB's positions are byte offsets in its log, not counts of events.
      m.demo.notEmptyPrefix(location.streamPrefix);
};

/** The rest of `casefold demo` once the options are read. */
const demoInto = async (
  context: Parameters<CliCommand['run']>[0],
  demo: { readonly requests: number; readonly seed: string; readonly year: number; readonly location: StoreLocation; readonly started: number },
): Promise<number> => {
  const { output, flags } = context;
  const { requests, seed, year, location, started } = demo;
  const fileName = location.kind === 'sqlite' ? resolve(context.cwd, location.fileName) : null;
  // A tenant's demo never replaces the file: the other tenants' cases are in it.
  if (flags['force'] === true && context.strings['tenant'] !== undefined)
    throw new UsageError(
      localized((m) => m.errors.tenantForce),
      'demo',
    );
  if (fileName === null || existsSync(fileName)) {
    // The demo is about to create the store anyway: looking into it may create it (PostgreSQL's schema).
    const existing = await withStore(await openStoreFor(context, { create: true }), (store) => store.lastPosition());
    if (existing > 0n && (flags['force'] !== true || fileName === null))
      throw new UsageError(
        localized((m) => notEmpty(location, existing, m)),
        'demo',
      );
    // Deleted only once no other process has it open: never under a process writing to it.
    if (existing > 0n && fileName !== null) replaceSqliteFile({ fileName, description: describeLocation(location), lockTimeoutMs: lockTimeoutOf(context) });
  }
  const opened = await openStoreFor(context, { create: true, durability: 'bulk' });
  let written = 0;
  const result = await withStore(opened, async (store) => {
    const target = { ...store, events: countingWrites(store.events, (count) => (written += count)) };
    const simulating = progressBar(output, output.messages.demo.progress, requests);
    try {
      const generated = await generateDemo({ target, requests, seed, year, onSimulated: (done) => simulating.update(done) });
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
      database: unquotedLocation(result.description),
      seed: looksLikeCredential(seed) ? NOT_SHOWN : seed,
      year,
      requests: generated.requests,
      cases: generated.cases,
      summary: generated.year,
      commands: generated.commands,
      events: generated.events,
      lastPosition: generated.lastPosition,
      dashboards,
    });
    return EXIT.ok;
  }
  const m = output.messages;
  output.text(
    m.demo.title(year, shownValue(seed)),
    m.demo.totals(formatCount(generated.requests), formatCount(generated.cases), formatCount(generated.commands), formatCount(generated.events), result.description),
    '',
    ...renderYear(generated.year, m),
    '',
    ...renderDashboards(dashboards, directory, m),
    '',
    m.demo.next,
  );
  output.note(m.demo.elapsed(seconds(generated.elapsedMs, m), seconds(totalMs, m)));
  return EXIT.ok;
};

/** `casefold demo`: a generated year of a district centre, stored and shown as dashboards. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'generate a realistic year of a district centre (four centres behind one window) and show the dashboards',
  usage: 'demo [--db FILE] [--cases N] [--seed S] [--year Y] [--force]',
  description: [
    'Simulates a year of a district centre in Kunming with the four centres behind one window',
    '(comprehensive governance, grid command, petitions, dispute mediation) and the one-stop',
    "centre's legal services: legal consultations (about half the requests, 46% online), grid",
    'events (most from grid patrols, many settled on the spot at a grid or micro-grid, the rest',
    'filed with the five fixes, dispatched by class, disposed, checked, reworked, evaluated),',
    'mediation requests (labour disputes over 60%; routing, escalation, deadlines, supervision,',
    'notarized agreements), petitions (registration, transfer, receipt notice, handling within',
    '60 days, decision letters, reviews, finality) and legal-aid applications (referred, granted',
    'or refused, assigned). Requests come to the one window (some triaged into two linked cases),',
    'online, from grid patrols, by transfer and by letter; some grid events and petitions are',
    'converted to mediation (访调对接). Every command goes through the real command handler; the',
    'events are stored in the database, and a summary of the year by kind and the four dashboards',
    '(case board, escalation paths, deadlines, statistics) are printed.',
    '',
    'The same seed gives the same data and the same output. The database must be new or empty',
    '(or pass --force to replace an existing casefold database that no other process has open).',
  ].join('\n'),
  options: [
    { name: 'cases', type: 'string', placeholder: 'N', description: 'requests received over the year (default 8000; some open two linked cases, conversions open more)' },
    { name: 'seed', type: 'string', placeholder: 'S', description: 'any text; the same seed gives the same year (default 2025)' },
    { name: 'year', type: 'string', placeholder: 'Y', description: 'the simulated year (default 2025)' },
    { name: 'force', type: 'boolean', description: 'replace an existing casefold database at --db (refused while another process has it open)' },
  ],
  positionals: [],
  run: async (context) => {
    const { strings } = context;
    const started = performance.now();
    const requests = integerOption('cases', strings['cases'], DEFAULT_REQUESTS, { min: 1, max: 1_000_000 });
    const seed = strings['seed'] ?? '2025';
    const covered = chinaHolidayYears();
    const year = integerOption('year', strings['year'], 2025, { min: covered[0] ?? 2025, max: (covered[covered.length - 1] ?? 2026) - 1 });
    const location = storeLocationOf(context);
    return demoInto(context, { requests, seed, year, location, started });
  },
};
