import { StoreAccessError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';

/** Options of {@link loadOptionalAdapter}. */
export interface LoadOptionalAdapterOptions<T> {
  /** The adapter's package, e.g. `@casefold/postgres`. */
  readonly specifier: string;
  /** The kind of store for the message, e.g. `PostgreSQL`. */
  readonly kind: string;
  /** The location for messages (password hidden). */
  readonly description: string;
  /** Imports the package. */
  readonly load: () => Promise<T>;
}

/** Whether `error` says that `specifier` itself could not be found (not one of its own imports). */
const isMissing = (error: unknown, specifier: string): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && error instanceof Error && error.message.includes(`'${specifier}'`);
};

/**
 * Loads a store adapter that is an optional peer dependency of the CLI (`@casefold/postgres`,
 * `@casefold/eventstoredb`), which a user of SQLite alone need not install.
 *
 * @throws StoreAccessError saying to install it, when it is not installed; a failure of one of its own imports passes.
 */
export const loadOptionalAdapter = async <T>(options: LoadOptionalAdapterOptions<T>): Promise<T> => {
  const { specifier, kind, description } = options;
  try {
    return await options.load();
  } catch (error) {
    if (!isMissing(error, specifier)) throw error;
    throw new StoreAccessError(
      description,
      localized((m) => m.servers.adapterMissing(kind, specifier)),
      localized((m) => m.servers.adapterMissingHint(kind, specifier)),
      { cause: error },
    );
  }
};
