/**
 * The parts of a case a policy grants sight of:
 * - `case`: that it exists and where it stands: kind, stage, status, units, dates, deadlines,
 *   its timeline's events (type, time, actor) and its escalation path;
 * - `summary`: the request's summary, category and amounts, and the timeline's one-line summaries;
 * - `parties`: who the parties are (subject ids and sides);
 * - `personalData`: the parties' names, phone numbers and ID numbers (the `pii` fields);
 * - `documents`: what the case's workflow records beyond the lifecycle (letters, findings, notes);
 * - `accusationMaterial`: everything of an accusation case beyond `case` (信访工作条例 Art 30):
 *   for a case whose category the policy names under `accusation`, seeing its summary,
 *   parties, personal data or documents needs this part as well.
 */
export const CASE_PARTS = ['case', 'summary', 'parties', 'personalData', 'documents', 'accusationMaterial'] as const;

/** One part of a case (see {@link CASE_PARTS}). */
export type CasePart = (typeof CASE_PARTS)[number];

/** The parts that, in an accusation case, are accusation material. */
export const ACCUSATION_BEARING_PARTS: readonly CasePart[] = ['summary', 'parties', 'personalData', 'documents'];
