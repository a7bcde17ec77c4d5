import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore, isInvalidConnectionStringError, redactConnectionString } from '../src/index.js';
import { parseConnectionString } from '../src/database/connectionOptions.js';
import { freePort } from '@casefold/postgres/testing';

/** Every text a connection string can end up in: its redaction, and the parse's target, redaction or error message. */
const messagesOf = (connectionString: string): string[] => {
  const out = [redactConnectionString(connectionString)];
  try {
    const { target, redacted } = parseConnectionString(connectionString);
    out.push(target, redacted);
  } catch (e) {
    out.push(String(e), (e as Error).stack ?? '');
  }
  return out;
};

/** Passwords full of the characters that break naive redaction, around a marker that must never show. */
const MARKER = 'Pw9Secret';
const special = fc.string({ unit: fc.constantFrom('/', '@', ':', '%', '?', '#', '&', '=', ' ', 'a', '1', 'Z') });
const password = fc.tuple(special, fc.string(), special).map(([a, b, c]) => `${a}${MARKER}${b}${c}`);
const template = fc.constantFrom(
  (pw: string) => `postgres://user:${pw}@db.example:5432/app`,
  (pw: string) => `postgres://user:${pw}@db.example/app?sslmode=disable`,
  (pw: string) => `postgresql://user:${pw}@127.0.0.1:99999/app`,
  (pw: string) => `postgres://db.example:5432/app?password=${pw}`,
  (pw: string) => `postgres://u:p@db.example/app?sslpassword=${pw}&application_name=x`,
  (pw: string) => `host=db.example password=${pw} dbname=app`,
  (pw: string) => `postgres://user:${encodeURIComponent(pw)}@db.example/app`,
);

describe('passwords never reach a message', () => {
  it('for all passwords and connection-string shapes, no redaction or message contains the password', () => {
    fc.assert(
      fc.property(password, template, (pw, shape) => {
        const connectionString = shape(pw);
        for (const message of messagesOf(connectionString)) {
          expect(message).not.toContain(MARKER);
          expect(message).not.toContain(encodeURIComponent(pw));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['keyword/value form', 'host=h password=s3cret'],
    ['a password query parameter with a bad port', 'postgres://127.0.0.1:99999/db?password=s3cret'],
    ["a '/' in the password", 'postgres://u:hun/ter2@h:99999/db'],
    ["a '#' in the password", 'postgres://u:ab#s3cret@h/db'],
    ["a '?' in the password", 'postgres://u:?s3cret@h/db'],
  ])('does not echo %s', (_, connectionString) => {
    expect(redactConnectionString(connectionString)).toBe('a connection string that is not a URL');
    expect(() => parseConnectionString(connectionString)).toThrow(/not a URL/);
  });

  it("hides a password with '@' whole, and the values of password, sslpassword and sslkey", () => {
    expect(redactConnectionString('postgres://u:p@ss@h/db')).toBe('postgres://u:***@h/db');
    expect(redactConnectionString('postgres://u:x@h:6543/db?password=s3cret&sslmode=require&sslpassword=k&sslkey=/k.pem#frag')).toBe(
      'postgres://u:***@h:6543/db?password=***&sslmode=require&sslpassword=***&sslkey=***',
    );
    expect(redactConnectionString('postgres://casefold:secret@localhost/db')).toBe('postgres://casefold:***@localhost/db');
  });

  it('an unreachable server with a password in the query is reported without it', async () => {
    const port = await freePort();
    const connectionString = `postgres://u@127.0.0.1:${port}/db?password=s3cret`;
    const error: unknown = await openPostgresStore({ connectionString }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(`${String(error)} ${String((error as Error).cause)}`).not.toContain('s3cret');
    expect(isInvalidConnectionStringError(error)).toBe(false);
  });
});

describe('a connection string that passes the check is one pg can use', () => {
  const key = fc.constantFrom('port', 'host', 'ssl', 'sslmode', 'sslnegotiation', 'user', 'password', 'application_name');
  const value = fc.oneof(fc.string(), fc.constantFrom('5432', '0', '65536', 'true', 'disable', 'require', 'direct', 'postgres', '%ZZ', '-1', '1e3'));
  const query = fc.array(fc.tuple(key, value), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());

  it('for all query parameters: a typed refusal, or pg builds a client with a port in 1–65535 (so opening cannot hang on it)', () => {
    fc.assert(
      fc.property(query, fc.constantFrom('db', 'd%20b', 'db%ZZ', ''), (search, database) => {
        const connectionString = `postgres://u:p@127.0.0.1:5432/${database}?${search}`;
        let accepted = true;
        try {
          parseConnectionString(connectionString);
        } catch (e) {
          expect(isInvalidConnectionStringError(e), String(e)).toBe(true);
          accepted = false;
        }
        if (accepted) {
          const client = new pg.Client({ connectionString });
          expect(Number.isInteger(client.port) && client.port >= 1 && client.port <= 65_535, `port ${client.port}`).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
