import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenedStore, generateDemo, openStore } from '@casefold/cli';
import { type Unit, createDirectory, isLifecycleEvent, shippedWorkflows } from '@casefold/core';
import { type RowProjectionStore, caseCommandHandler, caseEventCodec, caseIdOfStream } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewQueueRow } from '../src/reviewQueueRows.js';
import { runReviewQueue } from '../src/runReviewQueue.js';

/** The waiting cases computed straight from the store's events, without the projection: submitted, then neither reviewed nor closed; oldest first. */
const independent = async (opened: OpenedStore): Promise<ReviewQueueRow[]> => {
  const codec = caseEventCodec({ workflows: shippedWorkflows });
  const waiting = new Map<string, ReviewQueueRow>();
  for await (const recorded of opened.events.readAll()) {
    if (caseIdOfStream(recorded.streamId) === null) continue;
    const decoded = codec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    const event = decoded.right;
    if (!isLifecycleEvent(event)) continue;
    if (event.type === 'Submitted') waiting.set(recorded.streamId, { streamId: recorded.streamId, caseId: event.data.caseId, channel: event.data.channel, submittedAt: event.meta.occurredAt });
    if (event.type === 'Reviewed' || event.type === 'Closed') waiting.delete(recorded.streamId);
  }
  return [...waiting.values()].sort((a, b) => (a.submittedAt === b.submittedAt ? (a.streamId < b.streamId ? -1 : 1) : a.submittedAt < b.submittedAt ? -1 : 1));
};

/** Every page of the queue (of `channel`, or all), `limit` rows a page. */
const everyPage = async (store: { readonly events: OpenedStore['events']; readonly rowProjections: RowProjectionStore }, limit: number, channel?: string): Promise<ReviewQueueRow[]> => {
  const rows: ReviewQueueRow[] = [];
  let { page } = await runReviewQueue(store, { limit, ...(channel === undefined ? {} : { channel }) });
  rows.push(...page.rows);
  while (page.next !== null) {
    ({ page } = await runReviewQueue(store, { limit, after: page.next, ...(channel === undefined ? {} : { channel }) }));
    rows.push(...page.rows);
  }
  return rows;
};

describe("an analyst's row projection (the review queue) run by the engine's row runner over a SQLite file", () => {
  const fileName = join(mkdtempSync(join(tmpdir(), 'casefold-queue-')), 'district.db');
  let opened: OpenedStore;
  let store: { readonly events: OpenedStore['events']; readonly rowProjections: RowProjectionStore };
  beforeAll(async () => {
    opened = await openStore({ kind: 'sqlite', fileName }, { cwd: '/', create: true });
    await generateDemo({ target: opened, requests: 300, seed: 'queue' });
    store = { events: opened.events, rowProjections: opened.rowProjections! };
  });
  afterAll(async () => {
    await opened.close();
  });

  it('pages through each channel’s waiting cases, oldest first, exactly as computed from the raw events; the counts per channel agree', async () => {
    const first = await runReviewQueue(store, { limit: 5 });
    expect(first.resumedFrom).toBe(0n);
    const expected = await independent(opened);
    // The demo's year reviews or closes nearly every request: the queue is what its puts and removals leave.
    expect(expected.length).toBeGreaterThan(0);
    expect(first.page.rows).toEqual(expected.slice(0, 5));
    expect(await everyPage(store, 1)).toEqual(expected);
    const channels = [...new Set(expected.map((row) => row.channel))];
    for (const channel of channels) expect(await everyPage(store, 3, channel)).toEqual(expected.filter((row) => row.channel === channel));
    const counts = Object.fromEntries(first.perChannel.map(({ values, count }) => [values[0], count]));
    expect(counts).toEqual(Object.fromEntries(channels.map((channel) => [channel, expected.filter((row) => row.channel === channel).length])));
  });
});

describe('the review queue beside a command handler, on an embedder’s own SQLite file', () => {
  const units: readonly Unit[] = [
    { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
    { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
    { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
    { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
  ];
  const directory = E.getOrElseW(() => {
    throw new Error('the test units are invalid');
  })(createDirectory(units));
  const actor = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
  const submit = (caseId: string, channel: string) => ({
    type: 'Submit',
    commandId: `submit-${caseId}`,
    caseId,
    channel,
    category: 'tenancy',
    summary: 'Deposit not returned',
    receivingUnit: 'majie',
    area: 'majie-north',
    claimedAmountFen: 20_000_000,
    parties: [{ subjectId: `p-${caseId}`, side: 'applicant', pii: { name: '张三', phone: null, idNumber: null } }],
  });

  it('resumes from its checkpoint: reviews take cases out of the queue, new submissions join it, pages follow one another, and the rows equal a rebuild from scratch', async () => {
    const store = await openSqliteStore({ fileName: join(mkdtempSync(join(tmpdir(), 'casefold-queue-')), 'own.db') });
    let minute = 0;
    const execute = caseCommandHandler({ store: store.events, directory, clock: () => new Date(Date.UTC(2026, 5, 1, 1, (minute += 1))).toISOString() });
    const run = async (command: object): Promise<void> => {
      const result = await execute(command, { actor });
      if (E.isLeft(result)) throw new Error(`command not recorded: ${JSON.stringify(result.left)}`);
    };
    const channels = ['window', 'govApp', 'wechatMiniProgram'];
    const review = (caseId: string) => ({ type: 'Review', commandId: `review-${caseId}`, caseId, decision: { outcome: 'accepted', note: null } });
    for (let i = 1; i <= 24; i++) await run(submit(`Q-${i}`, channels[i % 3]!));
    for (let i = 1; i <= 24; i += 4) await run(review(`Q-${i}`));
    const waiting = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k).filter((i) => i % 4 !== 1);
    const window = (numbers: readonly number[]) => numbers.filter((i) => i % 3 === 0).map((i) => `Q-${i}`);
    expect((await everyPage(store, 4)).map((row) => row.caseId)).toEqual(waiting(1, 24).map((i) => `Q-${i}`));
    expect((await everyPage(store, 2, 'window')).map((row) => row.caseId)).toEqual(window(waiting(1, 24)));

    await run(review('Q-3'));
    await run(submit('Q-27', 'window')); // numbered as the window's are (a multiple of 3)
    const last = await store.events.readLastPosition();
    const resumed = await runReviewQueue(store, { channel: 'window', limit: 100 });
    expect(resumed.resumedFrom).toBe(last - 2n); // the two new events only are folded
    const now = [...waiting(1, 24).filter((i) => i !== 3), 27];
    expect(resumed.page.rows.map((row) => row.caseId)).toEqual(window(now));
    expect(Object.fromEntries(resumed.perChannel.map(({ values, count }) => [values[0], count]))).toEqual({
      window: window(now).length,
      govApp: now.filter((i) => i % 3 === 1).length,
      wechatMiniProgram: now.filter((i) => i % 3 === 2).length,
    });

    const kept = await everyPage(store, 5);
    await store.rowProjections.delete('analystReviewQueue'); // the next run rebuilds from the first event
    const rebuilt = await runReviewQueue(store, { limit: 100 });
    expect(rebuilt.resumedFrom).toBe(0n);
    expect(rebuilt.page.rows).toEqual(kept);
    await store.close();
  });
});
