/**
 * A `Submit` for tests and examples in the sample directory (`sampleDirectory`): a tenancy
 * dispute received at the majie window, area majie-north, 1,000 yuan claimed, one applicant
 * `<caseId>-a` named 'A'; command id `<caseId>/submit`. `overrides` replace whole fields
 * (`parties`, `claimedAmountFen`, `commandId`, …).
 *
 * @example
 * await execute(sampleSubmit('M-1', { parties: [{ subjectId: 'resident-1', side: 'applicant', pii: person }] }), { actor: clerk });
 */
export const sampleSubmit = (caseId: string, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> => ({
  type: 'Submit',
  commandId: `${caseId}/submit`,
  caseId,
  channel: 'window',
  category: 'tenancy',
  summary: 'Deposit not returned',
  receivingUnit: 'majie',
  area: 'majie-north',
  claimedAmountFen: 100_000,
  parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: 'A', phone: null, idNumber: null } }],
  ...overrides,
});
