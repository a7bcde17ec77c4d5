import { newEvent } from '@casefold/engine/testing';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH, jsonAmbiguity, storedEventMatchesHash, type StoredEvent } from '../../src/index.js';

describe('jsonAmbiguity', () => {
  it('accepts text every reader reads alike, canonical or not', () => {
    for (const text of [
      '{}',
      '[]',
      '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}',
      '{ "b" : 1.50, "a" : -0, "c": 1e2, "d": "x\\"y" }',
      '[1,2,{"k":[{"k":1}]}]',
      '"\\ud83d\\ude00"',
      '1234567890123456e3',
    ]) {
      expect(jsonAmbiguity(text), text).toBeNull();
    }
  });

  it('names a key that appears twice in one object, also when escaped differently', () => {
    expect(jsonAmbiguity('{"amountFen":1,"amountFen":15000000}')).toMatch(/^the key "amountFen" appears twice in one object \(SQLite's json_extract reads the first value/);
    expect(jsonAmbiguity('{"a":{"x":1,"y":[1,2],"\\u0078":2}}')).toMatch(/^the key "x" appears twice in one object/);
  });

  it('names numbers a double cannot hold exactly, and lone surrogates', () => {
    expect(jsonAmbiguity('{"id":12345678901234567891}')).toMatch(/^the number 12345678901234567891 cannot be read exactly/);
    expect(jsonAmbiguity('[1e400]')).toMatch(/^the number 1e400 cannot be read exactly/);
    expect(jsonAmbiguity('{"x":"\\ud800"}')).toMatch(/lone surrogate/);
  });
});

describe('storedEventMatchesHash', () => {
  const event = { streamId: 'case-1', revision: 0n, position: 1n, ...newEvent({ amountFen: 15_000_000 }, 'Filed') };
  const hash = eventHash(GENESIS_HASH, event);
  const stored = (dataJson: string): StoredEvent => ({ ...event, dataJson, metadataJson: canonicalJson(event.metadata), prevHash: GENESIS_HASH, hash });

  it('accepts the canonical text and a reformatting with the same meaning', () => {
    expect(storedEventMatchesHash(stored(canonicalJson(event.data)))).toBe(true);
    expect(storedEventMatchesHash(stored('{ "amountFen" : 15000000.0 }'))).toBe(true);
  });

  it('refuses a duplicated key whose last value (what JSON.parse reads) matches the hash', () => {
    expect(JSON.parse('{"amountFen":1,"amountFen":15000000}')).toEqual(event.data);
    expect(storedEventMatchesHash(stored('{"amountFen":1,"amountFen":15000000}'))).toBe(false);
  });
});
