import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, deadlineHistory, legalAidWorkflow } from '@casefold/core';
import { type PayloadArbitraries, workflowHistoryArbitrary } from '@casefold/core/testing';
import { calendar } from '../support/fixtures.js';
import { legalServicesDirectory } from './legalServicesFixtures.js';
import { legalAidPayloads } from './legalServicesPayloads.js';

/*
 * Deadline properties of the legal-aid application (法律援助法 Art 43): over generated
 * histories starting on any day of 2026 (the National Day week included), the decision clock
 * runs from receipt to the decision, the assignment clock from the grant to the assignment,
 * neither is ever extended, and each is due exactly when the statute's days (plus the time
 * paused for supplementing materials) run out, by an independent count.
 */

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;
const RUNS = { numRuns: 1000 };

/** A working day on the fixture calendar: a make-up working day, or a weekday that is no holiday. */
const working = (day: number): boolean => {
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(day * DAY).getUTCDay();
  return weekday >= 1 && weekday <= 5;
};

/**
 * The statute's due time of `amount` calendar days from `start`, counted independently: the
 * start day does not count; 24:00 local of the amount-th day after it, or of the next working
 * day when that day is not one (民法典 Arts 201, 203).
 */
const statutoryDue = (start: string, amount: number): number => {
  let last = Math.floor((Date.parse(start) + OFFSET) / DAY) + amount;
  while (!working(last)) last += 1;
  return (last + 1) * DAY - OFFSET;
};

const at = (event: AnyCaseEvent | undefined): string | null => event?.meta.occurredAt ?? null;
const firstOf = (events: readonly AnyCaseEvent[], types: readonly string[], from = 0): AnyCaseEvent | undefined => events.slice(from).find((e) => types.includes(e.type));

const histories = fc.integer({ min: 0, max: 330 }).chain((day) =>
  workflowHistoryArbitrary({
    workflow: legalAidWorkflow,
    directory: legalServicesDirectory,
    payloads: legalAidPayloads as PayloadArbitraries,
    startAt: new Date(Date.UTC(2026, 0, 1) + day * DAY + 3_600_000).toISOString(),
    maxLength: 16,
    weights: { commands: { Withdraw: 0.2, PauseClock: 2, ResumeClock: 2 } },
  }),
);

describe('legal-aid deadlines (法律援助法 Art 43): for all histories', () => {
  it('the decision clock runs from receipt to the first decision or closing; the assignment clock from the grant to the assignment or closing', () => {
    const seen = { decided: 0, assigned: 0, paused: 0 };
    fc.assert(
      fc.property(histories, ({ events, state }) => {
        const decision = state.clocks['legalAid.decision'];
        if (events.length === 0) {
          expect(decision).toBeUndefined();
          return;
        }
        expect(decision?.startedAt).toBe(at(events[0]));
        expect(decision?.stoppedAt ?? null).toBe(at(firstOf(events, ['LegalAidGranted', 'LegalAidRefused', 'Closed'])));
        const grantAt = events.findIndex((e) => e.type === 'LegalAidGranted');
        const assignment = state.clocks['legalAid.assignment'];
        if (grantAt < 0) {
          expect(assignment).toBeUndefined();
          return;
        }
        expect(assignment?.startedAt).toBe(at(events[grantAt]));
        expect(assignment?.stoppedAt ?? null).toBe(at(firstOf(events, ['LegalAidAssigned', 'Closed'], grantAt)));
        seen.decided += 1;
        if (assignment?.stoppedAt !== null) seen.assigned += 1;
        if ((decision?.pauses.length ?? 0) > 0) seen.paused += 1;
      }),
      RUNS,
    );
    // Not vacuous: applications are decided, aid assigned, and clocks paused for missing materials.
    expect(seen.decided).toBeGreaterThan(100);
    expect(seen.assigned).toBeGreaterThan(50);
    expect(seen.paused).toBeGreaterThan(20);
  });

  it('no deadline is ever later than the statute allows: never extended, due exactly when 7 (decision) or 3 (assignment) days run out, shifted only by pauses for supplementing materials', () => {
    let unpaused = 0;
    let overHoliday = 0;
    fc.assert(
      fc.property(histories, ({ events, state }) => {
        const now = at(events.at(-1)) ?? '2026-01-01T00:00:00.000Z';
        for (const due of deadlineHistory(state, now, calendar)) {
          const clock = state.clocks[due.rule];
          expect(clock?.extendedBy).toBe(0);
          expect(clock?.rule.maxExtension).toBe(0);
          expect(due.dueAt).not.toBeNull();
          const limit = statutoryDue(due.startedAt, due.rule === 'legalAid.decision' ? 7 : 3);
          const paused = [...(clock?.pauses ?? []), ...(clock?.pausedSince ? [{ from: clock.pausedSince, to: now }] : [])];
          if (paused.length === 0) {
            unpaused += 1;
            expect(Date.parse(due.dueAt ?? '')).toBe(limit);
            if (limit - Date.parse(due.startedAt) > (due.rule === 'legalAid.decision' ? 8 : 4) * DAY) overHoliday += 1;
          } else {
            expect(due.rule).toBe('legalAid.decision');
            const pausedMs = paused.reduce((sum, p) => sum + Date.parse(p.to) - Date.parse(p.from), 0);
            expect(Date.parse(due.dueAt ?? '')).toBeGreaterThanOrEqual(limit);
            // A pause adds at most its own length, and the days up to the next working day.
            expect(Date.parse(due.dueAt ?? '')).toBeLessThanOrEqual(statutoryDue(new Date(Date.parse(due.startedAt) + Math.ceil(pausedMs / DAY) * DAY).toISOString(), 7));
          }
          if (due.stoppedAt !== null) expect(due.metOnTime).toBe(Date.parse(due.stoppedAt) <= Date.parse(due.dueAt ?? ''));
        }
      }),
      RUNS,
    );
    // Not vacuous: many clocks unpaused, some falling due over a weekend or the National Day week.
    expect(unpaused).toBeGreaterThan(500);
    expect(overHoliday).toBeGreaterThan(20);
  });
});
