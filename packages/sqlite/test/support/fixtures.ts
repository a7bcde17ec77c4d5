import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Json, NewEvent, RecordedEvent } from '@casefold/engine';

/** A fresh directory under the system temp dir; `remove()` deletes it with everything in it. */
export const tempDir = (): { readonly path: string; readonly file: (name: string) => string; readonly remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), 'casefold-sqlite-'));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
};

let counter = 0;

/** A well-formed new event; `data` and extra metadata are the caller's. */
export const newEvent = (type = 'Submitted', data: Json = { n: counter }, extraMetadata: Record<string, Json> = {}): NewEvent => {
  counter += 1;
  return {
    eventId: `event-${counter}`,
    type,
    data,
    metadata: {
      occurredAt: '2026-03-01T08:00:00.000Z',
      recordedAt: '2026-03-01T08:00:01.000Z',
      commandId: `command-${counter}`,
      correlationId: `command-${counter}`,
      causationId: null,
      schemaVersion: 1,
      ...extraMetadata,
    },
  };
};

/** Collects an async iterable into an array. */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** The error an async function rejects with (fails the test if it resolves). */
export const rejectionOf = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but the operation succeeded');
};

/** `streamId@revision` of each event: compact to compare. */
export const keys = (events: readonly RecordedEvent[]): string[] => events.map((e) => `${e.streamId}@${e.revision}`);

/** One append of a random sequence: to which of three streams, how many events, with which expected revision. */
export type AppendStep = { readonly stream: number; readonly count: number; readonly expectation: 'any' | 'no_stream' | 'stream_exists' | 'exact' | 'stale' };

/** Random appends for model tests of expected revisions (exact and stale are resolved against the model). */
export const appendStep: fc.Arbitrary<AppendStep> = fc.record<AppendStep>({
  stream: fc.integer({ min: 0, max: 2 }),
  count: fc.integer({ min: 1, max: 3 }),
  expectation: fc.constantFrom('any', 'no_stream', 'stream_exists', 'exact', 'stale'),
});

/** The error `open` throws (fails the test if it returns). */
export const failureOf = (open: () => unknown): unknown => {
  try {
    open();
  } catch (e) {
    return e;
  }
  throw new Error('expected the open to fail, but it succeeded');
};
