import { type CaseEvent, type CaseState, type DecisionContext, type Rejection, decide, evolve, initialState } from '@casefold/core';
import type { Decider } from '../commandHandling/decider.js';

/** Core's case decider in the engine's {@link Decider} shape. Commands are `unknown`: `decide` decodes them. */
export const caseDecider: Decider<unknown, CaseEvent, CaseState, DecisionContext, Rejection> = { decide, evolve, initialState };

/** The stream that holds one case's events. */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;

/** The case id of a case stream, or `null` for other streams. */
export const caseIdOfStream = (streamId: string): string | null => (streamId.startsWith('case-') ? streamId.slice(5) : null);
