import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseState, type Clock, FINAL_PETITION_MATTERS, deadlineHistory, dueAt, instantMillis, isGuardRejection, petitionWorkflow } from '@casefold/core';
import { type PlayResult, historyInvariantViolations, workflowHistoryArbitrary } from '@casefold/core/testing';
import { calendar, directory } from '../support/fixtures.js';
import { PETITION_WEIGHTS, petitionPayloads } from './petitionFixtures.js';

/*
 * Properties of the petition workflow (1,000 runs each) over histories played through the
 * real decider: the invariants every workflow keeps, finality within a case and across cases,
 * and the statutory limits of the 信访工作条例, written here from the regulation (not read
 * from the workflow's data): no due date later than the statute allows.
 */

const RUNS = { numRuns: 1000 };

/** The statute, independently of the workflow: each limit's amount, unit and the extension it allows. */
const STATUTE: Readonly<Record<string, { readonly amount: number; readonly unit: 'calendarDays' | 'workingDays'; readonly extension: number; readonly hearingExcluded?: true }>> = {
  transfer: { amount: 15, unit: 'calendarDays', extension: 0 }, // Art 22
  'receiptNotice.direct': { amount: 15, unit: 'calendarDays', extension: 0 }, // Art 23 para 2
  'receiptNotice.transferred': { amount: 15, unit: 'calendarDays', extension: 0 }, // Art 23 para 3
  objection: { amount: 5, unit: 'workingDays', extension: 0 }, // Art 23 para 3
  handling: { amount: 60, unit: 'calendarDays', extension: 30 }, // Art 34
  reviewWindow: { amount: 30, unit: 'calendarDays', extension: 0 }, // Art 35
  review: { amount: 30, unit: 'calendarDays', extension: 0 }, // Art 35
  reReviewWindow: { amount: 30, unit: 'calendarDays', extension: 0 }, // Art 36
  reReview: { amount: 30, unit: 'calendarDays', extension: 0, hearingExcluded: true }, // Art 36
};

/** Known final matters for a history: none, or some of the generated matter keys. */
const finalSets = fc.subarray(['matter-1', 'matter-2', 'matter-3', 'matter-4']);

/** Histories that extend, pause and re-register often, with a set of final matters the system looked up. */
const historiesWith = (options: { readonly grievancesOnly?: boolean; readonly weights?: Readonly<Record<string, number>>; readonly maxLength?: number } = {}) =>
  finalSets.chain((finals) =>
    workflowHistoryArbitrary({
      workflow: petitionWorkflow,
      directory,
      payloads: {
        ...petitionPayloads,
        ...(options.grievancesOnly === true ? { Submit: fc.record({ category: fc.constant('grievance') }) } : {}),
        ExtendDeadline: fc.record({ rule: fc.constantFrom('handling', 'handling', 'review', 'transfer'), by: fc.integer({ min: 1, max: 35 }), reason: fc.constant('Survey pending') }),
        PauseClock: fc.record({ rule: fc.constantFrom('reReview', 'reReview', 'review', 'handling'), reason: fc.constant('hearing') }),
      },
      weights: { commands: { ...PETITION_WEIGHTS.commands, ExtendDeadline: 3, PauseClock: 2, ResumeClock: 2, ...options.weights }, roles: { headOfOrgan: 2, reviewOfficer: 2 } },
      maxLength: options.maxLength ?? 40,
      known: { [FINAL_PETITION_MATTERS]: finals },
    }).map((history) => ({ finals, history })),
  );
const histories = historiesWith();
/** Grievances long in handling: extensions are asked for often, past the cap too. */
const extending = historiesWith({ grievancesOnly: true, weights: { ExtendDeadline: 8, ServeDecisionLetter: 0.2, LinkCase: 0 } });
/** Grievances that go on to review and re-review, where hearings pause the clock. */
const appealing = historiesWith({
  grievancesOnly: true,
  weights: { RecordAppealWindowExpired: 0.05, RouteToProcedure: 0.05, Withdraw: 0.01, LinkCase: 0, PauseClock: 6, ResumeClock: 3 },
  maxLength: 70,
});

/**
 * Every clock a history ever had, each as it last was, with the state it was last seen in (a
 * clock started again replaces the one before in the state; both are kept here).
 */
const everyClock = (history: PlayResult): readonly { readonly clock: Clock; readonly state: CaseState }[] => {
  const last = new Map<string, { readonly clock: Clock; readonly state: CaseState }>();
  for (const step of history.steps) for (const clock of Object.values(step.after.clocks)) last.set(`${clock.rule.rule}@${clock.startedAt}`, { clock, state: step.after });
  return [...last.values()];
};

const STOP = '2027-12-31T00:00:00.000Z';

describe('petition histories (1,000 runs each)', () => {
  it('keep every workflow invariant; closed is never left, and a final matter only stays final or closes', () => {
    const seen = { final: 0, closed: 0, guardRefusals: 0 };
    fc.assert(
      fc.property(histories, ({ history }) => {
        expect(historyInvariantViolations(history)).toEqual([]);
        let wasFinal = false;
        for (const step of history.steps) {
          if (step.before.stage === 'closed') expect(step.after.stage).toBe('closed');
          if (wasFinal) expect(['final', 'closed']).toContain(step.after.stage);
          wasFinal ||= step.after.stage === 'final';
          if (E.isLeft(step.result) && isGuardRejection(step.result.left)) seen.guardRefusals += 1;
        }
        if (wasFinal) seen.final += 1;
        if (history.state.stage === 'closed') seen.closed += 1;
      }),
      RUNS,
    );
    expect(seen.final).toBeGreaterThan(15);
    expect(seen.closed).toBeGreaterThan(100);
    expect(seen.guardRefusals).toBeGreaterThan(200);
  });

  it('finality across cases (Art 36 para 3): a matter key the system knows as final is never registered again', () => {
    let refused = 0;
    let registered = 0;
    fc.assert(
      fc.property(histories, ({ finals, history }) => {
        for (const step of history.steps) {
          if (step.command['type'] !== 'RegisterPetition') continue;
          const key = String(step.command['matterKey']);
          if (E.isRight(step.result)) {
            registered += 1;
            expect(finals).not.toContain(key);
          } else if (step.result.left.code === 'MatterAlreadyFinal') {
            refused += 1;
            expect(finals).toContain(key);
          }
        }
      }),
      RUNS,
    );
    expect(refused).toBeGreaterThan(50);
    expect(registered).toBeGreaterThan(200);
  });

  it('statutory limits: every clock has the statute’s amount and unit, no more extension than allowed, pauses only for the re-review’s hearings, and is due exactly at the statute’s amount plus the extension granted, never later than the statute allows', () => {
    let extended = 0;
    let paused = 0;
    fc.assert(
      // The appeals twice as often as the others: with them one time in three, 1,000 runs saw 17–43 paused clocks (measured), near the floor below.
      fc.property(fc.oneof(histories, extending, { arbitrary: appealing, weight: 2 }), ({ history }) => {
        for (const { clock, state } of everyClock(history)) {
          const statute = STATUTE[clock.rule.rule];
          expect(statute, clock.rule.rule).toBeDefined();
          if (statute === undefined) continue;
          expect([clock.rule.amount, clock.rule.unit]).toEqual([statute.amount, statute.unit]);
          expect(clock.extendedBy).toBeLessThanOrEqual(statute.extension);
          const pauses = clock.pausedSince === null ? clock.pauses : [...clock.pauses, { from: clock.pausedSince, to: clock.stoppedAt ?? STOP }];
          if (statute.hearingExcluded !== true) expect(pauses).toEqual([]);
          if (clock.extendedBy > 0) extended += 1;
          if (pauses.length > 0) paused += 1;
          // The latest the statute allows: its amount plus the whole allowed extension, plus hearing time where excluded.
          const latest = dueAt(calendar, clock.startedAt, { amount: statute.amount + statute.extension, unit: statute.unit }, pauses);
          const due = deadlineHistory(state, clock.stoppedAt ?? STOP, calendar).find((d) => d.rule === clock.rule.rule && d.startedAt === clock.startedAt)?.dueAt;
          expect(E.isRight(latest) && typeof due === 'string').toBe(true);
          if (E.isRight(latest) && typeof due === 'string') expect(instantMillis(due)).toBeLessThanOrEqual(instantMillis(latest.right));
          // And exactly: the statute's amount plus the extension granted, counted on the calendar (start day not counted).
          expect(dueAt(calendar, clock.startedAt, { amount: statute.amount + clock.extendedBy, unit: statute.unit }, pauses)).toEqual(E.right(due));
        }
      }),
      RUNS,
    );
    expect(extended).toBeGreaterThan(30);
    expect(paused).toBeGreaterThan(10);
  });

  it('extension caps (Art 34): an extension is accepted exactly when the head of the organ asks for the handling limit and the total stays within 30 days', () => {
    let accepted = 0;
    let overCap = 0;
    fc.assert(
      fc.property(extending, ({ history }) => {
        for (const step of history.steps) {
          if (step.command['type'] !== 'ExtendDeadline' || step.wild) continue;
          const { rule, by } = step.command as { rule: string; by: number };
          const clock = step.before.clocks[rule];
          const allowed =
            step.before.stage === 'underHandling' &&
            step.context.actor.role === 'headOfOrgan' &&
            clock !== undefined &&
            clock.stoppedAt === null &&
            clock.extendedBy + by <= (STATUTE[rule]?.extension ?? 0);
          expect(E.isRight(step.result), `${rule} +${by} by ${step.context.actor.role} in ${step.before.stage}`).toBe(allowed);
          if (allowed) accepted += 1;
          if (E.isLeft(step.result) && step.result.left.code === 'ExtensionExceedsLimit') overCap += 1;
        }
      }),
      RUNS,
    );
    expect(accepted).toBeGreaterThan(50);
    expect(overCap).toBeGreaterThan(20);
  });
});
