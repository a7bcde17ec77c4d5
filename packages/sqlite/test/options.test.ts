import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidStoreOptionError, isInvalidStoreOptionError } from '@casefold/engine';
import { getSqliteEventStore, openDatabase } from '@casefold/sqlite';
import type { SqliteEventStore, SqliteEventStoreOptions } from '@casefold/sqlite';
import { storeDatabase } from '../src/eventStore/storeDatabase.js';
import { failureOf, newEvent, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** What `open` throws, or returns (a store or database left open if the test fails). */
const attempt = (open: () => unknown): unknown => {
  try {
    return open();
  } catch (e) {
    return e;
  }
};

/** Each option with the JS type it takes and whether a value of that type is allowed. */
const rules = {
  synchronous: { type: 'string', allowed: (v: unknown) => v === 'FULL' || v === 'NORMAL' || v === 'OFF' },
  busyTimeoutMs: { type: 'number', allowed: (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2 ** 31 - 1 },
  pageSize: { type: 'number', allowed: (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 1 },
  pollIntervalMs: { type: 'number', allowed: (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 2 ** 31 - 1 },
  groupCommit: { type: 'boolean', allowed: (v: unknown) => typeof v === 'boolean' },
} as const;
type OptionName = keyof typeof rules;
/** The options `openDatabase` takes too. */
const databaseRules = { synchronous: true, busyTimeoutMs: true };
const optionNames = Object.keys(rules) as OptionName[];

/** Any value at all, weighted towards the edges of the options' ranges. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.string(),
  fc.constantFrom<unknown>(-0, 0.5, 1.5, 2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, -Infinity),
  fc.constantFrom<unknown>('FULL', 'NORMAL', 'OFF', 'full', 'yes', 'true', '100', true, false, null, 1n, [], {}),
);

describe('options are checked before anything is opened', () => {
  it.each<[Partial<Record<OptionName, unknown>>, string]>([
    [{ busyTimeoutMs: -5 }, `Invalid store option 'busyTimeoutMs': must be a whole number from 0 to 2147483647, got -5`],
    [{ busyTimeoutMs: 1.5 }, `Invalid store option 'busyTimeoutMs': must be a whole number from 0 to 2147483647, got 1.5`],
    [{ busyTimeoutMs: 2 ** 31 }, `Invalid store option 'busyTimeoutMs': must be a whole number from 0 to 2147483647, got 2147483648`],
    [{ busyTimeoutMs: '100' }, `Invalid store option 'busyTimeoutMs': must be a whole number from 0 to 2147483647, got '100' (a string)`],
    [{ groupCommit: 'yes' }, `Invalid store option 'groupCommit': must be true or false, got 'yes' (a string)`],
    [{ groupCommit: 1 }, `Invalid store option 'groupCommit': must be true or false, got 1 (a number)`],
    [{ synchronous: 'SOMETIMES' }, `Invalid store option 'synchronous': must be one of 'FULL', 'NORMAL', 'OFF', got 'SOMETIMES'`],
    [{ synchronous: 2 }, `Invalid store option 'synchronous': must be one of 'FULL', 'NORMAL', 'OFF', got 2 (a number)`],
    [{ pageSize: 0 }, `Invalid store option 'pageSize': must be a whole number ≥ 1, got 0`],
    [{ pageSize: NaN }, `Invalid store option 'pageSize': must be a whole number ≥ 1, got NaN`],
    [{ pollIntervalMs: 0.5 }, `Invalid store option 'pollIntervalMs': must be a whole number from 1 to 2147483647, got 0.5`],
    [{ pollIntervalMs: Infinity }, `Invalid store option 'pollIntervalMs': must be a whole number from 1 to 2147483647, got Infinity`],
  ])('%o: InvalidStoreOptionError naming the option, the value and what is allowed', (bad, message) => {
    const error = failureOf(() => getSqliteEventStore({ fileName: ':memory:', ...bad } as SqliteEventStoreOptions));
    expect(error).toBeInstanceOf(InvalidStoreOptionError);
    expect((error as Error).message).toBe(`${message}. Nothing was opened; fix the option.`);
  });

  it('openDatabase checks its own options the same way', () => {
    expect(() => openDatabase({ fileName: ':memory:', busyTimeoutMs: -5 })).toThrow(
      expect.objectContaining({ name: 'InvalidStoreOptionError', option: 'busyTimeoutMs', reason: 'must be a whole number from 0 to 2147483647, got -5' }),
    );
    expect(() => openDatabase({ fileName: ':memory:', synchronous: 'full' as never })).toThrow(
      expect.objectContaining({ name: 'InvalidStoreOptionError', option: 'synchronous', reason: `must be one of 'FULL', 'NORMAL', 'OFF', got 'full'` }),
    );
  });

  it('a missing or non-string fileName, or no options object, is InvalidStoreOptionError saying what to give', () => {
    expect(() => getSqliteEventStore({ fileName: 42 } as never)).toThrow(
      expect.objectContaining({ name: 'InvalidStoreOptionError', option: 'fileName', reason: `must be a string: the path of the database file or ':memory:', got 42 (a number)` }),
    );
    expect(() => openDatabase({} as never)).toThrow(
      expect.objectContaining({ name: 'InvalidStoreOptionError', option: 'fileName', reason: `must be a string: the path of the database file or ':memory:', got undefined` }),
    );
    expect(() => getSqliteEventStore('cases.db' as never)).toThrow(
      expect.objectContaining({ name: 'InvalidStoreOptionError', option: 'options', reason: `must be an object such as { fileName: 'cases.db' }, got 'cases.db' (a string)` }),
    );
  });

  it('for every option and any value: accepted if allowed, else InvalidStoreOptionError naming it and the kind of a value of the wrong type (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...optionNames), anyValue, (name, value) => {
        fc.pre(value !== undefined);
        const { type, allowed } = rules[name];
        const open = (): SqliteEventStore => getSqliteEventStore({ fileName: ':memory:', [name]: value } as unknown as SqliteEventStoreOptions);
        if (allowed(value)) {
          const store = open();
          if (name === 'busyTimeoutMs') expect(storeDatabase(store).pragma('busy_timeout', { simple: true }) === value).toBe(true); // -0 is 0
          void store.close();
          return;
        }
        const error = failureOf(open);
        expect(isInvalidStoreOptionError(error) && error.option).toBe(name);
        expect((error as Error).message).toMatch(
          new RegExp(`^Invalid store option '${name}': must be .+, got .*${typeof value === type || value === null || value === undefined ? '' : '\\(an? \\w+\\)'}`),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a bad option creates or changes nothing on disk', () => {
  it('for every option and any value not allowed: no new file, an existing store byte for byte as it was (1,000 runs)', async () => {
    const area = dir.file('bad-options');
    mkdirSync(area);
    const existing = join(area, 'existing.db');
    const fresh = join(area, 'fresh.db');
    const store = getSqliteEventStore({ fileName: existing });
    await store.appendToStream('case-1', [newEvent()]);
    await store.close();
    const bytes = readFileSync(existing);
    fc.assert(
      fc.property(fc.constantFrom(...optionNames), anyValue, (name, value) => {
        fc.pre(value !== undefined && !rules[name].allowed(value));
        // Each run starts from the same files, so that a failing run cannot fail the ones after it.
        for (const file of readdirSync(area)) if (file !== 'existing.db') rmSync(join(area, file));
        writeFileSync(existing, bytes);
        for (const fileName of [fresh, existing]) {
          const options = { fileName, [name]: value } as unknown as SqliteEventStoreOptions;
          const opens = [() => getSqliteEventStore(options), ...(name in databaseRules ? [() => openDatabase(options)] : [])];
          for (const open of opens) {
            const outcome = attempt(open);
            expect(readdirSync(area)).toEqual(['existing.db']);
            expect(readFileSync(existing).equals(bytes)).toBe(true);
            expect((outcome as Error).message).toMatch(new RegExp(`^Invalid store option '${name}': must be `));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
