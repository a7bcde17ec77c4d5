import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CaseRecord,
  type RecordsContext,
  type RecordsEvent,
  type RecordsState,
  checkRetentionSchedule,
  decideRecords,
  emptyCaseRecord,
  evolveCaseRecord,
  evolveRecords,
  initialRecordsState,
  retentionExpiresAt,
  shippedRetentionSchedule,
} from '@casefold/core';

const archivist = { id: 'archivist-1', role: 'archivist', unit: 'xishan' };
const closedMediation: CaseRecord = { caseId: 'M-1', kind: 'mediation', closedAt: '2026-03-02T02:00:00.000Z', events: 9, lastRevision: 8, subjects: ['resident-1', 'resident-2'] };
const context = (now: string, caseRecord: CaseRecord = closedMediation, actor = archivist): RecordsContext => ({ now, actor, schedule: shippedRetentionSchedule, caseRecord });
const AFTER = '2036-03-02T02:00:00.000Z';
const BEFORE = '2036-03-02T01:59:59.999Z';

/** Decides each command in turn, folding the accepted events; the rejections and the events. */
const play = (commands: readonly { command: unknown; context: RecordsContext }[]) => {
  let state: RecordsState = initialRecordsState;
  const events: RecordsEvent[] = [];
  const rejections: string[] = [];
  for (const { command, context: ctx } of commands) {
    const decided = decideRecords(command, state, ctx);
    if (E.isLeft(decided)) rejections.push(decided.left.code);
    else
      for (const event of decided.right) {
        state = evolveRecords(state, event);
        events.push(event);
      }
  }
  return { state, events, rejections };
};
const hold = (holdId: string) => ({ type: 'PlaceLegalHold', commandId: `hold-${holdId}`, caseId: 'M-1', holdId, reason: 'Court order in a related lawsuit', basis: '民事诉讼法 Art 67' });
const lift = (holdId: string) => ({ type: 'LiftLegalHold', commandId: `lift-${holdId}`, caseId: 'M-1', holdId, reason: 'Lawsuit ended' });
const dispose = { type: 'Dispose', commandId: 'dispose-1', caseId: 'M-1' };

describe('retention: when a case may be disposed of', () => {
  it('given a mediation case closed on 2026-03-02, when the archivist disposes of it at the end of its 10 years, then CaseDisposed records the rule, the expiry and the inventory', () => {
    const decided = decideRecords(dispose, initialRecordsState, context(AFTER));
    expect(decided).toEqual(
      E.right([
        {
          type: 'CaseDisposed',
          data: {
            caseId: 'M-1',
            kind: 'mediation',
            retention: shippedRetentionSchedule['mediation'],
            closedAt: closedMediation.closedAt,
            expiredAt: AFTER,
            inventory: { events: 9, lastRevision: 8, subjects: ['resident-1', 'resident-2'] },
          },
          meta: { occurredAt: AFTER, actor: archivist },
        },
      ]),
    );
  });

  it('given the same case one millisecond before its expiry, then RetentionNotExpired names the expiry and the basis', () => {
    const decided = decideRecords(dispose, initialRecordsState, context(BEFORE));
    expect(E.isLeft(decided) && decided.left).toMatchObject({ code: 'RetentionNotExpired', expiresAt: AFTER, closedAt: closedMediation.closedAt });
    expect(E.isLeft(decided) && decided.left.message).toContain('kept until 2036-03-02T02:00:00.000Z');
  });

  it('given an active hold, then disposal is refused as LegalHoldActive until every hold is lifted', () => {
    const { events, rejections } = play([
      { command: hold('H-1'), context: context('2030-01-01T00:00:00.000Z') },
      { command: hold('H-2'), context: context('2030-01-02T00:00:00.000Z') },
      { command: dispose, context: context(AFTER) },
      { command: lift('H-1'), context: context(AFTER) },
      { command: dispose, context: context(AFTER) },
      { command: lift('H-2'), context: context(AFTER) },
      { command: dispose, context: context(AFTER) },
    ]);
    expect(rejections).toEqual(['LegalHoldActive', 'LegalHoldActive']);
    expect(events.map((e) => e.type)).toEqual(['LegalHoldPlaced', 'LegalHoldPlaced', 'LegalHoldLifted', 'LegalHoldLifted', 'CaseDisposed']);
  });

  it('given an open case, a permanent kind, a kind with no rule, or a case already disposed of, then each is refused with its own code', () => {
    const open = { ...closedMediation, closedAt: null };
    const permanent = { ...context(AFTER), schedule: { mediation: { class: 'permanent' as const, years: null, basis: 'Order No. 8: permanent' } } };
    const unscheduled = { ...context(AFTER), schedule: {} };
    expect(play([{ command: dispose, context: context(AFTER, open) }]).rejections).toEqual(['CaseNotClosed']);
    expect(play([{ command: dispose, context: permanent }]).rejections).toEqual(['KeptPermanently']);
    expect(play([{ command: dispose, context: unscheduled }]).rejections).toEqual(['NoRetentionRule']);
    expect(
      play([
        { command: dispose, context: context(AFTER) },
        { command: dispose, context: context(AFTER) },
        { command: hold('H-9'), context: context(AFTER) },
      ]).rejections,
    ).toEqual(['AlreadyDisposed', 'AlreadyDisposed']);
  });

  it('given a rule whose years do not fit its class (a permanent rule with years, y10 of one year), then disposal is refused as InvalidContext naming the rule', () => {
    // A permanent rule that also names years must not let the case go (found by a review: it was disposed of after one year).
    for (const rule of [
      { class: 'permanent' as const, years: 1, basis: 'Order No. 8: permanent' },
      { class: 'y10' as const, years: 1, basis: 'x' },
    ]) {
      const decided = decideRecords(dispose, initialRecordsState, { ...context(AFTER), schedule: { mediation: rule } });
      expect(E.isLeft(decided) && decided.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'mediation.years' }] });
    }
  });

  it('given a role that may not, a case with no events, another case, a hold placed twice or an unknown hold, then each is refused with its own code', () => {
    const mediator = { id: 'mediator-1', role: 'mediator', unit: 'xishan' };
    expect(play([{ command: dispose, context: context(AFTER, closedMediation, mediator) }]).rejections).toEqual(['RecordsRoleNotAllowed']);
    expect(play([{ command: hold('H-1'), context: context(AFTER, emptyCaseRecord) }]).rejections).toEqual(['CaseNotFound']);
    expect(play([{ command: { ...dispose, caseId: 'M-2' }, context: context(AFTER) }]).rejections).toEqual(['CaseMismatch']);
    expect(
      play([
        { command: hold('H-1'), context: context(AFTER) },
        { command: hold('H-1'), context: context(AFTER) },
      ]).rejections,
    ).toEqual(['HoldAlreadyPlaced']);
    expect(play([{ command: lift('H-1'), context: context(AFTER) }]).rejections).toEqual(['UnknownHold']);
  });

  it('given a malformed command or context, then MalformedCommand or InvalidContext names the field', () => {
    const noReason = decideRecords({ type: 'PlaceLegalHold', commandId: 'c-1', caseId: 'M-1', holdId: 'H-1', basis: 'x' }, initialRecordsState, context(AFTER));
    expect(E.isLeft(noReason) && noReason.left.code).toBe('MalformedCommand');
    expect(E.isLeft(noReason) && noReason.left.message).toContain('reason');
    const badClock = decideRecords(dispose, initialRecordsState, { ...context(AFTER), now: 'yesterday' });
    expect(E.isLeft(badClock) && badClock.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'now' }] });
  });

  it('a 29 February closing expires on 1 March; a permanent rule never expires', () => {
    expect(retentionExpiresAt({ class: 'y10', years: 10, basis: 'b' }, '2028-02-29T08:00:00.000Z')).toBe('2038-03-01T08:00:00.000Z');
    expect(retentionExpiresAt({ class: 'permanent', years: null, basis: 'b' }, '2028-02-29T08:00:00.000Z')).toBeNull();
  });
});

describe('checkRetentionSchedule', () => {
  it('accepts the shipped schedule and names every problem of a bad one', () => {
    expect(checkRetentionSchedule(shippedRetentionSchedule)).toEqual(E.right(shippedRetentionSchedule));
    const bad = checkRetentionSchedule({ a: { class: 'y10', years: 9, basis: 'x' }, b: { class: 'local', years: null, basis: 'x' }, c: { class: 'permanent', years: 5, basis: 'x' } });
    expect(E.isLeft(bad) && bad.left.map((p) => p.path)).toEqual(['a.years', 'b.years', 'c.years']);
    const undecodable = checkRetentionSchedule({ a: { class: 'y20', years: 20, basis: 'x' } });
    expect(E.isLeft(undecodable) && undecodable.left[0]?.path).toContain('class');
  });
});

describe('the case record read from a stream', () => {
  it('takes the kind, the closing time and every data subject from undecoded events', () => {
    const events = [
      {
        type: 'Submitted',
        data: {
          caseId: 'M-1',
          parties: [
            { subjectId: 'resident-1', pii: { sealed: 'x' } },
            { subjectId: 'resident-2', pii: null },
          ],
        },
        metadata: { occurredAt: '2026-01-01T00:00:00.000Z', workflow: { id: 'mediation', version: 2 } },
      },
      { type: 'PartyAdded', data: { party: { subjectId: 'resident-3', pii: {} }, note: { subjectId: 'not-a-party' } }, metadata: { occurredAt: '2026-01-02T00:00:00.000Z' } },
      { type: 'Closed', data: {}, metadata: { occurredAt: '2026-03-02T02:00:00.000Z' } },
    ];
    expect(events.reduce(evolveCaseRecord, emptyCaseRecord)).toEqual({
      caseId: 'M-1',
      kind: 'mediation',
      closedAt: '2026-03-02T02:00:00.000Z',
      events: 3,
      lastRevision: 2,
      subjects: ['resident-1', 'resident-2', 'resident-3'],
    });
  });
});

describe('properties (1,000 runs): holds and retention protect every case', () => {
  const YEAR = 365 * 24 * 3_600_000;
  /**
   * Any time from the closing on, or one within a year of the expiry (half the time): with the
   * first alone, 1,000 runs disposed of the case 112–155 times (measured), near the floor below.
   */
  const instant = fc
    .oneof(fc.integer({ min: Date.parse('2026-03-02T02:00:00.000Z'), max: Date.parse('2040-01-01T00:00:00.000Z') }), fc.integer({ min: Date.parse(AFTER) - YEAR, max: Date.parse(AFTER) + YEAR }))
    .map((ms) => new Date(ms).toISOString());
  const step = fc.oneof(
    fc.record({ command: fc.constantFrom('H-1', 'H-2').map(hold), now: instant }),
    fc.record({ command: fc.constantFrom('H-1', 'H-2').map(lift), now: instant }),
    fc.record({ command: fc.constant(dispose), now: instant }),
  );

  it('for all command sequences: nothing is disposed of while a hold is active or before the period ends, at most once, and nothing is recorded after', () => {
    const seen = { disposed: 0, refusedForHold: 0 };
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const sorted = [...steps].sort((a, b) => a.now.localeCompare(b.now));
        let state: RecordsState = initialRecordsState;
        let disposals = 0;
        for (const { command, now } of sorted) {
          const decided = decideRecords(command, state, context(now));
          if (E.isLeft(decided)) {
            if (decided.left.code === 'LegalHoldActive') seen.refusedForHold += 1;
            continue;
          }
          expect(state.disposedAt, 'nothing is recorded after disposal').toBeNull();
          for (const event of decided.right) {
            if (event.type === 'CaseDisposed') {
              disposals += 1;
              seen.disposed += 1;
              expect(state.holds, 'no hold active at disposal').toEqual([]);
              expect(Date.parse(now)).toBeGreaterThanOrEqual(Date.parse(AFTER));
            }
            state = evolveRecords(state, event);
          }
        }
        expect(disposals).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1_000 },
    );
    // Not vacuous: cases do get disposed of, and holds do refuse disposals.
    expect(seen.disposed).toBeGreaterThan(100);
    expect(seen.refusedForHold).toBeGreaterThan(50);
  });
});
