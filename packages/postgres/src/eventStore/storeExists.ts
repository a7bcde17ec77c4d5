import { openDatabase } from '../connection/database.js';
import { quoteSchemaName } from '../schema/prepareSchema.js';
import type { ReadLastPositionOptions } from './readLastPosition.js';

/** Options of {@link storeExists}: where to look, as for `readLastPosition`. */
export type StoreExistsOptions = ReadLastPositionOptions;

/**
 * Whether the database holds a casefold store in the schema (its events table), on a short
 * connection of its own and without creating or changing anything: for tools that must not
 * create a store by reading (`getPostgresEventStore` creates a missing schema).
 *
 * @throws InvalidConnectionStringError, InvalidPostgresOptionError, PostgresAuthenticationError, StoreUnavailableError
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
