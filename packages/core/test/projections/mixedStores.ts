import fc from 'fast-check';
import { type Workflow, gridEventWorkflow, legalAidWorkflow, legalConsultationWorkflow, mediationWorkflowV1, petitionWorkflow } from '@casefold/core';
import { type GeneratedStore, MEDIATION_WEIGHTS, type PayloadArbitraries, type PlayResult, type Weights, buildStore, caseStoreArbitrary, workflowHistoryArbitrary } from '@casefold/core/testing';
import { GRID_EVENT_WEIGHTS, gridDirectory, gridEventPayloads } from '../workflows/gridEventFixtures.js';
import { consultationPayloads, legalAidPayloads } from '../workflows/legalServicesPayloads.js';
import { PETITION_WEIGHTS, petitionPayloads } from '../workflows/petitionFixtures.js';

/*
 * Stores mixing every shipped case kind, for the projections' properties: mediation requests
 * (a generated store of the current version), and petitions, grid events, legal consultations,
 * legal-aid applications and mediation requests of version 1, each played through the real
 * decider in the sample directory with the grid-event departments, merged in time order.
 */

/** The sample directory with the departments grid events are dispatched to. */
export const mixedDirectory = gridDirectory();

const kinds: readonly { readonly workflow: Workflow; readonly payloads?: PayloadArbitraries; readonly weights?: Weights; readonly maxLength: number }[] = [
  { workflow: petitionWorkflow, payloads: petitionPayloads as PayloadArbitraries, weights: PETITION_WEIGHTS, maxLength: 24 },
  { workflow: gridEventWorkflow, payloads: gridEventPayloads as PayloadArbitraries, weights: GRID_EVENT_WEIGHTS, maxLength: 24 },
  { workflow: legalConsultationWorkflow, payloads: consultationPayloads as PayloadArbitraries, maxLength: 6 },
  { workflow: legalAidWorkflow, payloads: legalAidPayloads as PayloadArbitraries, maxLength: 8 },
  { workflow: mediationWorkflowV1, weights: MEDIATION_WEIGHTS, maxLength: 16 },
];

/** Cases of the other kinds, each with its own case id. */
const otherKinds: fc.Arbitrary<readonly PlayResult[]> = fc.uniqueArray(
  fc.oneof(
    ...kinds.map(({ workflow, payloads, weights, maxLength }) =>
      workflowHistoryArbitrary({ workflow, directory: mixedDirectory, maxLength, wildness: 0, ...(payloads === undefined ? {} : { payloads }), ...(weights === undefined ? {} : { weights }) }),
    ),
  ),
  { maxLength: 5, selector: (h) => h.caseId },
);

/** Random stores of every kind together (cases with no event left out), events merged in time order. */
export const mixedStores: fc.Arbitrary<GeneratedStore> = fc
  .tuple(caseStoreArbitrary({ maxCases: 3, maxSteps: 14, directory: mixedDirectory }), otherKinds, fc.array(fc.nat({ max: 1000 }), { maxLength: 120 }))
  .map(([store, others, merge]) =>
    buildStore(
      [...store.cases, ...others.map((h) => ({ caseId: h.caseId, streamId: `stream/${h.caseId}`, events: h.events, state: h.state }))].filter((c) => c.events.length > 0),
      merge,
    ),
  );
