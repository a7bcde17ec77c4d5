import { InvalidStoreOptionError, isInvalidStoreOptionError } from '@casefold/engine';
import { EventStoreDBClient } from '@eventstore/db-client';

/** What messages show of a connection string, and the client made from it. */
export interface ConnectionTarget {
  /** The hosts and ports, e.g. `localhost:2113`: no user, no password, no parameters. */
  readonly target: string;
  readonly client: EventStoreDBClient;
}

const EXAMPLE = "an esdb:// or esdb+discover:// URL such as 'esdb://localhost:2113?tls=false'";

/** The user-info part as the client reads it (parseConnectionString.js, `parseCredentials`): a password may hold `/`, `?` or `:`, never `@`. */
const CREDENTIALS = /^[^:]+:[^@]+@/u;

/** The first line of a warning of the client's that names an option key it ignores. */
const UNKNOWN_KEY = /^Unknown option key "([^"]*)"/u;

/**
 * Runs the client's connection-string parser with its warnings held back: it prints them
 * with the whole connection string under them (parseConnectionString.js,
 * `errorLocationString`), so they would show a password. Only their first lines, which hold
 * no part of the string, are printed; a key the client would ignore is refused instead.
 */
const parsedQuietly = (connectionString: string, target: string): EventStoreDBClient => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' ').split('\n', 1)[0]!);
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } finally {
    console.warn = warn;
  }
  const unknown = warnings.map((warning) => UNKNOWN_KEY.exec(warning)?.[1]).find((key) => key !== undefined);
  if (unknown !== undefined) {
    void client.dispose();
    throw new InvalidStoreOptionError(
      'connectionString',
      `has a parameter the client does not know ('${unknown}', for '${target}'); remove it (the value given is not shown, as it may hold a password)`,
    );
  }
  for (const warning of warnings) console.warn(`@eventstore/db-client: ${warning}`);
  return client;
};

/**
 * Reads an EventStoreDB connection string and makes the client for it, without contacting
 * the server. Only the hosts ever reach a message: a connection string may hold a password
 * (`esdb://admin:changeit@host:2113`), and the client's own parse errors and warnings quote
 * the string whole, so they are never passed on.
 *
 * @throws InvalidStoreOptionError for a string that is not such a URL, that the client
 *   refuses, or with a parameter the client does not know.
 */
export const connectionTargetOf = (connectionString: unknown): ConnectionTarget => {
  if (typeof connectionString !== 'string') throw new InvalidStoreOptionError('connectionString', `must be ${EXAMPLE}, got a ${typeof connectionString}`);
  const scheme = /^(esdb|esdb\+discover):\/\//iu.exec(connectionString);
  if (scheme === null) throw new InvalidStoreOptionError('connectionString', `must be ${EXAMPLE}; the value given is not one (not shown, as it may hold a password)`);
  // Hosts: what follows the scheme and any `user:password@` (read as the client reads it), up to the path or the parameters.
  const rest = connectionString.slice(scheme[0].length);
  const target = rest.slice(CREDENTIALS.exec(rest)?.[0].length ?? 0).split(/[/?]/u, 1)[0]!;
  if (target.includes('@')) throw new InvalidStoreOptionError('connectionString', `must be ${EXAMPLE}; the hosts of the one given are not readable (not shown, as it may hold a password)`);
  try {
    return { target, client: parsedQuietly(connectionString, target) };
  } catch (error) {
    if (isInvalidStoreOptionError(error)) throw error;
    const expected = typeof (error as { expected?: unknown }).expected === 'string' ? `; the client expected ${(error as { expected: string }).expected}` : '';
    throw new InvalidStoreOptionError('connectionString', `must be ${EXAMPLE}; the client cannot read the one given for '${target}'${expected} (not shown, as it may hold a password)`);
  }
};
