import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Text, type Workflow, isSelfOrAbove, mediationWorkflow, oneOf } from '@casefold/core';
import { type PlayResult, isTestKitUsageError, sampleDirectory, workflowArbitrary, workflowHistoryArbitrary } from '@casefold/testing/arbitraries';

const RUNS = { numRuns: 1000 };
const directory = sampleDirectory();

/** Generated workflows with histories played by the generic generator, no wild steps. */
const tame = workflowArbitrary().chain((g) => workflowHistoryArbitrary({ workflow: g.workflow, directory, payloads: g.payloads, wildness: 0, maxLength: 15 }));

const scopeOf = (workflow: Workflow, role: string) => workflow.roles.find((r) => r.id === role)?.scope;

describe('workflowHistoryArbitrary', () => {
  it('refuses to build without a payload arbitrary for a command the workflow adds, naming it', () => {
    const workflow: Workflow = {
      ...mediationWorkflow,
      commands: { Note: { payload: {}, emits: 'Noted' } },
      transitions: [...mediationWorkflow.transitions, { command: 'Note', from: ['submitted'], to: 'same', roles: ['intakeClerk'] }],
    };
    let thrown: unknown;
    try {
      workflowHistoryArbitrary({ workflow, directory });
    } catch (error) {
      thrown = error;
    }
    expect(isTestKitUsageError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('no payload arbitrary for Note');
  });

  it('for all generated workflows, a step that is not wild runs a row allowed from the stage, by one of its roles, with an actor fitting the role’s scope', () => {
    fc.assert(
      fc.property(tame, (h: PlayResult) => {
        for (const step of h.steps) {
          const { actor } = step.context;
          const type = String(step.command['type']);
          const rows = h.workflow.transitions.filter((r) => r.command === type && r.roles.includes(actor.role));
          expect(rows.length).toBeGreaterThan(0);
          const fromHere = h.workflow.transitions.some((r) => r.from.includes(step.before.stage));
          if (fromHere) expect(rows.some((r) => r.from.includes(step.before.stage))).toBe(true);
          const scope = scopeOf(h.workflow, actor.role);
          if (type === 'Submit' || !fromHere) continue;
          if (scope === 'citizen') expect(step.before.applicants).toContain(actor.id);
          if (scope === 'staff') expect([step.before.handlingUnit, step.before.owner].some((u) => u !== null && isSelfOrAbove(directory, u, actor.unit))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('weights steer the choice: a command or role of weight 0 is never picked on a step that is not wild (while a row offers another)', () => {
    const histories = workflowHistoryArbitrary({ workflow: mediationWorkflow, directory, wildness: 0, weights: { commands: { 'Review:rejected': 0, Withdraw: 0 }, roles: { followUpAgent: 0 } } });
    let reviews = 0;
    fc.assert(
      fc.property(histories, (h) => {
        for (const step of h.steps) {
          expect(step.command['type']).not.toBe('Withdraw');
          expect(step.context.actor.role).not.toBe('followUpAgent');
          if (step.command['type'] === 'Review') {
            reviews += 1;
            expect(step.command['decision']).toMatchObject({ outcome: 'accepted' });
          }
        }
      }),
      RUNS,
    );
    expect(reviews).toBeGreaterThan(500);
  });

  it('takes own commands’ payloads from the given arbitraries, with the outcome field set to the picked row’s outcome', () => {
    const workflow: Workflow = {
      ...mediationWorkflow,
      id: 'with-grading',
      commands: { Grade: { payload: { grade: oneOf(['good', 'bad'], 'Grade'), note: Text }, emits: 'Graded', outcome: 'grade' } },
      transitions: [...mediationWorkflow.transitions, { command: 'Grade', outcome: 'good', from: ['submitted'], to: 'same', roles: ['intakeClerk'] }],
    };
    let graded = 0;
    fc.assert(
      fc.property(
        workflowHistoryArbitrary({
          workflow,
          directory,
          wildness: 0,
          weights: { commands: { Grade: 8 } },
          payloads: { Grade: fc.record({ grade: fc.constant('bad'), note: fc.constant('from the arbitrary') }) },
        }),
        (h) => {
          for (const step of h.steps.filter((s) => s.command['type'] === 'Grade')) {
            expect(step.command).toMatchObject({ grade: 'good', note: 'from the arbitrary' });
            if (E.isRight(step.result)) graded += 1;
          }
        },
      ),
      RUNS,
    );
    expect(graded).toBeGreaterThan(50);
  });
});
