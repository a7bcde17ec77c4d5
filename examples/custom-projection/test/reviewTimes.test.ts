import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedStore, generateDemo, openStore } from '@casefold/cli';
import { type CaseEvent, type CaseState, type Envelope, createDirectory, isLifecycleEvent, shippedWorkflows } from '@casefold/core';
import { type EventStore, type Json, applyEnvelopes, caseCommandHandler, caseEventCodec, caseStreamId, getInMemoryEventStore, getInMemoryProjectionStore, streamStateCache } from '@casefold/engine';
import { tamperWithInMemoryStore } from '@casefold/engine/testing';
import { caseStoreArbitrary } from '@casefold/testing/arbitraries';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedReviewTimes } from '../src/auditedReviewTimes.js';
import { reviewTimes } from '../src/reviewTimes.js';
import { REVIEWED_KINDS, reviewTimesProjection } from '../src/reviewTimesProjection.js';
import { runReviewTimes } from '../src/runReviewTimes.js';

/** The same figures computed straight from a list of events, without the projection. */
const independent = (events: readonly { readonly streamId: string; readonly event: CaseEvent }[]) => {
  const submitted = new Map<string, { channel: string; at: number }>();
  const reviewed = new Set<string>();
  const rows: Record<string, { submitted: number; reviewed: number; rejected: number; reviewMinutes: number; withinADay: number }> = {};
  for (const { streamId, event } of events) {
    if (event.type === 'Submitted' && REVIEWED_KINDS.has(event.meta.workflow.id)) {
      submitted.set(streamId, { channel: event.data.channel, at: Date.parse(event.meta.occurredAt) });
      (rows[event.data.channel] ??= { submitted: 0, reviewed: 0, rejected: 0, reviewMinutes: 0, withinADay: 0 }).submitted += 1;
    }
  }
  for (const { streamId, event } of events) {
    const s = submitted.get(streamId);
    if (event.type !== 'Reviewed' || s === undefined || reviewed.has(streamId)) continue;
    reviewed.add(streamId);
    const minutes = Math.round((Date.parse(event.meta.occurredAt) - s.at) / 60_000);
    const row = rows[s.channel]!;
    row.reviewed += 1;
    row.reviewMinutes += minutes;
    if (minutes <= 24 * 60) row.withinADay += 1;
    if (event.data.decision === 'rejected') row.rejected += 1;
  }
  return rows;
};

/** The first case stream whose Submitted event came by `channel`. */
const firstStreamWithChannel = async (store: EventStore, channel: string): Promise<string> => {
  for await (const recorded of store.readAll()) {
    if (recorded.type === 'Submitted' && (recorded.data as { channel?: unknown }).channel === channel) return recorded.streamId;
  }
  throw new Error(`no case came by ${channel}`);
};

/** The store's case events of the shared lifecycle, decoded with every shipped kind's codec (an undecodable event fails the test). */
const readEvents = async (opened: OpenedStore) => {
  const codec = caseEventCodec({ workflows: shippedWorkflows });
  const events: { streamId: string; event: CaseEvent }[] = [];
  for await (const recorded of opened.events.readAll()) {
    const decoded = codec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    if (isLifecycleEvent(decoded.right)) events.push({ streamId: recorded.streamId, event: decoded.right });
  }
  return events;
};

describe('an analyst’s projection run by the engine over a SQLite store', () => {
  const fileName = join(mkdtempSync(join(tmpdir(), 'casefold-analyst-')), 'district.db');
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await openStore({ kind: 'sqlite', fileName }, { cwd: '/', create: true });
    await generateDemo({ target: opened, requests: 300, seed: 'analyst' });
  });
  afterAll(async () => {
    await opened.close();
  });

  it('folds the demo district and agrees with a computation over the raw events', async () => {
    const { state, resumedFrom, position } = await runReviewTimes(opened);
    expect(resumedFrom).toBe(0n);
    expect(position).toBe(await opened.lastPosition());
    const events = await readEvents(opened);
    expect(state.byChannel).toEqual(independent(events));
    const rows = reviewTimes(state);
    // 300 requests at the window; a few became two cases (a mediation and a legal-aid application).
    const cases = events.filter((e) => e.event.type === 'Submitted').length;
    expect(cases).toBeGreaterThanOrEqual(300);
    // Only the kinds with a review step (mediation requests, petitions) are counted.
    const reviewable = events.filter((e) => e.event.type === 'Submitted' && REVIEWED_KINDS.has(e.event.meta.workflow.id)).length;
    expect(reviewable).toBeGreaterThan(0);
    expect(reviewable).toBeLessThan(cases);
    expect(rows.reduce((n, r) => n + r.submitted, 0)).toBe(reviewable);
    expect(rows.find((r) => r.channel === 'window')?.meanHours).toBeLessThan(rows.find((r) => r.channel === 'govApp')?.meanHours ?? 0);
  });

  it('keeps in waiting only the open cases of a reviewed kind not reviewed yet: no closed case, no kind without a review step', async () => {
    const { state } = await runReviewTimes(opened);
    const events = await readEvents(opened);
    const kindOf = new Map<string, string>();
    const done = new Set<string>();
    for (const { streamId, event } of events) {
      if (event.type === 'Submitted') kindOf.set(streamId, event.meta.workflow.id);
      if (event.type === 'Reviewed' || event.type === 'Closed') done.add(streamId);
    }
    const closed = new Set(events.filter((e) => e.event.type === 'Closed').map((e) => e.streamId));
    const waiting = Object.keys(state.waiting);
    expect(waiting.filter((streamId) => closed.has(streamId))).toEqual([]);
    expect(waiting.filter((streamId) => !REVIEWED_KINDS.has(kindOf.get(streamId)!))).toEqual([]);
    const stillToReview = [...kindOf].filter(([streamId, kind]) => REVIEWED_KINDS.has(kind) && !done.has(streamId)).map(([streamId]) => streamId);
    expect(waiting.sort()).toEqual(stillToReview.sort());
    // The demo closes most cases: the state is far smaller than the history it folded.
    expect(closed.size).toBeGreaterThan(waiting.length);
    // Every kind counted is one that is reviewed, and each channel's not-reviewed requests are at least those still waiting.
    for (const row of reviewTimes(state)) expect(row.notReviewed).toBeGreaterThanOrEqual(waiting.filter((streamId) => state.waiting[streamId]!.channel === row.channel).length);
  });

  it('resumes from its checkpoint after new events, and ends where a rebuild ends', async () => {
    const before = await runReviewTimes(opened);
    const units = (await opened.readSetting('directory')) as unknown[];
    const directory = E.getOrElseW(() => {
      throw new Error('bad directory');
    })(createDirectory(units));
    // The facts are recorded when they happen (a clerk may not date them back): the handler's clock is set to each.
    let now = '2026-01-05T02:00:00.000Z';
    const execute = caseCommandHandler({ store: opened.events, directory, clock: () => now, cache: streamStateCache<CaseState>({ maxStreams: 10 }) });
    const actor = { id: 'clerk', role: 'intakeClerk', unit: 'panlong' };
    const submitted = await execute(
      {
        type: 'Submit',
        commandId: 'late-1',
        caseId: 'LATE-1',
        channel: 'window',
        category: 'labour',
        summary: 'Unpaid wages',
        receivingUnit: 'panlong',
        area: 'panlong',
        claimedAmountFen: null,
        parties: [{ subjectId: 's', side: 'applicant', pii: { name: 'n', phone: null, idNumber: null } }],
      },
      { actor },
    );
    expect(E.isRight(submitted)).toBe(true);
    now = '2026-01-05T05:00:00.000Z';
    await execute({ type: 'Review', commandId: 'late-2', caseId: 'LATE-1', decision: { outcome: 'accepted', note: null } }, { actor });

    const after = await runReviewTimes(opened);
    expect(after.resumedFrom).toBe(before.position);
    expect(after.state.byChannel['window']!.reviewed).toBe(before.state.byChannel['window']!.reviewed + 1);

    await opened.projections.delete(reviewTimesProjection.name);
    const rebuilt = await runReviewTimes(opened);
    expect(rebuilt.resumedFrom).toBe(0n);
    expect(rebuilt.state).toEqual(after.state);
    expect(after.state.waiting[caseStreamId('LATE-1')]).toBeUndefined();
  });

  it("an auditor's verified rebuild commits the projection runner's figures, and none for a tampered store", async () => {
    await opened.projections.delete(reviewTimesProjection.name);
    const fromRunner = (await runReviewTimes(opened)).state;
    const audited = await auditedReviewTimes(opened.events, opened.projections);
    if (E.isLeft(audited)) throw new Error(audited.left.message);
    expect(audited.right).toEqual(fromRunner);
    // The runner resumes from the audited checkpoint: nothing left to fold, the same figures.
    const resumed = await runReviewTimes(opened);
    expect(resumed.resumedFrom).toBe(await opened.lastPosition());
    expect(resumed.state).toEqual(fromRunner);

    const copy = getInMemoryEventStore();
    for await (const recorded of opened.events.readAll()) {
      await copy.appendToStream(recorded.streamId, [{ eventId: recorded.eventId, type: recorded.type, data: recorded.data, metadata: recorded.metadata }]);
    }
    const copyProjections = getInMemoryProjectionStore();
    const intact = await auditedReviewTimes(copy, copyProjections);
    expect(E.isRight(intact) && intact.right).toEqual(audited.right);
    const committed = await copyProjections.load(reviewTimesProjection.name);
    const [first] = reviewTimes(audited.right);
    const streamId = await firstStreamWithChannel(copy, first!.channel);
    tamperWithInMemoryStore(copy).changeEvent(streamId, 0n, (e) => ({ ...e, data: { ...(e.data as Record<string, Json>), channel: 'hotline' } }));
    const tampered = await auditedReviewTimes(copy, copyProjections);
    expect(E.isLeft(tampered) && tampered.left).toMatchObject({ kind: 'changed', streamId, revision: 0n });
    expect(await copyProjections.load(reviewTimesProjection.name)).toEqual(committed);
  });

  it('for all generated stores, the fold equals the direct computation and survives a JSON round trip', () => {
    // #region forAllStores
    fc.assert(
      fc.property(caseStoreArbitrary({ maxCases: 4, maxSteps: 12 }), (store) => {
        const envelopes = store.envelopes.filter((e): e is Envelope<CaseEvent> => isLifecycleEvent(e.event)); // the mediation request's events
        const state = applyEnvelopes(reviewTimesProjection, reviewTimesProjection.initialState, envelopes);
        expect(state.byChannel).toEqual(independent(envelopes));
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      }),
      { numRuns: 1000 },
    );
    // #endregion forAllStores
  });
});
