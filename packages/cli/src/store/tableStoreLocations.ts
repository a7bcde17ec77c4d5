/** The locations of the stores that keep tables: the SQLite and PostgreSQL stores, which also hold the read models paired with an EventStoreDB store. */

/** A SQLite database file. */
export interface SqliteLocation {
  readonly kind: 'sqlite';
  readonly fileName: string;
}

/** A PostgreSQL database (schema `casefold`). */
export interface PostgresLocation {
  readonly kind: 'postgres';
  readonly url: string;
}
