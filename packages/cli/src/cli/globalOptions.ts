import type { OptionSpec } from './command.js';

/** Options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'db', type: 'string', placeholder: 'FILE', description: 'the SQLite database file (default: casefold.db in the current directory)' },
  { name: 'store', type: 'string', placeholder: 'LOCATION', description: 'where the events live: sqlite:FILE, a file name, or postgres://user:password@host:port/database' },
  { name: 'lock-timeout', type: 'string', placeholder: 'MS', description: 'how long to wait for another process holding the write lock (default 5000)' },
  { name: 'json', type: 'boolean', description: 'print one JSON document on stdout instead of text' },
  { name: 'help', type: 'boolean', short: 'h', description: 'show help for the command' },
];
