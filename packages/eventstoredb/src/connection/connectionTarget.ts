import { InvalidStoreOptionError } from '@casefold/engine';
import { EventStoreDBClient } from '@eventstore/db-client';

/** What messages show of a connection string, and the client made from it. */
export interface ConnectionTarget {
  /** The hosts and ports, e.g. `localhost:2113`: no user, no password, no parameters. */
  readonly target: string;
  readonly client: EventStoreDBClient;
}

const EXAMPLE = "an esdb:// or esdb+discover:// URL such as 'esdb://localhost:2113?tls=false'";

/**
 * Reads an EventStoreDB connection string and makes the client for it, without contacting
 * the server. Only the hosts ever reach a message: a connection string may hold a password
 * (`esdb://admin:changeit@host:2113`), and the client's own parse errors quote the string
 * whole, so they are never passed on.
 *
 * @throws InvalidStoreOptionError for a string that is not such a URL, or that the client refuses.
 */
export const connectionTargetOf = (connectionString: unknown): ConnectionTarget => {
  if (typeof connectionString !== 'string') throw new InvalidStoreOptionError('connectionString', `must be ${EXAMPLE}, got a ${typeof connectionString}`);
  const scheme = /^(esdb|esdb\+discover):\/\//iu.exec(connectionString);
  if (scheme === null) throw new InvalidStoreOptionError('connectionString', `must be ${EXAMPLE}; the value given is not one (not shown, as it may hold a password)`);
  // Hosts: what follows the scheme and any `user:password@`, up to the path or the parameters.
  const authority = connectionString.slice(scheme[0].length).split(/[/?]/u, 1)[0]!;
  const target = authority.slice(authority.lastIndexOf('@') + 1);
  try {
    return { target, client: EventStoreDBClient.connectionString(connectionString) };
  } catch (error) {
    const expected = typeof (error as { expected?: unknown }).expected === 'string' ? `; the client expected ${(error as { expected: string }).expected}` : '';
    throw new InvalidStoreOptionError('connectionString', `must be ${EXAMPLE}; the client cannot read the one given for '${target}'${expected} (not shown, as it may hold a password)`);
  }
};
