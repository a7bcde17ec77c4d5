import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseState, type Workflow, checkWorkflow, decideInput, isGuardRejection, shippedWorkflows, workflowLabel } from '@casefold/core';
import {
  type GeneratedWorkflow,
  MEDIATION_WEIGHTS,
  type PayloadArbitraries,
  type PlayResult,
  type Weights,
  historyInvariantViolations,
  sampleDirectory,
  workflowArbitrary,
  workflowHistoryArbitrary,
} from '@casefold/core/testing';
import { consultationPayloads, legalAidPayloads } from './workflows/legalServicesPayloads.js';
import { GRID_EVENT_WEIGHTS, gridEventPayloads } from './workflows/gridEventFixtures.js';
import { PETITION_WEIGHTS, petitionPayloads } from './workflows/petitionFixtures.js';

/*
 * Properties of the decider for every shipped workflow (`shippedWorkflows`; the 12345
 * hotline in examples/hotline-12345) and for generated workflows: decide is total, and every
 * accepted sequence keeps the workflow's invariants (see `historyInvariantViolations`).
 */

const directory = sampleDirectory();
const RUNS = { numRuns: 1000 };
const SHIPPED: readonly (readonly [string, Workflow])[] = shippedWorkflows.map((w) => [workflowLabel(w), w] as const);

/** How each shipped kind's histories are generated: payloads for the commands it adds, weights that keep its cases going. */
const SETTINGS: Readonly<Record<string, { readonly payloads?: PayloadArbitraries; readonly weights?: Weights }>> = {
  mediation: { weights: MEDIATION_WEIGHTS },
  legalConsultation: { payloads: consultationPayloads as PayloadArbitraries },
  legalAid: { payloads: legalAidPayloads as PayloadArbitraries },
  gridEvent: { payloads: gridEventPayloads as PayloadArbitraries, weights: GRID_EVENT_WEIGHTS },
  petition: { payloads: petitionPayloads as PayloadArbitraries, weights: PETITION_WEIGHTS },
};

/** Histories of a shipped workflow in the sample directory, with its kind's settings. */
const historiesOf = (workflow: Workflow, maxLength?: number): fc.Arbitrary<PlayResult> =>
  workflowHistoryArbitrary({ workflow, directory, ...SETTINGS[workflow.id], ...(maxLength === undefined ? {} : { maxLength }) });

/** A generated workflow with a history played under it. */
const generated: fc.Arbitrary<{ readonly generated: GeneratedWorkflow; readonly history: PlayResult }> = workflowArbitrary().chain((g) =>
  workflowHistoryArbitrary({ workflow: g.workflow, directory, payloads: g.payloads, maxLength: 20, wildness: 0.2 }).map((history) => ({ generated: g, history })),
);

/** Command-shaped input for a workflow: one of its command types (or none it knows) with random fields, sometimes over a valid payload. */
const commandLike = (workflow: Workflow): fc.Arbitrary<unknown> =>
  fc
    .record({ type: fc.constantFrom(...workflow.transitions.map((t) => t.command), 'Nope'), commandId: fc.string({ maxLength: 4 }), caseId: fc.string({ maxLength: 4 }) }, { requiredKeys: ['type'] })
    .chain((base) =>
      fc
        .dictionary(fc.constantFrom('to', 'rule', 'by', 'note', 'amount', 'level', 'decision', 'reason', 'referredTo', fc.string({ maxLength: 6 }) as never), fc.anything())
        .map((extra) => ({ ...extra, ...base })),
    );

/** Contexts around a workflow: valid ones with any actor (role, unit, id), and garbage. */
const contextLike = (workflow: Workflow): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.record({
      now: fc.constantFrom('2026-05-05T01:00:00.000Z', '2030-01-01T00:00:00.000Z', 'not a time'),
      actor: fc.record({
        id: fc.constantFrom('a', 'case-1-a', '\ud800'),
        role: fc.constantFrom(...workflow.roles.map((r) => r.id), 'nobody'),
        unit: fc.constantFrom(...directory.units.keys(), 'elsewhere'),
      }),
      directory: fc.constant(directory),
      // The sets of keys a guard across cases reads (absent, well-formed, or anything at all).
      known: fc.oneof(fc.constant(undefined), fc.constant({ finalPetitionMatters: ['matter-1'] }), fc.anything()),
      workflow: fc.oneof({ weight: 4, arbitrary: fc.constant(workflow) }, fc.constant({ ...workflow, transitions: [{ command: 'Nope', from: ['x'], to: 'y', roles: [] }] }), fc.anything()),
    }),
    fc.anything(),
  );

const isEither = (value: unknown): boolean => E.isLeft(value as E.Either<unknown, unknown>) || E.isRight(value as E.Either<unknown, unknown>);

describe('decide is total for every workflow', () => {
  it.each(SHIPPED)('%s: for any command-shaped input, state of a generated history and context, it returns an Either', (_, workflow) => {
    fc.assert(
      fc.property(historiesOf(workflow, 12), commandLike(workflow), contextLike(workflow), (history, command, context) => {
        expect(isEither(decideInput(command, history.state, context))).toBe(true);
      }),
      RUNS,
    );
  });

  it('generated workflows pass checkWorkflow, and for their histories and any command-shaped input, state and context, decide returns an Either', () => {
    fc.assert(
      fc.property(generated, fc.anything(), (g, garbage) => {
        expect(checkWorkflow(g.generated.workflow)).toEqual([]);
        for (const step of g.history.steps) expect(isEither(step.result)).toBe(true);
        const workflow = g.generated.workflow;
        const samples = fc.sample(fc.tuple(commandLike(workflow), contextLike(workflow)), { numRuns: 3, seed: g.history.steps.length });
        for (const [command, context] of samples) {
          expect(isEither(decideInput(command, g.history.state, context))).toBe(true);
          expect(isEither(decideInput(command, garbage as CaseState, context))).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe('every accepted sequence keeps its workflow’s invariants', () => {
  it.each(SHIPPED)('%s: terminal stays terminal, stages and statuses follow the definitions, guards and scopes hold, escalation goes one level up', (_, workflow) => {
    fc.assert(
      fc.property(historiesOf(workflow), (history) => {
        expect(historyInvariantViolations(history)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('generated workflows: the same invariants, over histories that get somewhere and guards that refuse', () => {
    let moved = 0;
    let guardRefusals = 0;
    fc.assert(
      fc.property(generated, ({ history }) => {
        expect(historyInvariantViolations(history)).toEqual([]);
        if (history.events.length >= 2) moved += 1;
        guardRefusals += history.steps.filter((s) => E.isLeft(s.result) && isGuardRejection(s.result.left)).length;
      }),
      RUNS,
    );
    // The property is not vacuous: many histories go past Submit, and the generated guards refuse commands.
    expect(moved).toBeGreaterThan(RUNS.numRuns / 5);
    expect(guardRefusals).toBeGreaterThan(50);
  });
});
