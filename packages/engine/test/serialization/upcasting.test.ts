import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore, handleCommand, ioTsEventCodec, upcasterRegistry, verifyAll, type EventMetadata, type NewEvent, type RecordedEvent } from '../../src/index.js';

const Meta = t.type({ occurredAt: t.string, commandId: t.string, actor: t.type({ id: t.string, role: t.string, unit: t.string }) });
/** Version 2 of `Submitted`: the claimed amount became integer fen (version 1 stored yuan as a decimal string). */
const Submitted = t.type({ type: t.literal('Submitted'), data: t.type({ caseId: t.string, claimedFen: t.Int, channel: t.string }), meta: Meta });
/** `Reviewed` is still at version 1. */
const Reviewed = t.type({ type: t.literal('Reviewed'), data: t.type({ decision: t.union([t.literal('accepted'), t.literal('rejected')]) }), meta: Meta });

// #region upcasters
const upcasters = upcasterRegistry([
  {
    type: 'Submitted',
    fromVersion: 1,
    upcast: (data) => {
      const { caseId, claimedYuan } = data as { caseId: string; claimedYuan: string };
      if (!/^\d+(\.\d{1,2})?$/.test(claimedYuan)) throw new Error('claimedYuan is not a decimal amount');
      const [yuan, fen = ''] = claimedYuan.split('.');
      return { caseId, claimedFen: Number(yuan) * 100 + Number(fen.padEnd(2, '0')) };
    },
  },
  { type: 'Submitted', fromVersion: 2, upcast: (data) => ({ ...(data as object), channel: 'window' }) },
]);

const codec = ioTsEventCodec({ events: { Submitted, Reviewed }, schemaVersions: { Submitted: 3 }, upcasters });
// #endregion upcasters
const meta = { occurredAt: '2026-03-02T08:00:00.000Z', commandId: 'cmd-1', actor: { id: 'staff-1', role: 'intake', unit: 'window-3' } };

const stored = (type: string, data: NewEvent['data'], schemaVersion: number, extra: Partial<EventMetadata> = {}): NewEvent => ({
  eventId: `${type}-${schemaVersion}-${Math.random()}`,
  type,
  data,
  metadata: { ...meta, recordedAt: '2026-03-02T08:00:01.000Z', correlationId: 'cmd-1', causationId: null, schemaVersion, ...extra },
});

const readAll = async (store: ReturnType<typeof getInMemoryEventStore>): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};

describe('upcasting through the codec layer', () => {
  it('reads stored version-1 and version-2 events as version 3, leaving the stored events and their hashes untouched', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('case-1', [stored('Submitted', { caseId: 'case-1', claimedYuan: '200000.5' }, 1)]);
    await store.appendToStream('case-2', [stored('Submitted', { caseId: 'case-2', claimedFen: 150 }, 2)]);
    const [v1, v2] = await readAll(store);
    expect(codec.decode(v1!)).toEqual(E.right({ type: 'Submitted', data: { caseId: 'case-1', claimedFen: 20_000_050, channel: 'window' }, meta }));
    expect(codec.decode(v2!)).toEqual(E.right({ type: 'Submitted', data: { caseId: 'case-2', claimedFen: 150, channel: 'window' }, meta }));
    expect(v1!.data).toEqual({ caseId: 'case-1', claimedYuan: '200000.5' });
    expect(v1!.metadata.schemaVersion).toBe(1);
    expect(E.isRight(await verifyAll(store))).toBe(true);
  });

  it('writes the current version, and a round trip through the store gives the event back exactly', async () => {
    const store = getInMemoryEventStore();
    const event = { type: 'Submitted' as const, data: { caseId: 'case-1', claimedFen: 15_000_000 as t.Int, channel: 'wechat' }, meta };
    const decider = { initialState: null, evolve: () => null, decide: () => E.right([event]) };
    const result = await handleCommand(
      { store, decider, codec, newEventId: () => 'e-1', clock: () => '2026-03-02T08:00:01.000Z' },
      { streamId: 'case-1', commandId: 'cmd-1', command: null, context: null },
    );
    if (E.isLeft(result)) throw new Error(result.left.kind);
    expect(result.right.recorded[0]!.metadata.schemaVersion).toBe(3);
    const [recorded] = await readAll(store);
    expect(codec.decode(recorded!)).toEqual(E.right(event));
  });

  it('names the failing field, type or version in an EventDecodeError, never quoting string values', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('c', [
      stored('Reviewed', { decision: 'maybe' }, 1),
      stored('Reviewed', { decision: 'accepted' }, 1, { actor: { id: 'x', role: 7 } as never }),
      stored('Closed', {}, 1),
      stored('Reviewed', { decision: 'accepted' }, 2),
      stored('Submitted', { caseId: 'c', claimedYuan: 'a lot' }, 1),
      stored('Reviewed', { decision: 'accepted' }, 0),
    ]);
    const failures = (await readAll(store)).map((recorded) => {
      const decoded = codec.decode(recorded);
      if (E.isRight(decoded)) throw new Error(`revision ${recorded.revision} decoded`);
      return [decoded.left.revision, decoded.left.path] as const;
    });
    expect(failures).toEqual([
      [0n, 'data.decision'],
      [1n, 'metadata.actor.role'],
      [2n, 'type'],
      [3n, 'metadata.schemaVersion'],
      [4n, 'data'],
      [5n, 'metadata.schemaVersion'],
    ]);
    const [first] = await readAll(store);
    const decoded = codec.decode(first!);
    expect(E.isLeft(decoded) && decoded.left.message).not.toContain('maybe');
  });

  it('refuses two upcasters for one (type, version) and versions below 1', () => {
    const upcast = (data: unknown) => data as never;
    expect(() =>
      upcasterRegistry([
        { type: 'A', fromVersion: 1, upcast },
        { type: 'A', fromVersion: 1, upcast },
      ]),
    ).toThrow(/two upcasters for 'A' from version 1/);
    expect(() => upcasterRegistry([{ type: 'A', fromVersion: 0, upcast }])).toThrow(/versions start at 1/);
  });

  it('for all chains of upcasters, an event stored at any version reads at the latest, renames included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (latest, from, renameAt) => {
        fc.pre(from < latest);
        // Versions 1..latest-1 each have an upcaster; the one from `renameAt` also renames Old → New.
        const registry = upcasterRegistry(
          Array.from({ length: latest - 1 }, (_, i) => {
            const version = i + 1;
            return {
              type: version <= renameAt ? 'Old' : 'New',
              fromVersion: version,
              ...(version === renameAt ? { toType: 'New' } : {}),
              upcast: (data: unknown) => ({ steps: [...(data as { steps: number[] }).steps, version] }),
            };
          }),
        );
        const type = from + 1 <= renameAt ? 'Old' : 'New';
        const recorded = { ...stored(type, { steps: [] }, from + 1), streamId: 's', revision: 0n, position: 1n, prevHash: '', hash: '' };
        const lifted = registry.upcast(recorded);
        if (E.isLeft(lifted)) throw lifted.left;
        expect(lifted.right.metadata.schemaVersion).toBe(latest);
        expect(lifted.right.data).toEqual({ steps: Array.from({ length: latest - from - 1 }, (_, i) => from + i + 1) });
        expect(lifted.right.type).toBe(renameAt <= latest - 1 ? 'New' : type);
      }),
      { numRuns: 1000 },
    );
  });
});
