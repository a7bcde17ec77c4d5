import { SignJWT } from 'jose';
import { PRINCIPAL_CLAIM } from '../../src/authenticate.js';
import { GUANDU_UNITS, XISHAN_UNITS } from '../../src/directory.js';
import type { TenantOptions } from '../../src/tenant.js';

/** How the tests' identity provider signs tokens, and the service verifies them. */
export const tokens = { secret: new TextEncoder().encode('a test secret of at least thirty-two bytes'), issuer: 'test-idp', audience: 'casefold-http' };

/** The tenants the tests' service serves: two districts of Kunming on one SQLite file. */
export const TENANTS: readonly TenantOptions[] = [
  { tenantId: 'xishan', units: XISHAN_UNITS },
  { tenantId: 'guandu', units: GUANDU_UNITS },
];

/** A token the identity provider would issue: `sub` and the casefold claim, signed with `secret`, valid for `expiresIn`. */
export const token = (sub: string, claim: Record<string, unknown>, { secret = tokens.secret, expiresIn = '1h', audience = tokens.audience } = {}): Promise<string> =>
  new SignJWT({ [PRINCIPAL_CLAIM]: claim }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer(tokens.issuer).setAudience(audience).setIssuedAt().setExpirationTime(expiresIn).sign(secret);

/** A response's status and JSON body. */
export type Answer = { status: number; body: Record<string, any> };

/** A request to the service at `baseUrl()` as `as` (a bearer token; none when `null`). */
export const caller =
  (baseUrl: () => string) =>
  async (method: 'GET' | 'POST', path: string, body: unknown, as: string | null): Promise<Answer> => {
    const auth: Record<string, string> = as === null ? {} : { authorization: `Bearer ${as}` };
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };

/** A window `Submit` of a labour case received at `receivingUnit` for `area`, with an applicant of personal data `name`. */
export const submit = (caseId: string, { receivingUnit = 'majie', area = 'majie-north', name = '王伟', summary = 'Unpaid wages for site work' } = {}) => ({
  type: 'Submit',
  commandId: `${caseId}-submit`,
  caseId,
  channel: 'window',
  category: 'labour',
  summary,
  receivingUnit,
  area,
  claimedAmountFen: 4_200_000,
  parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name, phone: '13800001234', idNumber: null } }],
});

/** A `Review` accepting the case. */
export const review = (caseId: string, commandId = `${caseId}-review`) => ({ type: 'Review', commandId, caseId, decision: { outcome: 'accepted', note: null } });
