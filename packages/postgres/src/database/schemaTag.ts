import { createHash } from 'node:crypto';

const HASH_CHARS = 8;

/**
 * The schema name shortened to at most `maxLength` characters for names PostgreSQL cuts at
 * 63 (identifiers, prepared-statement names): the name itself when it fits, else its start,
 * `_` and 8 hex digits of its SHA-256, so that different schemas keep different names.
 */
export const schemaTag = (schema: string, maxLength: number): string => {
  if (schema.length <= maxLength) return schema;
  const hash = createHash('sha256').update(schema).digest('hex').slice(0, HASH_CHARS);
  return `${schema.slice(0, maxLength - HASH_CHARS - 1)}_${hash}`;
};

/** Longest schema part of the store's prepared-statement names (`casefold_projection_position_<tag>`, the longest, stays within 63). */
export const STATEMENT_TAG_LENGTH = 24;
