import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Json } from '@casefold/engine';
import { isInvalidStoreOptionError, isStoreUnavailableError } from '@casefold/engine';
import { deleteStoreFile } from '@casefold/sqlite';
import { StoreAccessError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import type { EventStoreDbLocation } from './eventStoreDbLocation.js';
import { loadOptionalAdapter } from './loadOptionalAdapter.js';
import type { OpenedStore } from './openedStore.js';
import { openPostgresDatabase } from './openPostgresStore.js';
import { openSqliteFile } from './openSqliteStore.js';
import { describeLocation } from './storeLocation.js';
import { type StoreSettingsResult, storeSettings } from './storeSettings.js';

/** The adapter's package: an optional peer dependency of the CLI, loaded only for an EventStoreDB location. */
const ADAPTER = '@casefold/eventstoredb';

/** The setting, in the paired store, naming the EventStoreDB store its read models belong to. */
const PAIRING_SETTING = 'casefold-cli.eventstoredb-pairing';

type EventStoreDbAdapter = typeof import('@casefold/eventstoredb');

/** Options of {@link openEventStoreDbStore}. */
export interface OpenEventStoreDbStoreOptions {
  readonly location: EventStoreDbLocation;
  /** The location for messages (password hidden). */
  readonly description: string;
  /** Directory a relative projections file is resolved against. */
  readonly cwd: string;
  /** A prefix without events is a store to fill (demo, import); otherwise that is an error. */
  readonly create: boolean;
  /** A SQLite projections file is made durable once, when closed (demo, import). */
  readonly bulk: boolean;
  readonly lockTimeoutMs: number;
  readonly pageSize: number;
}

/**
 * Loads `@casefold/eventstoredb` (and so `@eventstore/db-client`), which a user of SQLite alone need not install.
 *
 * The specifier is written out (not {@link ADAPTER}) so that the bundle `pnpm casefold` runs
 * (scripts/run.mjs, esbuild) carries the workspace's adapter: a dynamic import of a variable
 * was left to Node, which finds no adapter from the bundle's directory.
 *
 * @throws StoreAccessError saying to install it, when it is not installed.
 */
export const loadEventStoreDbAdapter = (description: string, load: () => Promise<EventStoreDbAdapter> = () => import('@casefold/eventstoredb')): Promise<EventStoreDbAdapter> =>
  loadOptionalAdapter({ specifier: ADAPTER, kind: 'EventStoreDB', description, load });

/** Turns a failure of the EventStoreDB store into a {@link StoreAccessError} that says what to do; other errors pass. */
export const eventStoreDbError = (adapter: EventStoreDbAdapter, location: string, error: unknown): unknown => {
  if (isInvalidStoreOptionError(error)) {
    return error.option === 'connectionString'
      ? new StoreAccessError(
          location,
          localized((m) => m.servers.malformedEventStoreDb(error.reason)),
          localized((m) => m.servers.eventStoreDbForm),
          { cause: error },
        )
      : new StoreAccessError(
          location,
          localized((m) => m.servers.badPrefix(error.reason)),
          localized((m) => m.servers.badPrefixHint),
          { cause: error },
        );
  }
  if (adapter.isEventStoreDbAccessDeniedError(error)) {
    return new StoreAccessError(
      location,
      localized((m) => m.servers.accessDenied(error.target, error.operation)),
      localized((m) => m.servers.accessDeniedHint),
      { cause: error },
    );
  }
  if (isStoreUnavailableError(error)) {
    return new StoreAccessError(
      location,
      localized((m) => m.servers.eventStoreDbDown),
      localized((m) => m.servers.eventStoreDbDownHint),
      { cause: error },
    );
  }
  return error;
};

/** The paired store of read models, checkpoints and settings, opened through its own adapter. */
const openPairedStore = async (options: OpenEventStoreDbStoreOptions, description: string) => {
  const { projections } = options.location;
  if (projections.kind === 'postgres') {
    const { store, mapError } = await openPostgresDatabase({ url: projections.url, description, pageSize: options.pageSize, create: true });
    return { store, mapError, close: store.close };
  }
  const { lockTimeoutMs, pageSize, bulk, cwd } = options;
  return openSqliteFile({ fileName: projections.fileName, description, cwd, create: true, bulk, lockTimeoutMs, pageSize });
};

/** What the pairing setting records: the hosts (in any order) and the prefix. */
const pairingOf = (location: EventStoreDbLocation): Json => ({ hosts: location.hosts.split(',').sort().join(','), streamPrefix: location.streamPrefix });

/**
 * Opens an EventStoreDB store through `@casefold/eventstoredb`'s `openEventStoreDbStore`,
 * paired with its projection store: `--projections` (a SQLite file or `postgres://…`), by
 * default a SQLite file named from the hosts and the prefix in the working directory. The
 * projection store is created when missing (it holds only what can be rebuilt from the
 * events, and the settings the commands write), and records which EventStoreDB store it
 * belongs to: another store's read models, or a store with events of its own, are refused.
 * A projection file created by a failed opening is deleted again.
 *
 * @throws StoreAccessError when `@casefold/eventstoredb` is not installed, for a malformed
 *   URL or prefix, a server that is down or silent (within the adapter's 10 s), access
 *   denied, a projection store that cannot be opened or belongs elsewhere, or (unless
 *   `create`) a prefix without events.
 */
export const openEventStoreDbStore = async (options: OpenEventStoreDbStoreOptions): Promise<OpenedStore> => {
  const { location, description } = options;
  const adapter = await loadEventStoreDbAdapter(description);
  const mapError = (error: unknown): unknown => eventStoreDbError(adapter, description, error);
  const pairedDescription = describeLocation(location.projections);
  const pairedFile = location.projections.kind === 'sqlite' ? resolve(options.cwd, location.projections.fileName) : null;
  const created = pairedFile !== null && !existsSync(pairedFile);
  const paired = await openPairedStore(options, pairedDescription);
  const closeAfterFailure = async (close: () => Promise<void>): Promise<void> => {
    await close();
    if (created && pairedFile !== null) deleteStoreFile({ fileName: pairedFile, busyTimeoutMs: options.lockTimeoutMs });
  };
  let store: Awaited<ReturnType<EventStoreDbAdapter['openEventStoreDbStore']>>;
  try {
    const projections = { projections: paired.store.projections, settings: paired.store.settings, close: paired.close };
    store = await adapter.openEventStoreDbStore({ connectionString: location.url, projections, streamPrefix: location.streamPrefix, pageSize: Math.min(options.pageSize, 100_000) });
  } catch (error) {
    await closeAfterFailure(paired.close);
    throw mapError(error);
  }
  const lastPosition = guardedBy(mapError, () => store.readLastPosition());
  const settings = storeSettings(store, paired.mapError);
  try {
    await checkPairing(options, { lastPosition, ...settings, pairedLastPosition: guardedBy(paired.mapError, () => paired.store.readLastPosition()), pairedDescription });
  } catch (error) {
    await closeAfterFailure(store.close);
    throw error;
  }
  return { description, events: store.events, projections: store.projections, lastPosition, ...settings, close: store.close };
};

/** `work` with its failures turned into the CLI's messages by `mapError`. */
const guardedBy =
  <T>(mapError: (error: unknown) => unknown, work: () => Promise<T>) =>
  async (): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw mapError(error);
    }
  };

/** What {@link checkPairing} reads and writes, each failure already a CLI message. */
interface PairingCheck extends StoreSettingsResult {
  /** Of the EventStoreDB store. */
  readonly lastPosition: () => Promise<bigint>;
  /** Of the paired store's own event tables: `0n` unless it is a store of its own. */
  readonly pairedLastPosition: () => Promise<bigint>;
  readonly pairedDescription: string;
}

/**
 * Checks, before a command uses the store, that the paired store belongs to it (and records
 * that it does), and (unless `create`) that the prefix holds events.
 *
 * @throws StoreAccessError otherwise.
 */
const checkPairing = async (options: OpenEventStoreDbStoreOptions, check: PairingCheck): Promise<void> => {
  const { location, description } = options;
  const { pairedDescription } = check;
  if ((await check.pairedLastPosition()) > 0n) {
    throw new StoreAccessError(
      description,
      localized((m) => m.servers.pairedHoldsEvents(pairedDescription)),
      localized((m) => m.servers.pairedHoldsEventsHint),
    );
  }
  const expected = pairingOf(location);
  const recorded = await check.readSetting(PAIRING_SETTING);
  if (recorded !== null && JSON.stringify(recorded) !== JSON.stringify(expected)) {
    const other = recorded as { hosts?: unknown; streamPrefix?: unknown };
    throw new StoreAccessError(
      description,
      localized((m) => m.servers.pairedElsewhere(pairedDescription, String(other.hosts), String(other.streamPrefix))),
      localized((m) => m.servers.pairedElsewhereHint),
    );
  }
  if (!options.create && (await check.lastPosition()) === 0n) {
    throw new StoreAccessError(
      description,
      localized((m) => m.servers.noEvents(location.streamPrefix)),
      localized((m) => m.servers.noEventsHint),
    );
  }
  if (recorded === null) await check.writeSetting(PAIRING_SETTING, expected);
};
