import { schemaTag } from '../database/schemaTag.js';

/** PostgreSQL's longest identifier (NAMEDATALEN − 1): LISTEN cuts longer channel names, `pg_notify` refuses them. */
const MAX_IDENTIFIER = 63;
const PREFIX = 'casefold_';

/**
 * The NOTIFY channel of a store's schema: `casefold_<schema>`, with a schema longer than 54
 * characters shortened by {@link schemaTag}, so that every schema name PostgreSQL accepts
 * gets a valid channel of its own.
 */
export const appendChannel = (schema: string): string => `${PREFIX}${schemaTag(schema, MAX_IDENTIFIER - PREFIX.length)}`;
