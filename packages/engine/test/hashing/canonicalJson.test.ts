import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, InvalidAppendError, canonicalJson, eventHash, eventHashOfJson, hashedContent } from '../../src/index.js';
import { jsonProblem } from '../../src/hashing/canonicalJson.js';
import { chainAppendJson, chainEvents, chainEventsJson } from '../../src/adapter/index.js';
import { newEvents } from '@casefold/engine/testing';
import { referenceCanonicalJson } from '../audit/referenceCanonicalJson.js';

/** A plain reference: sort keys recursively, then JSON.stringify (no whitespace, ES number form). */
const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
};

const json = fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 5 });

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 examples for key order, numbers and escapes', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 0.5, y: -0 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":0,"z":0.5}}');
    expect(canonicalJson({ numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000001, 1e-7] })).toBe('{"numbers":[333333333.3333333,1e+30,4.5,0.002,0.000001,1e-7]}');
    expect(canonicalJson({ '\u20ac': 'Euro', '\r': 'CR', '1': 'One', '\u0080': 'ctl', '\ud83d\ude00': 'smiley', '\u00f6': 'ö' })).toBe(
      '{"\\r":"CR","1":"One","\u0080":"ctl","ö":"ö","€":"Euro","😀":"smiley"}',
    );
    expect(canonicalJson({ gone: undefined, list: [undefined] })).toBe('{"list":[null]}');
  });

  it('for all JSON values without array-index keys, equals JSON.stringify of the key-sorted value', () => {
    // JSON.stringify writes array-index keys ("0", "10") first, in numeric order, whatever
    // the insertion order: there the reference test below is the oracle.
    const hasIndexKey = (value: unknown): boolean =>
      typeof value === 'object' && value !== null && (Object.keys(value).some((key) => /^(0|[1-9][0-9]*)$/.test(key)) || Object.values(value).some(hasIndexKey));
    fc.assert(
      fc.property(json, (value) => {
        fc.pre(!hasIndexKey(value));
        expect(canonicalJson(value)).toBe(JSON.stringify(sortKeys(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('for all values, equals the plain reference serializer: same text, or the same error', () => {
    // Keys that trip shortcuts: array-index keys (V8 enumerates them first), near-indices,
    // __proto__, escapes, non-BMP characters, prefixes of each other.
    const key = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('0', '1', '9', '10', '01', '-1', '4294967294', '4294967295', '__proto__', 'constructor', 'a', 'ab', 'B', '\u00e9', '\n', '"', '\\', '\ud83d\ude00', '\uffff', ''),
      fc.nat().map(String),
    );
    const leaf = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', 'é', '中', '\ud83d\ude00') }),
      fc.double(),
      fc.integer(),
      fc.constantFrom(-0, 0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, true, false, null, undefined),
      fc.bigInt(),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.array(fc.tuple(key, tie('value')), { maxLength: 8 }).map((entries) => {
        const record: Record<string, unknown> = {};
        for (const [k, v] of entries) Object.defineProperty(record, k, { value: v, enumerable: true, writable: true, configurable: true });
        return record;
      }),
    }));
    // Errors compare by class: with two faults in one value, which one is named first may differ.
    const outcome = (serialize: (v: unknown) => string, input: unknown): string => {
      try {
        return `ok ${serialize(input)}`;
      } catch (error) {
        return (error as Error).name;
      }
    };
    const referenceChecked = (input: unknown): string => {
      const text = referenceCanonicalJson(input);
      if (!(text as string & { isWellFormed(): boolean }).isWellFormed() || /(^|[^\\])(\\\\)*\\ud[89a-f]/.test(text)) {
        throw new TypeError('canonicalJson: a string contains a lone surrogate, which RFC 8785 (I-JSON) forbids');
      }
      return text;
    };
    fc.assert(
      fc.property(value, (input) => {
        expect(outcome(canonicalJson, input)).toBe(outcome(referenceChecked, input));
      }),
      { numRuns: 2000 },
    );
  });

  it('for all strings, throws exactly when a lone surrogate is present (also in keys, also after escaped backslashes)', () => {
    const nasty = fc.string({ unit: fc.constantFrom('a', '\\', 'u', 'd', '8', '\ud800', '\udc00', '\ud83d\ude00', '"'), maxLength: 12 });
    fc.assert(
      fc.property(nasty, fc.boolean(), (text, asKey) => {
        const value = asKey ? { [text]: 1 } : { text };
        const wellFormed = (text as string & { isWellFormed(): boolean }).isWellFormed();
        if (wellFormed) expect(canonicalJson(value)).toBe(JSON.stringify(value));
        else expect(() => canonicalJson(value)).toThrow(/lone surrogate/);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses what JSON cannot represent as it is, and jsonProblem says what and where', () => {
    class Money {
      constructor(readonly fen: number) {}
    }
    const cycle: Record<string, unknown> = { a: 1 };
    cycle['self'] = { back: cycle };
    const cases: [unknown, string | RegExp][] = [
      [Number.NaN, 'NaN at data'],
      [{ nested: [1, Number.NEGATIVE_INFINITY] }, '-Infinity at data.nested[1]'],
      [() => 1, 'a function at data'],
      [{ s: Symbol('s') }, 'a symbol at data.s'],
      [{ amount: 12345678901234567890n }, 'a bigint at data.amount (write it as a string)'],
      [{ when: new Date(0) }, /^a Date at data\.when \(turn it into plain data/],
      [{ parties: [{ tags: new Map() }] }, /^a Map at data\.parties\[0\]\.tags/],
      [{ fee: new Money(5) }, /^a Money at data\.fee/],
      [{ text: 'broken \ud800' }, 'a string with a lone surrogate at data.text'],
      [{ ['\udc00']: 1 }, 'a key with a lone surrogate in data'],
      [cycle, 'a reference to an enclosing value at data.self.back'],
    ];
    for (const [bad, problem] of cases) {
      expect(() => canonicalJson(bad), String(problem)).toThrow(cycle === bad ? RangeError : TypeError);
      if (typeof problem === 'string') expect(jsonProblem(bad, 'data')).toBe(problem);
      else expect(jsonProblem(bad, 'data')).toMatch(problem);
    }
    expect(jsonProblem(undefined, 'data')).toBe('nothing (undefined) at data');
    const shared = { x: 1 };
    expect(jsonProblem({ a: shared, b: [shared], c: Object.create(null) as object, gone: undefined, list: [undefined] }, 'data')).toBeNull();
  });
});

describe('the hash chain', () => {
  it('for all events, hashedContent equals canonicalJson of the written fields', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.bigInt({ min: 0n, max: 2n ** 63n }), json, (streamId, revision, data) => {
        const [event] = newEvents(1);
        const written = { streamId, revision, eventId: event!.eventId, type: event!.type, data: data as never, metadata: event!.metadata };
        // The revision, a bigint, is hashed as its decimal string.
        expect(hashedContent(written)).toBe(canonicalJson({ ...written, revision: revision.toString() }));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the hashes of chains written by earlier versions (pinned SHA-256 values)', () => {
    const events = [
      {
        eventId: 'e-1',
        type: 'Submitted',
        data: { summary: '工资拖欠 "quoted" \\ back\nline 😀', amountFen: 1_000_000, ratio: 0.1, parties: [{ side: 'applicant', pii: { name: 'Ä', phone: null } }], '10': 'ten', '9': 'nine' },
        metadata: { occurredAt: '2026-01-05T01:00:00.000Z', recordedAt: '2026-01-05T01:00:00.001Z', commandId: 'c-1', correlationId: 'c-1', causationId: null, schemaVersion: 1, é: true },
      },
      {
        eventId: 'e-2',
        type: 'Reviewed',
        data: { decision: 'accepted', note: null, empty: {}, list: [] },
        metadata: { occurredAt: '2026-01-05T02:00:00.000Z', recordedAt: '2026-01-05T02:00:00.001Z', commandId: 'c-2', correlationId: 'c-1', causationId: 'e-1', schemaVersion: 2 },
      },
    ];
    expect(chainEvents('case-golden', null, events).map((e) => e.hash)).toEqual([
      '30a01cc41ca3082fec106a1e7190c46b5953201192a43bc32e614903cf428574',
      '6e08ad5e21c7209da54c50a2486fff8b77e0645f0e09eaf2ed15ea5653981c81',
    ]);
  });

  it('for all appends, chainEventsJson chains as chainEvents does and hands out the canonical texts its hashes cover', () => {
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 4 }), fc.option(fc.bigInt({ min: 0n, max: 1000n }), { nil: null }), (datas, headRevision) => {
        const events = newEvents(datas.length).map((event, i) => ({ ...event, data: datas[i] as never }));
        const head = headRevision === null ? null : { revision: headRevision, hash: 'a'.repeat(64) };
        const withJson = chainEventsJson('s-1', head, events);
        expect(withJson.map((c) => c.event)).toEqual(chainEvents('s-1', head, events));
        for (const { event, dataJson, metadataJson } of withJson) {
          expect(dataJson).toBe(canonicalJson(event.data));
          expect(metadataJson).toBe(canonicalJson(event.metadata));
          expect(JSON.parse(dataJson)).toEqual(JSON.parse(JSON.stringify(event.data)));
          expect(eventHashOfJson(event.prevHash, { ...event, dataJson, metadataJson })).toBe(event.hash);
          expect(eventHash(event.prevHash, event)).toBe(event.hash);
          // Any other text (here: not canonical, or changed) gives another hash.
          expect(eventHashOfJson(event.prevHash, { ...event, dataJson: `${dataJson} `, metadataJson })).not.toBe(event.hash);
        }
      }),
      { numRuns: 1000 },
    );
    expect(() => chainAppendJson('s-1', null, [{ ...newEvents(1)[0]!, data: { bad: Number.NaN } }])).toThrow(InvalidAppendError);
    const [ok, late] = newEvents(2);
    expect(() => chainAppendJson('s-1', null, [ok!, { ...late!, data: { at: [new Date(0)] } as never }])).toThrow(`event 1 (${late!.eventId}) holds a Date at data.at[0]`);
  });

  it('chains events: revision from the head, prevHash the previous hash, hash = SHA-256(prevHash + content)', () => {
    const events = newEvents(3);
    const first = chainEvents('s', null, events.slice(0, 2));
    const more = chainEvents('s', { revision: 1n, hash: first[1]!.hash }, events.slice(2));
    const all = [...first, ...more];
    expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 0; i < all.length; i++) {
      const event = all[i]!;
      if (i > 0) expect(event.prevHash).toBe(all[i - 1]!.hash);
      expect(event.hash).toBe(
        createHash('sha256')
          .update(event.prevHash + hashedContent(event))
          .digest('hex'),
      );
    }
  });
});
