import type { OptionSpec } from './command.js';

/** Options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'db', type: 'string', placeholder: 'FILE', description: 'the SQLite database file (default: casefold.db in the current directory)' },
  {
    name: 'store',
    type: 'string',
    placeholder: 'LOCATION',
    description: 'where the events live: sqlite:FILE, a file name, postgres://user:password@host:port/database, or esdb://user:password@host:2113?tls=false',
  },
  {
    name: 'projections',
    type: 'string',
    placeholder: 'LOCATION',
    description: 'with esdb://: where the read models live, a SQLite file or postgres://… (default esdb-HOST-PORT-PREFIX.read-models.db in the current directory)',
  },
  { name: 'stream-prefix', type: 'string', placeholder: 'PREFIX', description: "with esdb://: the prefix of the store's EventStoreDB streams (default casefold-)" },
  { name: 'lock-timeout', type: 'string', placeholder: 'MS', description: 'how long to wait for another process holding the write lock (default 5000)' },
  {
    name: 'tenant',
    type: 'string',
    placeholder: 'TENANT',
    description: 'one tenant of a store that several share (e.g. xishan): its cases, read models and settings only (docs/tenancy.md)',
  },
  { name: 'json', type: 'boolean', description: 'print one JSON document on stdout instead of text' },
  {
    name: 'lang',
    type: 'string',
    placeholder: 'zh-CN|en',
    description: 'the language of the text output, help and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh… gives zh-CN, anything else en)',
  },
  { name: 'help', type: 'boolean', short: 'h', description: 'show help for the command' },
];
