import { gridEventWorkflow } from '../workflow/gridEventWorkflow.js';
import { legalAidWorkflow } from '../workflow/legalAidWorkflow.js';
import { legalConsultationWorkflow } from '../workflow/legalConsultationWorkflow.js';
import { mediationWorkflow } from '../workflow/mediationWorkflow.js';
import { petitionWorkflow } from '../workflow/petitionWorkflow.js';
import type { Workflow } from '../workflow/workflow.js';
import { type AuthorizationPolicy, type Grant, RELATIONS_BY_SCOPE, type Relation, defineAuthorizationPolicy } from './authorizationPolicy.js';

/** The workflow's roles of one scope. */
const rolesOf = (workflow: Workflow, scope: 'staff' | 'citizen' | 'external'): readonly string[] => workflow.roles.filter((r) => r.scope === scope).map((r) => r.id);

/** One grant per scope that has roles: staff at the holder, the owner and the units above; citizens as applicants; external roles as participants. */
const everyRole = (workflow: Workflow, staffRelations: readonly Relation[] = RELATIONS_BY_SCOPE.staff): readonly Grant[] =>
  [
    { roles: rolesOf(workflow, 'staff'), relations: staffRelations },
    { roles: rolesOf(workflow, 'citizen'), relations: RELATIONS_BY_SCOPE.citizen },
    { roles: rolesOf(workflow, 'external'), relations: RELATIONS_BY_SCOPE.external },
  ].filter((grant) => grant.roles.length > 0);

/**
 * The baseline every shipped kind starts from, the reach the decider itself checks, made
 * explicit: staff act and see at the unit holding the case, the unit that received it first
 * (首问首办) and every unit above either; a citizen acts and sees only as an applicant of the
 * case; an external role (a notary) only as a participant the mediation named. Personal data
 * (names, phone numbers, ID numbers) is seen by the holder's and the owner's staff and by the
 * applicant, not by the supervising levels: they see the case, its summary and its figures
 * (PIPL Art 6: no more than the purpose needs).
 */
const baseline = (workflow: Workflow): AuthorizationPolicy => ({
  workflow: workflow.id,
  act: everyRole(workflow),
  see: {
    case: everyRole(workflow),
    summary: everyRole(workflow),
    parties: everyRole(workflow),
    personalData: everyRole(workflow, ['holder', 'owner']),
    documents: everyRole(workflow),
  },
});

/** Mediation requests (both versions): the baseline. */
export const mediationAuthorizationPolicy = defineAuthorizationPolicy(baseline(mediationWorkflow));
/** Legal consultations: the baseline. */
export const legalConsultationAuthorizationPolicy = defineAuthorizationPolicy(baseline(legalConsultationWorkflow));
/** Legal aid: the baseline. */
export const legalAidAuthorizationPolicy = defineAuthorizationPolicy(baseline(legalAidWorkflow));
/** Grid events: the baseline. */
export const gridEventAuthorizationPolicy = defineAuthorizationPolicy(baseline(gridEventWorkflow));

/**
 * Petitions: the baseline, and accusations (检举控告类) kept from everyone but those who
 * handle them (信访工作条例 Art 30): their material is seen by the petition officers of the
 * receiving and the holding organ, the handling officer and the head of the holding organ,
 * the review officers of the organs above, and the petitioner themself; never by the
 * community worker or the one-window clerk, never by the accused.
 */
export const petitionAuthorizationPolicy = defineAuthorizationPolicy({
  ...baseline(petitionWorkflow),
  accusation: { categories: ['accusation'] },
  see: {
    ...baseline(petitionWorkflow).see,
    accusationMaterial: [
      { roles: ['petitionOfficer'], relations: ['holder', 'owner'] },
      { roles: ['handlingOfficer', 'headOfOrgan'], relations: ['holder'] },
      { roles: ['reviewOfficer'], relations: ['supervisor'] },
      { roles: ['petitioner'], relations: ['applicant'] },
    ],
  },
});

/** A policy for every kind of `shippedWorkflows`, as `createAuthorization` takes them; docs/security.md describes each. */
export const shippedAuthorizationPolicies: readonly AuthorizationPolicy[] = [
  mediationAuthorizationPolicy,
  legalConsultationAuthorizationPolicy,
  legalAidAuthorizationPolicy,
  gridEventAuthorizationPolicy,
  petitionAuthorizationPolicy,
];
