import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type RecordedEvent, chinaCalendar, getInMemoryEventStore, verifyAll } from '@casefold/engine';
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

/** Every file of a folder and its subfolders. */
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

const simulated = async (commandsInFlight: number, requests = 150, seed = 'in-flight') => {
  const store = getInMemoryEventStore();
  const result = await simulateYear({ store, calendar: chinaCalendar({ years: [2025, 2026] }), requests, seed, commandsInFlight });
  return { store, result, ...(await histories(store.readAll())) };
};

/** The data of each event of one type, by stream. */
const eventsOfType = (byStream: Map<string, unknown[]>, type: string): { readonly streamId: string; readonly data: Record<string, unknown> }[] =>
  [...byStream.entries()].flatMap(([streamId, events]) => (events as { type: string; data: Record<string, unknown> }[]).filter((e) => e.type === type).map((e) => ({ streamId, data: e.data })));

describe('the demo simulation', () => {
  it('gives every case the same events (ids, times, hashes) however many commands are in flight; only the order of cases in the store differs', async () => {
    const [one, many] = [await simulated(1), await simulated(64)];
    expect(many.result.commands).toBe(one.result.commands);
    expect(many.result.events).toBe(one.result.events);
    expect(many.byStream.size).toBeGreaterThanOrEqual(150);
    expect(many.byStream).toEqual(one.byStream);
    expect(many.result.year).toEqual(one.result.year);
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
    const files = filesUnder(SIMULATION);
    expect(files.some((file) => file.includes(`${join('simulation', 'scripts')}`))).toBe(true);
    const imports = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^import [^;]* from '([^']+)';$/gm)].map((m) => ({ file, path: m[1]! })));
    expect(imports.length).toBeGreaterThan(30);
    // Within the module: its own files, and one file above it, a pure hash function (the seeds' FNV-1a), not CLI code.
    const outside = imports
      .filter(({ path }) => path.startsWith('.'))
      .map(({ file, path }) => join(dirname(file), path))
      .filter((path) => !path.startsWith(SIMULATION));
    expect(outside).toEqual([join(SIMULATION, '..', '..', 'hashing', 'fnv1a.js')]);
    expect(imports.filter(({ path }) => !path.startsWith('.') && !/^(@casefold\/(core|engine)|fp-ts\/|node:)/.test(path))).toEqual([]);
  });
  it('a year of the four centres behind one window: every kind, linked requests, conversions whose two histories verify and link each other, grid events settled on the spot, petitions on final matters refused', async () => {
    const { store, result, byStream } = await simulated(64, 1_200, 'four-centres');
    const kinds = new Map<string, string>();
    for (const { streamId, data } of eventsOfType(byStream, 'Submitted'))
      kinds.set(streamId, String((byStream.get(streamId)![0] as { metadata: { workflow?: { id: string } } }).metadata.workflow?.id ?? data['kind']));
    const perKind = (kind: string) => [...kinds.values()].filter((k) => k === kind).length;
    for (const kind of ['mediation', 'legalConsultation', 'legalAid', 'gridEvent', 'petition']) expect(perKind(kind), kind).toBeGreaterThan(0);
    // The source's proportions: consultations far more numerous than mediations; labour disputes over 60% of mediations.
    expect(perKind('legalConsultation')).toBeGreaterThan(2 * perKind('mediation'));
    const mediations = eventsOfType(byStream, 'Submitted').filter(({ streamId }) => kinds.get(streamId) === 'mediation');
    expect(mediations.filter(({ data }) => data['category'] === 'labour').length / mediations.length).toBeGreaterThan(0.6);
    // What the script counted is what the store holds.
    expect(
      Object.values(result.year.cases)
        .flatMap((byRoute) => Object.values(byRoute))
        .reduce((a, b) => a + (b ?? 0), 0),
    ).toBe(byStream.size);

    // Conversions (访调对接): a CaseLinked convertedTo in the old case, the new case's Submitted links back; both verify.
    const conversions = eventsOfType(byStream, 'CaseLinked').filter(({ data }) => data['relation'] === 'convertedTo');
    expect(new Set(conversions.map(({ streamId }) => kinds.get(streamId)))).toEqual(new Set(['gridEvent', 'petition']));
    expect(conversions.length).toBe(Object.values(result.year.conversions).reduce((a, b) => a + b, 0));
    for (const { streamId, data } of conversions) {
      const submitted = (byStream.get(`case-${String(data['caseId'])}`) ?? byStream.get(String(data['caseId'])))?.[0] as { type: string; data: { links?: unknown[] } } | undefined;
      expect(submitted?.type).toBe('Submitted');
      expect(submitted?.data.links).toEqual([{ caseId: streamId.replace(/^case-/, ''), kind: kinds.get(streamId), relation: 'convertedFrom' }]);
    }
    const verified = await verifyAll(store);
    expect(E.isRight(verified) && verified.right.streams).toBe(byStream.size);

    // The window's two linked cases of one request (sameRequest), each naming the other.
    const linked = eventsOfType(byStream, 'Submitted').filter(({ data }) => (data['links'] as { relation: string }[] | undefined)?.some((l) => l.relation === 'sameRequest'));
    expect(linked.length).toBe(2 * result.year.linkedRequests);
    expect(result.year.linkedRequests).toBeGreaterThan(0);

    // Small matters stay in the grid: events settled on the spot at grids and micro-grids.
    const onTheSpot = eventsOfType(byStream, 'ResolvedOnTheSpot');
    expect(onTheSpot.length).toBe((result.year.resolvedOnTheSpot['grid'] ?? 0) + (result.year.resolvedOnTheSpot['microGrid'] ?? 0));
    expect(result.year.resolvedOnTheSpot['microGrid']).toBeGreaterThan(0);

    // A petition on a matter already final is refused at registration (through the handler's lookup) and never registered.
    const again = [...byStream.keys()].filter((streamId) => streamId.endsWith('-again'));
    expect(again.length).toBe(result.year.finalMatterRefusals);
    expect(again.length).toBeGreaterThan(0);
    for (const streamId of again) expect((byStream.get(streamId) as { type: string }[]).map((e) => e.type)).toEqual(['Submitted', 'Closed']);
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
      const generated = await generateDemo({ target: opened, requests: 20, seed: 'changed' });
      expect(E.isLeft(generated) && generated.left).toMatchObject({ streamId: 'writer-1', revision: 0n, kind: 'changed' });
      expect(await opened.projections.load(dashboardProjection.name)).toBeNull();
    } finally {
      await opened.close();
    }
  });
});
