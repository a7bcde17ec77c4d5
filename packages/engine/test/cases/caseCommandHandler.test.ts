import { DEFAULT_BACKDATING_TOLERANCE_MS, mediationWorkflow, mediationWorkflowV1 } from '@casefold/core';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_SKEW_TOLERANCE_MS, caseCommandHandler, getInMemoryEventStore, type EventStore } from '../../src/index.js';
import { storedEvents } from './storedEvents.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };

const submit = (caseId: string, commandId = `${caseId}/submit`) => sampleSubmit(caseId, { commandId });
const review = (caseId: string) => ({ type: 'Review', commandId: `${caseId}/review`, caseId, decision: { outcome: 'accepted', note: null } });

const at = (offsetMs: number): string => new Date(Date.parse(NOW) + offsetMs).toISOString();

describe('caseCommandHandler: facts dated in the future', () => {
  it('given a fact dated a year ahead, when submitted, then it is refused as InvalidContext on occurredAt and nothing is stored', async () => {
    const store = getInMemoryEventStore();
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
    const result = await execute(submit('F-1'), { actor: clerk, occurredAt: '2027-06-01T08:00:00.000Z' });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'InvalidContext', errors: [{ path: 'occurredAt' }] } });
    expect(E.isLeft(result) && result.left.kind === 'rejected' && result.left.rejection.message).toMatch(
      /2027-06-01T08:00:00.000Z is later than the handler's clock \(2026-06-01T08:00:00.000Z\) by more than the allowed 300000 ms/,
    );
    expect(await storedEvents(store)).toEqual([]);
    // The case is not locked: the same request dated now goes through, and so does the next step.
    expect(E.isRight(await execute(submit('F-1', 'F-1/submit-again'), { actor: clerk, occurredAt: NOW }))).toBe(true);
    expect(E.isRight(await execute(review('F-1'), { actor: clerk, occurredAt: at(60_000) }))).toBe(true);
  });

  it('for all offsets, a fact is accepted exactly when it lies at most the tolerance after the clock (and, for a clerk, at most the backdating tolerance before)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -86_400_000, max: 86_400_000 }), fc.integer({ min: 0, max: 3_600_000 }), async (offsetMs, toleranceMs) => {
        const store = getInMemoryEventStore();
        const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, clockSkewToleranceMs: toleranceMs });
        const result = await execute(submit('F-2'), { actor: clerk, occurredAt: at(offsetMs) });
        const accepted = offsetMs <= toleranceMs && offsetMs >= -DEFAULT_BACKDATING_TOLERANCE_MS;
        expect(E.isRight(result)).toBe(accepted);
        expect((await storedEvents(store)).length).toBe(accepted ? 1 : 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('tolerates five minutes by default', async () => {
    const execute = caseCommandHandler({ store: getInMemoryEventStore(), directory: sampleDirectory(), clock: () => NOW });
    expect(DEFAULT_CLOCK_SKEW_TOLERANCE_MS).toBe(300_000);
    expect(E.isRight(await execute(submit('F-3'), { actor: clerk, occurredAt: at(300_000) }))).toBe(true);
    expect(E.isLeft(await execute(submit('F-4'), { actor: clerk, occurredAt: at(300_001) }))).toBe(true);
  });

  it('refuses a tolerance that is negative or not finite, when built', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => caseCommandHandler({ store: getInMemoryEventStore(), directory: sampleDirectory(), clockSkewToleranceMs: bad })).toThrow(RangeError);
    }
  });
});

describe("caseCommandHandler: facts dated in the past (the workflow's backdating policy)", () => {
  const HOUR = 3_600_000;
  const gridWorker = { id: 'grid-1', role: 'gridWorker', unit: 'majie' };

  it("given a clerk dating a submission a day back, then it is refused as BackdatingNotAllowed with the handler's clock as recordedAt, and nothing is stored", async () => {
    const store = getInMemoryEventStore();
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
    const result = await execute(submit('P-1'), { actor: clerk, occurredAt: at(-24 * HOUR) });
    expect(E.isLeft(result) && result.left).toMatchObject({
      kind: 'rejected',
      rejection: { code: 'BackdatingNotAllowed', occurredAt: at(-24 * HOUR), recordedAt: NOW, backdatedByMs: 24 * HOUR, allowedMs: DEFAULT_BACKDATING_TOLERANCE_MS, role: 'intakeClerk' },
    });
    expect(await storedEvents(store)).toEqual([]);
  });

  it('given a grid worker dating a patrol report a day back, then it is recorded with both times, occurredAt and recordedAt', async () => {
    const store = getInMemoryEventStore();
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
    const result = await execute(submit('P-2'), { actor: gridWorker, occurredAt: at(-24 * HOUR) });
    expect(E.isLeft(result) ? result.left : 'recorded').toBe('recorded');
    const [event] = await storedEvents(store);
    expect([event?.metadata['occurredAt'], event?.metadata['recordedAt']]).toEqual([at(-24 * HOUR), NOW]);
    // Beyond the policy's 72 hours, even a grid worker is refused.
    const tooOld = await execute(submit('P-3'), { actor: gridWorker, occurredAt: at(-mediationWorkflow.backdating!.maxMs - 1) });
    expect(E.isLeft(tooOld) && tooOld.left.kind === 'rejected' && tooOld.left.rejection.code).toBe('BackdatingNotAllowed');
  });

  it('a workflow without a policy (mediation v1) accepts any date in the past, as before', async () => {
    const execute = caseCommandHandler({ store: getInMemoryEventStore(), directory: sampleDirectory(), workflow: mediationWorkflowV1, clock: () => NOW });
    expect(E.isRight(await execute(submit('P-4'), { actor: clerk, occurredAt: at(-30 * 24 * HOUR) }))).toBe(true);
  });
});

/**
 * `store` as seen by one handler whose first append waits until `rival` has run: the rival's
 * events land on the real store between this handler's load and append, so that append hits
 * the store's own revision check (a real concurrency conflict).
 */
const losingTo = (store: EventStore, rival: () => Promise<unknown>): EventStore => {
  let raced = false;
  return {
    ...store,
    appendToStream: async (...args) => {
      if (!raced) {
        raced = true;
        await rival();
      }
      return store.appendToStream(...args);
    },
  };
};

describe('caseCommandHandler: the loser of a race', () => {
  /** A clock the test moves on, shared by both handlers (one machine, or well-synchronised ones). */
  const movingClock = () => {
    let now = NOW;
    return { clock: () => now, moveTo: (offsetMs: number) => void (now = at(offsetMs)) };
  };
  const leader = { id: 'leader-1', role: 'leaderInCharge', unit: 'majie' };
  const supervise = (caseId: string) => ({ type: 'RaiseSupervision', commandId: `${caseId}/supervise`, caseId, level: 'yellow', reason: 'Complaint about the delay' });

  it('given a rival that reviewed the case after this handler read its clock, when review conflicts, then the retry is decided as of now: NotAllowedInStage, not TimeWentBackwards', async () => {
    const store = getInMemoryEventStore();
    const time = movingClock();
    const rival = caseCommandHandler({ store, directory: sampleDirectory(), clock: time.clock });
    expect(E.isRight(await rival(submit('R-1'), { actor: clerk }))).toBe(true);
    time.moveTo(1_000);
    const racing = losingTo(store, async () => {
      time.moveTo(2_000);
      expect(E.isRight(await rival({ ...review('R-1'), commandId: 'R-1/rival-review' }, { actor: clerk }))).toBe(true);
      time.moveTo(3_000);
    });
    const execute = caseCommandHandler({ store: racing, directory: sampleDirectory(), clock: time.clock, retry: { baseDelayMs: 0 } });
    const result = await execute(review('R-1'), { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'NotAllowedInStage', stage: 'accepted' } });
    expect((await storedEvents(store)).map((e) => e.type)).toEqual(['Submitted', 'Reviewed']);
  });

  it('given a rival that appended after this handler read its clock, when a still-valid command conflicts, then the retry appends it dated by the clock read again', async () => {
    const store = getInMemoryEventStore();
    const time = movingClock();
    const rival = caseCommandHandler({ store, directory: sampleDirectory(), clock: time.clock });
    expect(E.isRight(await rival(submit('R-2'), { actor: clerk }))).toBe(true);
    time.moveTo(1_000);
    const racing = losingTo(store, async () => {
      time.moveTo(2_000);
      expect(E.isRight(await rival(review('R-2'), { actor: clerk }))).toBe(true);
      time.moveTo(3_000);
    });
    const execute = caseCommandHandler({ store: racing, directory: sampleDirectory(), clock: time.clock, retry: { baseDelayMs: 0 } });
    const result = await execute(supervise('R-2'), { actor: leader });
    expect(E.isRight(result) && result.right.attempts).toBe(2);
    const events = await storedEvents(store);
    expect(events.map((e) => [e.type, e.metadata.occurredAt])).toEqual([
      ['Submitted', at(0)],
      ['Reviewed', at(2_000)],
      ['SupervisionRaised', at(3_000)],
    ]);
  });

  it('given an explicit occurredAt before the rival’s event, when it conflicts, then the retry keeps the recorded fact and refuses it as TimeWentBackwards', async () => {
    const store = getInMemoryEventStore();
    const time = movingClock();
    const rival = caseCommandHandler({ store, directory: sampleDirectory(), clock: time.clock });
    expect(E.isRight(await rival(submit('R-3'), { actor: clerk }))).toBe(true);
    const racing = losingTo(store, async () => {
      time.moveTo(2_000);
      expect(E.isRight(await rival(review('R-3'), { actor: clerk }))).toBe(true);
      time.moveTo(3_000);
    });
    const execute = caseCommandHandler({ store: racing, directory: sampleDirectory(), clock: time.clock, retry: { baseDelayMs: 0 } });
    const result = await execute(supervise('R-3'), { actor: leader, occurredAt: at(1_000) });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'TimeWentBackwards', now: at(1_000), lastEventAt: at(2_000) } });
    expect((await storedEvents(store)).map((e) => e.type)).toEqual(['Submitted', 'Reviewed']);
  });
});

describe('caseCommandHandler: text no store can hold', () => {
  it('given a summary holding a lone surrogate (valid JSON), when submitted, then it is refused as MalformedCommand on summary, nothing is stored, and the case can still be submitted', async () => {
    const store = getInMemoryEventStore();
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
    const command = JSON.parse('{"summary": "Deposit \\ud800 not returned"}') as { summary: string };
    const result = await execute({ ...submit('S-1'), summary: command.summary }, { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'MalformedCommand', errors: [{ path: 'summary' }] } });
    expect(await storedEvents(store)).toEqual([]);
    expect(E.isRight(await execute(submit('S-1'), { actor: clerk }))).toBe(true);
    expect((await storedEvents(store)).map((event) => event.type)).toEqual(['Submitted']);
  });
});
