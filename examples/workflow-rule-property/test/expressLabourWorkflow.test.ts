import { type AnyCaseEvent, type CaseState, clockDueAt, deadlineHistory, instantMillis, mediationWorkflow, workflowLabel } from '@casefold/core';
import { caseCommandHandler, chinaCalendar, getInMemoryEventStore } from '@casefold/engine';
import { caseHistoryArbitrary, intentsArbitrary, playIntents, sampleDirectory } from '@casefold/testing/arbitraries';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPRESS_LABOUR_DAYS, expressLabourWorkflow } from '../src/expressLabourWorkflow.js';

const directory = sampleDirectory();
const calendar = chinaCalendar();
const RUNS = { numRuns: 1000 };
// #region histories
const histories = caseHistoryArbitrary({ directory, workflow: expressLabourWorkflow, maxLength: 20, wildness: 0.1 });
/** Labour disputes only (about one generated case in eight), for the rule that concerns them. */
const labourHistories = histories.filter(({ state }) => state.category === 'labour');
// #endregion histories

/** The case's labour-mediation clock, if it has one. */
const labourClock = (state: CaseState) => state.clocks['mediation.labour'];

/**
 * An event with exactly what the pilot changes taken out: the workflow that decided it, and
 * the amount and wording of the labour mediation clock. Every other clock must be equal in
 * full (rule, amount, unit, basis, extension), so a pilot that also moved another deadline fails.
 */
const withoutPilotChanges = (event: AnyCaseEvent) => ({
  ...event,
  meta: {
    ...event.meta,
    workflow: null,
    deadlines: {
      ...event.meta.deadlines,
      started: event.meta.deadlines.started.map((d) => (d.rule === 'mediation.labour' ? { ...d, amount: null, label: null, basis: null } : d)),
    },
  },
});

describe('the variant workflow in the command handler', () => {
  it('decides a labour case under the pilot: its events record the pilot, and the labour clock runs 10 days', async () => {
    const store = getInMemoryEventStore();
    // #region handler
    const execute = caseCommandHandler({ store, directory, workflow: expressLabourWorkflow });
    // #endregion handler
    const result = await execute(
      {
        type: 'Submit',
        commandId: 'c-1',
        caseId: 'L-1',
        channel: 'window',
        category: 'labour',
        summary: 'Wages not paid',
        receivingUnit: 'majie',
        area: 'majie-north',
        claimedAmountFen: 1_200_000,
        parties: [{ subjectId: 'p-1', side: 'applicant', pii: { name: '李四', phone: null, idNumber: null } }],
      },
      { actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' } },
    );
    if (result._tag === 'Left') throw new Error(`refused: ${JSON.stringify(result.left)}`);
    expect(result.right.events.map((e) => workflowLabel(e.meta.workflow))).toEqual(['mediation-express-labour@1']);
    expect(result.right.events[0]?.meta.deadlines.started).toContainEqual(expect.objectContaining({ rule: 'mediation.labour', amount: EXPRESS_LABOUR_DAYS, unit: 'calendarDays' }));
  });
});

describe('a variant workflow rule, checked for all generated case histories', () => {
  it('every event records that the pilot workflow decided it', () => {
    // #region provenance
    fc.assert(
      fc.property(histories, ({ events }) => {
        for (const event of events) expect(workflowLabel(event.meta.workflow)).toBe('mediation-express-labour@1');
      }),
      RUNS,
    );
    // #endregion provenance
  });

  it('a labour case gets a 10-day mediation clock from receipt (Art 14, mediation workflow v2); other cases never do and keep the 30-day rule once accepted', () => {
    let labourCases = 0;
    fc.assert(
      fc.property(fc.oneof(histories, labourHistories), ({ events, state }) => {
        const accepted = events.some((e) => e.type === 'Reviewed' && e.data.decision === 'accepted');
        const started = events.flatMap((e) => e.meta.deadlines.started);
        if (state.category === 'labour') {
          labourCases += 1;
          expect(started.filter((d) => d.rule === 'mediation.labour')).toEqual([expect.objectContaining({ amount: EXPRESS_LABOUR_DAYS, unit: 'calendarDays' })]);
          expect(started.some((d) => d.rule === 'mediation')).toBe(false);
        } else {
          expect(labourClock(state)).toBeUndefined();
          if (accepted) expect(started.filter((d) => d.rule === 'mediation')).toEqual([expect.objectContaining({ amount: 30 })]);
        }
      }),
      RUNS,
    );
    // Not vacuous: the generator reaches labour cases often.
    expect(labourCases).toBeGreaterThan(100);
  });

  it('the fast-track due time is never later than the statutory one, and a mediation late by the statute is late on the fast track too', () => {
    let clocks = 0;
    let lateByStatute = 0;
    fc.assert(
      // Judged some days after the last event, so running clocks are seen both early and late.
      fc.property(labourHistories, fc.integer({ min: 0, max: 40 }), ({ state }, daysLater) => {
        const clock = labourClock(state);
        if (clock === undefined) return;
        clocks += 1;
        const now = new Date(instantMillis(state.lastEventAt!) + daysLater * 86_400_000).toISOString();
        const judgedAt = clock.stoppedAt ?? now;
        // A span that reaches a year without holiday data has no due date (a Left), never a guessed one.
        const dateOf = (due: ReturnType<typeof clockDueAt>): string | null => (due._tag === 'Right' ? due.right : null);
        const express = dateOf(clockDueAt(clock, calendar, judgedAt));
        const statutory = dateOf(clockDueAt({ ...clock, rule: { ...clock.rule, amount: 15 } }, calendar, judgedAt));
        const status = deadlineHistory(state, now, calendar).find((d) => d.rule === 'mediation.labour')!;
        expect(status.dueAt).toBe(express);
        if (express === null || statutory === null) return;
        expect(instantMillis(express)).toBeLessThanOrEqual(instantMillis(statutory));
        if (instantMillis(judgedAt) > instantMillis(statutory)) {
          lateByStatute += 1;
          expect(status.breached === true || status.metOnTime === false).toBe(true);
        }
      }),
      RUNS,
    );
    // Not vacuous: many labour clocks, and many of them late even by the statute.
    expect(clocks).toBeGreaterThan(100);
    expect(lateByStatute).toBeGreaterThan(20);
  });

  it('changes nothing but the deadline: the same intents give the same decisions as the default workflow', () => {
    // #region sameDecisions
    fc.assert(
      fc.property(intentsArbitrary(20, 0.1), (intents) => {
        const pilot = playIntents(intents, { directory, workflow: expressLabourWorkflow });
        const standard = playIntents(intents, { directory, workflow: mediationWorkflow });
        expect(pilot.steps.map((s) => s.result._tag)).toEqual(standard.steps.map((s) => s.result._tag));
        expect(pilot.state.stage).toBe(standard.state.stage);
        expect(pilot.events.map(withoutPilotChanges)).toEqual(standard.events.map(withoutPilotChanges));
      }),
      RUNS,
    );
    // #endregion sameDecisions
  });
});
