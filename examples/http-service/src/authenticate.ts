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
 * The claim a token carries besides `sub` (the principal's id): the principal's role
 * assignments, and for a citizen their subject id. Issued by the identity provider that
 * checked who they are; never taken from a request body.
 */
export const PRINCIPAL_CLAIM = 'casefold';

/** Authenticates a request: the principal of a valid bearer token, or why there is none (the 401's message). */
export type Authenticate = (authorizationHeader: string | undefined) => Promise<E.Either<string, Principal>>;

/**
 * Verifies `Authorization: Bearer <JWT>` with `jose` (signature, `exp`, `nbf`, issuer and
 * audience; HS256 only) and decodes the principal from `sub` and the {@link PRINCIPAL_CLAIM}
 * claim with casefold's `Principal` codec. A deployment with an identity provider uses its
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
      const decoded = Principal.decode({ ...(typeof claim === 'object' && claim !== null ? claim : {}), id: payload.sub });
      return E.isRight(decoded) ? decoded : E.left(`The token's principal is unusable: ${decodeErrorsMessage(formatDecodeErrors(decoded.left))}.`);
    } catch (error) {
      if (error instanceof errors.JOSEError) return E.left(`The token was refused (${error.code}); get a new one from the identity provider.`);
      throw error;
    }
  };
