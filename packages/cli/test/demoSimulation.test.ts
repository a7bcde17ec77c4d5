import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type RecordedEvent, chinaCalendar, getInMemoryEventStore } from '@casefold/engine';
import { openDatabase } from '@casefold/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../src/demo/generateDemo.js';
import { LOOKAHEAD_MS, simulateYear } from '../src/demo/simulation/index.js';
import { dashboardProjection } from '../src/projections/dashboardProjection.js';
import { openStore } from '../src/store/openStore.js';
import { tempDir } from './support/demoDatabase.js';

const SIMULATION = join(import.meta.dirname, '..', 'src', 'demo', 'simulation');

/**
 * Every event of a store by stream and revision (positions aside): what a case's history is;
 * the streams in store order; and how far, at most, an event's time lies behind an event stored before it.
 */
const histories = async (events: AsyncIterable<RecordedEvent>): Promise<{ readonly byStream: Map<string, unknown[]>; readonly order: string[]; readonly lagMs: number }> => {
  const byStream = new Map<string, unknown[]>();
  const order: string[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  let lagMs = 0;
  for await (const { position: _position, ...event } of events) {
    byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    order.push(event.streamId);
    const at = Date.parse(event.metadata.recordedAt);
    latest = Math.max(latest, at);
    lagMs = Math.max(lagMs, latest - at);
  }
  return { byStream, order, lagMs };
};

const simulated = async (commandsInFlight: number) => {
  const store = getInMemoryEventStore();
  const result = await simulateYear({ store, calendar: chinaCalendar({ years: [2025, 2026] }), cases: 150, seed: 'in-flight', commandsInFlight });
  return { result, ...(await histories(store.readAll())) };
};

describe('the demo simulation', () => {
  it('gives every case the same events (ids, times, hashes) however many commands are in flight; only the order of cases in the store differs', async () => {
    const [one, many] = [await simulated(1), await simulated(64)];
    expect(many.result.commands).toBe(one.result.commands);
    expect(many.result.events).toBe(one.result.events);
    expect(many.byStream.size).toBe(150);
    expect(many.byStream).toEqual(one.byStream);
    expect(many.order).not.toEqual(one.order);
    expect((await simulated(64)).order).toEqual(many.order);
  });

  it('stores in simulated-time order, to within an hour, with many commands in flight', async () => {
    const [one, many] = [await simulated(1), await simulated(256)];
    expect(one.lagMs).toBe(0);
    expect(many.lagMs).toBeGreaterThan(0);
    expect(many.lagMs).toBeLessThanOrEqual(LOOKAHEAD_MS);
  });

  it('is a module of its own: it imports the packages and its own files, nothing of the CLI', () => {
    const imports = readdirSync(SIMULATION).flatMap((file) => [...readFileSync(join(SIMULATION, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!));
    expect(imports.length).toBeGreaterThan(10);
    // The one file above it: a pure hash function (the seeds' FNV-1a), not CLI code.
    const outside = imports.filter((path) => !path.startsWith('./') && !/^(@casefold\/(core|engine)|fp-ts\/|node:)/.test(path));
    expect(outside).toEqual(['../../hashing/fnv1a.js']);
  });
  it('generateDemo: events that do not verify (changed by another process meanwhile) are a broken link, and no read model is committed', async () => {
    const fileName = join(tempDir(), 'changed.db');
    const opened = await openStore({ kind: 'sqlite', fileName }, { cwd: '/', create: true });
    try {
      const metadata = { occurredAt: '2025-03-01T00:00:00.000Z', recordedAt: '2025-03-01T00:00:00.000Z', commandId: 'w-1', correlationId: 'w-1', causationId: null, schemaVersion: 1 };
      await opened.events.appendToStream('writer-1', [{ eventId: 'writer-1', type: 'Tick', data: { n: 1 }, metadata }], { expectedRevision: 'no_stream' });
      const other = openDatabase({ fileName });
      other.prepare(`UPDATE events SET data = '{"n":2}' WHERE stream_id = 'writer-1'`).run();
      other.close();
      const generated = await generateDemo({ target: opened, cases: 20, seed: 'changed' });
      expect(E.isLeft(generated) && generated.left).toMatchObject({ streamId: 'writer-1', revision: 0n, kind: 'changed' });
      expect(await opened.projections.load(dashboardProjection.name)).toBeNull();
    } finally {
      await opened.close();
    }
  });
});
