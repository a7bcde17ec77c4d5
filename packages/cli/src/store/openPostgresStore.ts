import { isSchemaTooNewError, isStoreUnavailableError } from '@casefold/engine';
import { StoreAccessError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import { loadOptionalAdapter } from './loadOptionalAdapter.js';
import type { OpenedStore } from './openedStore.js';
import { storeSettings } from './storeSettings.js';

/** The schema of the CLI's PostgreSQL store. */
const SCHEMA = 'casefold';

/** The adapter's package: an optional peer dependency of the CLI, loaded only for a PostgreSQL location. */
const ADAPTER = '@casefold/postgres';

/** Options of {@link openPostgresStore}. */
export interface OpenPostgresStoreOptions {
  /** The `postgres://…` connection string as given. */
  readonly url: string;
  /** The location for messages (password hidden). */
  readonly description: string;
  readonly pageSize: number;
  /** Create the store's schema when the database has none (demo, import); otherwise that is an error and nothing is created. */
  readonly create: boolean;
}

type PostgresAdapter = typeof import('@casefold/postgres');

/**
 * Loads `@casefold/postgres` (and so `pg`), which a user of SQLite alone need not install.
 *
 * The specifier is written out (not {@link ADAPTER}) so that the bundle `pnpm casefold` runs
 * (scripts/run.mjs, esbuild) carries the workspace's adapter: a dynamic import of a variable
 * was left to Node, which finds no adapter from the bundle's directory.
 *
 * @throws StoreAccessError saying to install it, when it is not installed.
 */
export const loadPostgresAdapter = (description: string, load: () => Promise<PostgresAdapter> = () => import('@casefold/postgres')): Promise<PostgresAdapter> =>
  loadOptionalAdapter({ specifier: ADAPTER, kind: 'PostgreSQL', description, load });

/** Turns a failure of the PostgreSQL store into a {@link StoreAccessError} that says what to do; other errors pass. */
export const postgresError = (adapter: PostgresAdapter, location: string, error: unknown): unknown => {
  if (adapter.isInvalidConnectionStringError(error)) {
    const { reason } = error;
    return new StoreAccessError(
      location,
      localized((m) => m.servers.malformedPostgres(reason)),
      localized((m) => m.servers.postgresForm),
      { cause: error },
    );
  }
  if (adapter.isPostgresAuthenticationError(error)) {
    const { code, target } = error;
    return new StoreAccessError(
      location,
      localized((m) => (code === '3D000' ? m.servers.noDatabase(target) : m.servers.loginRefused(target, code))),
      localized((m) => (code === '3D000' ? m.servers.noDatabaseHint : m.servers.loginRefusedHint)),
      { cause: error },
    );
  }
  if (isSchemaTooNewError(error)) {
    return new StoreAccessError(
      location,
      localized((m) => m.servers.postgresTooNew(error.target, error.foundVersion, error.knownVersion)),
      localized((m) => m.servers.postgresTooNewHint),
      { cause: error },
    );
  }
  if (isStoreUnavailableError(error)) {
    return new StoreAccessError(
      location,
      localized((m) => m.servers.postgresDown),
      localized((m) => m.servers.postgresDownHint),
      { cause: error },
    );
  }
  return error;
};

/** A PostgreSQL store opened through the adapter, and the mapping of its failures to the CLI's messages. */
export interface PostgresDatabaseStore {
  readonly store: Awaited<ReturnType<PostgresAdapter['openPostgresStore']>>;
  readonly mapError: (error: unknown) => unknown;
}

/**
 * Opens the store of a `postgres://` URL through `@casefold/postgres`'s `openPostgresStore`
 * (schema `casefold`, created by the commands that write a store, migrated on first use):
 * the store of {@link openPostgresStore}, and the read models paired with an EventStoreDB store.
 *
 * @throws StoreAccessError as {@link openPostgresStore} says.
 */
export const openPostgresDatabase = async (options: OpenPostgresStoreOptions): Promise<PostgresDatabaseStore> => {
  const { url, description } = options;
  const adapter = await loadPostgresAdapter(description);
  const mapError = (error: unknown): unknown => postgresError(adapter, description, error);
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw mapError(error);
    }
  };
  if (!options.create && !(await guarded(() => adapter.storeExists({ connectionString: url, schema: SCHEMA })))) {
    throw new StoreAccessError(
      description,
      localized((m) => m.servers.noPostgresStore(SCHEMA)),
      localized((m) => m.servers.noPostgresStoreHint),
    );
  }
  return { store: await guarded(() => adapter.openPostgresStore({ connectionString: url, schema: SCHEMA, pageSize: options.pageSize })), mapError };
};

/**
 * Opens the PostgreSQL store of a `postgres://` URL as the CLI's store. Every commit is
 * durable, so there is no `bulk` mode.
 *
 * @throws StoreAccessError when `@casefold/postgres` is not installed, for a malformed URL, a
 *   refused login, a missing database, a server that is down or silent (within the pool's
 *   connection timeout), a schema too new, or (unless `create`) a database without the store.
 */
export const openPostgresStore = async (options: OpenPostgresStoreOptions): Promise<OpenedStore> => {
  const { store, mapError } = await openPostgresDatabase(options);
  const lastPosition = async (): Promise<bigint> => {
    try {
      return await store.readLastPosition();
    } catch (error) {
      throw mapError(error);
    }
  };
  return {
    description: options.description,
    events: store.events,
    projections: store.projections,
    rowProjections: store.rowProjections,
    lastPosition,
    ...storeSettings(store, mapError),
    close: store.close,
  };
};
