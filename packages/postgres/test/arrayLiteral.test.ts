import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../src/eventStore/arrayLiteral.js';
import { databaseUrl } from './support/testStore.js';

/*
 * The store builds the array literals of grouped and long appends itself (arrayLiteral), not the
 * driver: every event's id, type, data and metadata pass through it. The real server must read
 * back exactly the texts given, whatever they hold.
 */

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

/** The texts the server reads from the literal, as `text[]`. */
const readBack = async (values: readonly string[]): Promise<string[]> => (await client.query<{ a: string[] }>('SELECT $1::text[] AS a', [arrayLiteral(values)])).rows[0]!.a;

/** What PostgreSQL text can hold: no NUL; what casefold writes: no lone surrogate (canonical JSON and ids refuse them). */
const storable = (text: string): boolean => !text.includes('\u0000') && !/\p{Cs}/u.test(text);

describe('arrayLiteral, read back by the server', () => {
  it('keeps quotes, backslashes, braces, commas, control characters, NULL, blanks and the empty text as given', async () => {
    const values = ['', ' ', 'NULL', 'null', '"', '\\', '\\"', '"\\', '{', '}', '{a,b}', 'a,b', '\n', '\t\r\u001f', 'a\\nb', '\u2028', '数据 🧾', '{"k":"v\\"w"}', '\\u0041'];
    expect(await readBack(values)).toEqual(values);
  });

  it('for all arrays of texts (any Unicode, with the characters an array literal escapes), the server reads back the same texts', async () => {
    const special = fc.constantFrom('"', '\\', '{', '}', ',', ' ', '\n', '\u0001', 'NULL');
    const text = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), special), { maxLength: 8 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(text.filter(storable), { maxLength: 12 }), async (values) => {
        expect(await readBack(values)).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });
});
