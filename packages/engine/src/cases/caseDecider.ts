import { type AnyCaseEvent, type CaseState, type DecisionContext, type Rejection, decideInput, evolve, initialState } from '@casefold/core';
import type { Decider } from '../commandHandling/decider.js';

/**
 * Core's case decider in the engine's {@link Decider} shape, for any workflow (the context
 * names it). Commands are `unknown`: this is the untyped edge, where `decideInput` decodes
 * them with the workflow's codecs.
 */
export const caseDecider: Decider<unknown, AnyCaseEvent, CaseState, DecisionContext, Rejection<string>> = { decide: decideInput, evolve, initialState };

/** The stream that holds one case's events. */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;

/** The case id of a case stream, or `null` for other streams. */
export const caseIdOfStream = (streamId: string): string | null => (streamId.startsWith('case-') ? streamId.slice(5) : null);
