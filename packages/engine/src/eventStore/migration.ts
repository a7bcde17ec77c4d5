/** One step of a SQL store's schema: applied once, in order, inside the migrating transaction. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  /** The statements, for the schema whose quoted name is `schema` (a store without schemas ignores it). */
  readonly sql: (schema: string) => string;
}
