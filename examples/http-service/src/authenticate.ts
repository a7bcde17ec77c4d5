import * as E from 'fp-ts/lib/Either.js';
import { Principal, decodeErrorsMessage, formatDecodeErrors } from '@casefold/core';
import { errors, jwtVerify } from 'jose';

/** How bearer tokens are verified: an HMAC secret (HS256), and the issuer and audience they must name. */
export interface TokenVerification {
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly audience: string;
}

/**
 * The claim a token carries besides `sub` (the principal's id): the caller's `tenant` (the
 * district whose service they use, e.g. `xishan`), the principal's role assignments at units
 * of that tenant's directory, and for a citizen their subject id. Issued by the identity
 * provider that checked who they are; never taken from a request body or URL.
 *
 * The tenant sits inside this claim, not in a claim of its own: the assignments name units of
 * one tenant's directory, so the tenant and the assignments are one statement of the identity
 * provider and travel together; and a private, namespaced claim cannot be mistaken for the
 * identity provider's own notion of a tenant (a top-level `tid` or `tenant` often names the
 * provider's directory or organisation, not the district).
 */
export const PRINCIPAL_CLAIM = 'casefold';

/** Who is calling: the tenant their token names, and the principal within it. */
export interface Caller {
  readonly tenantId: string;
  readonly principal: Principal;
}

/** Authenticates a request: the caller of a valid bearer token, or why there is none (the 401's message). */
export type Authenticate = (authorizationHeader: string | undefined) => Promise<E.Either<string, Caller>>;

/**
 * Verifies `Authorization: Bearer <JWT>` with `jose` (signature, `exp`, `nbf`, issuer and
 * audience; HS256 only), takes the tenant from the {@link PRINCIPAL_CLAIM} claim's `tenant`
 * (a token without one is refused) and decodes the principal from `sub` and the rest of the
 * claim with casefold's `Principal` codec. Whether the service serves that tenant is the
 * app's to say. A deployment with an identity provider uses its
 * public keys instead (`createRemoteJWKSet`); the rest stays the same.
 */
export const bearerTokenAuthenticator =
  (verification: TokenVerification): Authenticate =>
  async (header) => {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header ?? '')?.[1];
    if (token === undefined) return E.left('Send "Authorization: Bearer <token>" with a token from the identity provider.');
    try {
      const { payload } = await jwtVerify(token, verification.secret, { algorithms: ['HS256'], issuer: verification.issuer, audience: verification.audience });
      const claim = payload[PRINCIPAL_CLAIM];
      const { tenant, ...principal } = typeof claim === 'object' && claim !== null ? (claim as Record<string, unknown>) : {};
      if (typeof tenant !== 'string')
        return E.left(`The token names no tenant: its "${PRINCIPAL_CLAIM}" claim needs "tenant", the district the caller works in (e.g. "xishan"); get a token that names it.`);
      const decoded = Principal.decode({ ...principal, id: payload.sub });
      return E.isRight(decoded) ? E.right({ tenantId: tenant, principal: decoded.right }) : E.left(`The token's principal is unusable: ${decodeErrorsMessage(formatDecodeErrors(decoded.left))}.`);
    } catch (error) {
      if (error instanceof errors.JOSEError) return E.left(`The token was refused (${error.code}); get a new one from the identity provider.`);
      throw error;
    }
  };
