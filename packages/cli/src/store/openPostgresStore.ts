import { isSchemaTooNewError, isStoreUnavailableError } from '@casefold/engine';
import { StoreAccessError } from '../cli/cliErrors.js';
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
 * @throws StoreAccessError saying to install it, when it is not installed.
 */
export const loadPostgresAdapter = (description: string, load: () => Promise<PostgresAdapter> = () => import(ADAPTER)): Promise<PostgresAdapter> =>
  loadOptionalAdapter({ specifier: ADAPTER, kind: 'PostgreSQL', description, load });

/** Turns a failure of the PostgreSQL store into a {@link StoreAccessError} that says what to do; other errors pass. */
export const postgresError = (adapter: PostgresAdapter, location: string, error: unknown): unknown => {
  if (adapter.isInvalidConnectionStringError(error)) {
    return new StoreAccessError(location, `the connection string is malformed (${error.reason})`, "Nothing was contacted; use the form --store 'postgres://user:password@host:5432/database'.", {
      cause: error,
    });
  }
  if (adapter.isPostgresAuthenticationError(error)) {
    const reason = error.code === '3D000' ? `the database does not exist on ${error.target}` : `the server at ${error.target} refused the login (${error.code})`;
    const hint =
      error.code === '3D000'
        ? 'Nothing was changed; create it first (e.g. `createdb NAME`) or name an existing database in the URL.'
        : 'Nothing was changed; check the user, password and database name in the connection string.';
    return new StoreAccessError(location, reason, hint, { cause: error });
  }
  if (isSchemaTooNewError(error)) {
    return new StoreAccessError(
      location,
      `its store at ${error.target} was written by a newer casefold (schema version ${error.foundVersion}; this one knows up to ${error.knownVersion})`,
      'Nothing was changed; upgrade casefold to use it.',
      { cause: error },
    );
  }
  if (isStoreUnavailableError(error)) {
    return new StoreAccessError(
      location,
      'the PostgreSQL server is down, unreachable or did not answer in time',
      'Nothing was changed; check that the server runs and that host and port are right, then run the command again.',
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
      `the database holds no casefold store (no schema '${SCHEMA}' with its tables)`,
      'Nothing was created; create one with `casefold demo --store URL` or `casefold import FILE --store URL`, or name the database that holds it.',
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
