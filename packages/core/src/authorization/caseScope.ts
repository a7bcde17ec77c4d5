import type { CaseState } from '../decider/caseState.js';

/**
 * What authorization needs to know of one case: its kind, the units it stands in relation to
 * and the people bound to it. Plain data, kept per case (a row, see `caseScopesProjection`),
 * or taken from a folded state with {@link caseScopeOf}. No personal data: subject ids only.
 */
export interface CaseScope {
  readonly caseId: string;
  /** The case kind: the id of the workflow it runs under. */
  readonly kind: string;
  readonly category: string;
  /** The unit that received it first (首问首办). */
  readonly owner: string;
  /** The unit holding it now. */
  readonly holder: string;
  /** Subject ids of the applicants. */
  readonly applicants: readonly string[];
  /** Subject ids of the respondents (in an accusation: the accused). Empty when not known (a folded state keeps none). */
  readonly respondents: readonly string[];
  /** Ids of those taking part besides staff (co-mediators, lawyers, notaries named when the mediation started). */
  readonly participants: readonly string[];
}

/** The scope of a folded case, or `null` before its first event. Respondents are not kept in the state: empty. */
export const caseScopeOf = (state: CaseState): CaseScope | null => {
  const { caseId, workflow, category, owner, handlingUnit } = state;
  if (caseId === null || workflow === null || category === null || owner === null || handlingUnit === null) return null;
  return {
    caseId,
    kind: workflow.id,
    category,
    owner,
    holder: handlingUnit,
    applicants: state.applicants,
    respondents: [],
    participants: state.mediation?.participants.map((p) => p.id) ?? [],
  };
};
