import { openDatabase } from '../database/openDatabase.js';
import { quoteSchemaName } from '../database/prepareSchema.js';
import type { PostgresPoolOptions } from '../database/connectionOptions.js';

/** Options of {@link storeExists}: where to look. */
export interface StoreExistsOptions {
  /** As in `openPostgresStore`. */
  readonly connectionString: string;
  /** The store's schema. Default `casefold`. */
  readonly schema?: string;
  readonly pool?: PostgresPoolOptions;
}

/**
 * Whether the database holds a casefold store in the schema (its events table), on a short
 * connection of its own and without creating or changing anything: for tools that must not
 * create a store by reading (`openPostgresStore` creates a missing schema).
 *
 * @throws InvalidConnectionStringError, InvalidStoreOptionError, PostgresAuthenticationError, StoreUnavailableError
 */
export const storeExists = async (options: StoreExistsOptions): Promise<boolean> => {
  const quoted = quoteSchemaName(options.schema ?? 'casefold');
  const db = openDatabase({ connectionString: options.connectionString, ...(options.pool ? { pool: options.pool } : {}) });
  try {
    const rows = await db.query('look for the store', { text: 'SELECT to_regclass($1) IS NOT NULL' }, [`${quoted}.events`]);
    return rows[0]?.[0] === 'true' || rows[0]?.[0] === 't';
  } finally {
    await db.close();
  }
};
