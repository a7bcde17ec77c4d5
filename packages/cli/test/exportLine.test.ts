import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Json, type NewEvent, type StoredEvent, getInMemoryEventStore, parseStoredEvent } from '@casefold/engine';
import { newEvent } from '@casefold/engine/testing';
import { eventLine, exportLine } from '../src/ndjson/exportFormat.js';

const storedOf = async (event: NewEvent): Promise<StoredEvent> => {
  const store = getInMemoryEventStore();
  await store.appendToStream('case-1', [event]);
  for await (const stored of store.readStoredAll!()) return stored;
  throw new Error('nothing stored');
};

/** The line as export wrote it before stored reads: the parsed event, serialized. */
const parsedLine = (stored: StoredEvent): unknown => JSON.parse(JSON.stringify(eventLine(parseStoredEvent(stored))));

describe('an export line from stored texts', () => {
  it('for all JSON data and metadata, parses to the line of the parsed event and holds no raw line break (1,000 runs)', async () => {
    const json = fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 3 });
    await fc.assert(
      fc.asyncProperty(json, fc.dictionary(fc.string({ unit: 'grapheme' }), json, { maxKeys: 4 }), fc.string({ unit: 'grapheme', minLength: 1 }), async (data, extra, type) => {
        const base = newEvent(data as Json);
        const stored = await storedOf({ ...base, type, metadata: { ...(extra as Record<string, Json>), ...base.metadata } });
        const line = exportLine(stored);
        expect(line.matchesHash).toBe(true);
        expect(line.text).not.toMatch(/[\n\r]/);
        expect(JSON.parse(line.text)).toEqual(parsedLine(stored));
        expect(exportLine(parseStoredEvent(stored))).toEqual({ text: JSON.stringify(eventLine(parseStoredEvent(stored))), matchesHash: true });
      }),
      { numRuns: 1000 },
    );
  });

  it('writes intact stored text as it is, unparsed (canonical key order, which parsing would change for integer-like keys)', async () => {
    const stored = await storedOf(newEvent({ '10': 1, '2': 2 }));
    expect(stored.dataJson).toBe('{"10":1,"2":2}');
    expect(exportLine(stored).text).toContain('"data":{"10":1,"2":2},');
    expect(JSON.stringify(eventLine(parseStoredEvent(stored)))).toContain('"data":{"2":2,"10":1},');
  });

  it('writes text that does not hash as it is (reformatted, or changed) from the parsed event, on one line; only a change fails the hash', async () => {
    const stored = await storedOf(newEvent({ b: [1, 2], a: 'x' }));
    const reformatted = { ...stored, dataJson: JSON.stringify(JSON.parse(stored.dataJson), null, 2) };
    const line = exportLine(reformatted);
    expect(line.matchesHash).toBe(true);
    expect(line.text).not.toMatch(/\n/);
    expect(JSON.parse(line.text)).toEqual(parsedLine(stored));
    const changed = exportLine({ ...stored, dataJson: '{"b":[1,2],"a":"y"}' });
    expect(changed.matchesHash).toBe(false);
    expect(JSON.parse(changed.text)).toMatchObject({ data: { a: 'y', b: [1, 2] }, hash: stored.hash });
    expect(exportLine({ ...parseStoredEvent(stored), type: 'Other' }).matchesHash).toBe(false);
    expect(() => exportLine({ ...stored, dataJson: '{"a":' })).toThrow(/not valid JSON/);
  });
});
