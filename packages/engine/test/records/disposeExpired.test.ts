import { randomBytes } from 'node:crypto';
import { type AnyCaseEvent, caseRetentionRows, isErasedPersonalData, shippedRetentionSchedule, shippedWorkflows, subjectCaseRows } from '@casefold/core';
import { generateCase } from '@casefold/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type EventStore,
  type Json,
  type NewEvent,
  type RecordedEvent,
  caseEventCodec,
  caseStreamId,
  disposeExpired,
  getInMemoryEventStore,
  getInMemoryRowProjectionStore,
  inMemoryKeystore,
  localMasterKey,
  protectPersonalData,
  recordsCommandHandler,
  recordsStreamId,
  startRowProjection,
  verifyAll,
} from '../../src/index.js';

const codec = caseEventCodec({ workflows: shippedWorkflows });
const archivist = { id: 'archivist-1', role: 'archivist', unit: 'xishan' };

/** A generated mediation case driven through the real decider until it closed. */
const closedCase = (caseId: string, startAt: string): AnyCaseEvent[] => {
  for (let seed = 1; seed < 500; seed++) {
    const numbers = Array.from({ length: 600 }, (_, i) => (i * 7919 + seed * 104729) % 1000);
    const generated = generateCase(caseId, caseStreamId(caseId), startAt, numbers);
    if (generated.state.stage === 'closed') return [...generated.events];
  }
  throw new Error(`no seed closed case ${caseId}`);
};

/** The events as appended by the handler: encoded by the store codec, with `rename` applied to the data's subject ids. */
const newEvents = (events: readonly AnyCaseEvent[], rename: (subjectId: string) => string = (s) => s): NewEvent[] =>
  events.map((event, i) => {
    const encoded = codec.encode(event);
    const data = JSON.parse(JSON.stringify(encoded.data), (key, value: Json) => (key === 'subjectId' && typeof value === 'string' ? rename(value) : value)) as Json;
    return {
      eventId: `${event.meta.commandId}-${i}`,
      type: encoded.type,
      data,
      metadata: {
        ...encoded.metadata,
        recordedAt: encoded.metadata.occurredAt,
        correlationId: event.meta.commandId,
        causationId: null,
        schemaVersion: encoded.schemaVersion,
        commandId: event.meta.commandId,
      },
    };
  });

const closedAtOf = (events: readonly AnyCaseEvent[]): string => events.find((e) => e.type === 'Closed')!.meta.occurredAt;
const subjectsOf = (events: readonly AnyCaseEvent[]): string[] => (events[0]!.data as { parties: { subjectId: string }[] }).parties.map((p) => p.subjectId);
const read = async (store: EventStore, streamId: string): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of store.readStream(streamId)) out.push(e);
  return out;
};
const addYears = (instant: string, years: number): string => {
  const d = new Date(instant);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
};

const setup = async () => {
  const inner = getInMemoryEventStore();
  const store = protectPersonalData(inner, { keystore: inMemoryKeystore(), kms: localMasterKey({ masterKey: randomBytes(32) }) });
  // A and B share a data subject (the same applicant in two cases); C will be held; D stays open.
  const a = closedCase('R-A', '2026-03-02T01:00:00.000Z');
  const b = closedCase('R-B', '2026-04-02T01:00:00.000Z');
  const c = closedCase('R-C', '2026-05-02T01:00:00.000Z');
  const d = closedCase('R-D', '2026-06-02T01:00:00.000Z').filter((e) => e.type !== 'Closed');
  const shared = subjectsOf(a)[0]!;
  await store.appendToStream(caseStreamId('R-A'), newEvents(a), { expectedRevision: 'no_stream' });
  await store.appendToStream(
    caseStreamId('R-B'),
    newEvents(b, (s) => (s === subjectsOf(b)[0] ? shared : s)),
    { expectedRevision: 'no_stream' },
  );
  await store.appendToStream(caseStreamId('R-C'), newEvents(c), { expectedRevision: 'no_stream' });
  await store.appendToStream(caseStreamId('R-D'), newEvents(d), { expectedRevision: 'no_stream' });
  const rowStore = getInMemoryRowProjectionStore();
  const raw = (recorded: RecordedEvent) => E.right(recorded);
  const retention = await startRowProjection({ store: inner, rowStore, projection: caseRetentionRows, decode: raw });
  const subjects = await startRowProjection({ store: inner, rowStore, projection: subjectCaseRows, decode: raw });
  const latest = closedAtOf(c);
  let now = latest;
  const records = recordsCommandHandler({ store, schedule: shippedRetentionSchedule, clock: () => now });
  const setNow = (instant: string) => void (now = instant);
  return { inner, store, records, retention, subjects, a, b, c, d, shared, setNow };
};

describe('disposeExpired: disposition as events, then crypto-shredding of what no other case keeps', () => {
  it('given three closed cases past their 10 years (one held) and one open case, disposes of the two unheld ones, shreds only subjects no other case keeps, and the history still verifies', async () => {
    const { inner, store, records, retention, subjects, a, b, c, shared, setNow } = await setup();
    const held = await records(
      { type: 'PlaceLegalHold', commandId: 'hold-C', caseId: 'R-C', holdId: 'court-2031-17', reason: 'Related lawsuit pending', basis: '民事诉讼法 Art 67' },
      { actor: archivist },
    );
    expect(E.isRight(held)).toBe(true);
    const now = addYears(closedAtOf(c), 10);
    setNow(now);
    await retention.waitFor(await inner.readLastPosition());
    await subjects.waitFor(await inner.readLastPosition());

    const result = await disposeExpired({ records, store, schedule: shippedRetentionSchedule, actor: archivist, now, retention, subjects });

    expect(result.failed).toEqual([]);
    expect(result.refused.map((r) => [r.caseId, r.rejection.code])).toEqual([['R-C', 'LegalHoldActive']]);
    const [first, second] = result.disposed;
    expect(result.disposed.map((d) => d.caseId)).toEqual(['R-A', 'R-B']);
    // The shared subject: kept while B still kept it, shredded with B.
    expect(first!.keptByOtherCases).toEqual([shared]);
    expect(first!.forgotten).toEqual(subjectsOf(a).filter((s) => s !== shared));
    expect(second!.forgotten).toContain(shared);
    // The events stay, with their hashes: the whole store verifies; A's parties read as erased, C's as they were.
    expect(E.isRight(await verifyAll(inner))).toBe(true);
    const partiesOf = (events: RecordedEvent[]) => (events[0]!.data as { parties: { pii: Parameters<typeof isErasedPersonalData>[0] }[] }).parties.map((p) => p.pii);
    expect(partiesOf(await read(store, caseStreamId('R-A'))).every(isErasedPersonalData)).toBe(true);
    expect(partiesOf(await read(store, caseStreamId('R-C'))).some(isErasedPersonalData)).toBe(false);
    const disposed = await read(store, recordsStreamId('R-A'));
    expect(disposed.map((e) => e.type)).toEqual(['CaseDisposed']);
    expect(disposed[0]!.data).toMatchObject({ caseId: 'R-A', kind: 'mediation', closedAt: closedAtOf(a), inventory: { events: a.length, subjects: subjectsOf(a) } });
    void b;
    await retention.stop();
    await subjects.stop();
  });

  it('given a run repeated, records nothing twice; before the period ends, disposes of nothing', async () => {
    const { inner, store, records, retention, subjects, a, setNow } = await setup();
    const early = addYears(closedAtOf(a), 10);
    const justBefore = new Date(Date.parse(early) - 1).toISOString();
    setNow(justBefore);
    await retention.waitFor(await inner.readLastPosition());
    await subjects.waitFor(await inner.readLastPosition());
    const none = await disposeExpired({ records, store, schedule: shippedRetentionSchedule, actor: archivist, now: justBefore, retention, subjects });
    expect(none).toEqual({ disposed: [], refused: [], failed: [] });

    setNow(early);
    const once = await disposeExpired({ records, store, schedule: shippedRetentionSchedule, actor: archivist, now: early, retention, subjects });
    expect(once.disposed.map((d) => d.caseId)).toEqual(['R-A']);
    await retention.waitFor(await inner.readLastPosition());
    const twice = await disposeExpired({ records, store, schedule: shippedRetentionSchedule, actor: archivist, now: early, retention, subjects });
    expect(twice.disposed).toEqual([]);
    expect((await read(store, recordsStreamId('R-A'))).length).toBe(1);
    await retention.stop();
    await subjects.stop();
  });

  it('refuses a schedule whose rules do not fit their classes, and a now that is no instant, before anything is read or written', async () => {
    const { inner, store, records, retention, subjects } = await setup();
    const before = await inner.readLastPosition();
    const permanentForAYear = { mediation: { class: 'permanent' as const, years: 1, basis: 'b' } };
    expect(() => recordsCommandHandler({ store, schedule: permanentForAYear })).toThrow(
      /recordsCommandHandler: the retention schedule is unusable: mediation\.years: class 'permanent' keeps files for ever/,
    );
    await expect(disposeExpired({ records, store, schedule: permanentForAYear, actor: archivist, retention, subjects })).rejects.toThrow(/disposeExpired: the retention schedule is unusable/);
    await expect(disposeExpired({ records, store, schedule: shippedRetentionSchedule, actor: archivist, now: 'next year', retention, subjects })).rejects.toThrow(/now must be an ISO-8601 instant/);
    expect(await inner.readLastPosition()).toBe(before);
    await retention.stop();
    await subjects.stop();
  });

  it('refuses a disposition by a role that may not, with the store unchanged', async () => {
    const { inner, records } = await setup();
    const before = await inner.readLastPosition();
    const refused = await records({ type: 'Dispose', commandId: 'd-1', caseId: 'R-A' }, { actor: { id: 'mediator-1', role: 'mediator', unit: 'xishan' } });
    expect(E.isLeft(refused) && refused.left.kind === 'rejected' && refused.left.rejection.code).toBe('RecordsRoleNotAllowed');
    const malformed = await records({ type: 'Dispose', caseId: 'R-A' }, { actor: archivist });
    expect(E.isLeft(malformed) && malformed.left.kind === 'rejected' && malformed.left.rejection.code).toBe('MalformedCommand');
    expect(await inner.readLastPosition()).toBe(before);
  });
});
