import { defineAuthorizationPolicy } from '@casefold/core';

/**
 * Who may act on and see a 12345 work order (docs/writing-workflows.md, "Who may act and
 * see"): staff at the holding or owning unit or one above it; the caller on their own order;
 * closing by the operator or director of the owning unit. Parties and documents are left
 * out, so no one sees them.
 */
// #region policy
export const hotlinePolicy = defineAuthorizationPolicy({
  workflow: 'hotline12345',
  // Every command, unless listed under `commands`:
  act: [
    { roles: ['operator', 'dispatcher', 'unitHandler', 'callbackAgent', 'supervisor', 'director'], relations: ['holder', 'owner', 'supervisor'] },
    { roles: ['caller'], relations: ['applicant'] },
  ],
  commands: { Close: [{ roles: ['operator', 'director'], relations: ['owner'] }] },
  see: {
    case: [
      { roles: ['operator', 'dispatcher', 'unitHandler', 'callbackAgent', 'supervisor', 'director'], relations: ['holder', 'owner', 'supervisor'] },
      { roles: ['caller'], relations: ['applicant'] },
    ],
    summary: [
      { roles: ['operator', 'dispatcher', 'unitHandler', 'director'], relations: ['holder', 'owner', 'supervisor'] },
      { roles: ['caller'], relations: ['applicant'] },
    ],
    personalData: [
      { roles: ['operator', 'unitHandler', 'callbackAgent'], relations: ['holder', 'owner'] },
      { roles: ['caller'], relations: ['applicant'] },
    ],
  },
});
// #endregion policy
