import { CasefoldError, isCasefoldError } from '../eventStore/casefoldError.js';

/**
 * A tenant id: a lowercase letter, then up to 15 lowercase letters and digits (`xishan`,
 * `kunming2`). Short and plain because it becomes part of every stream id of the tenant
 * (`xishan/case-1`) and of the names of its read models and settings (`xishan__caseBoard`,
 * an SQL identifier within the row stores' 48 characters).
 */
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9]{0,15}$/;

/** Between the tenant id and the stream id in a stored stream id: `xishan/case-1`. */
export const TENANT_STREAM_SEPARATOR = '/';

/** Between the tenant id and a read model's or setting's name: `xishan__caseBoard`. */
export const TENANT_NAME_SEPARATOR = '__';

/**
 * A tenant id that does not match {@link TENANT_ID_PATTERN}. Nothing was read or written.
 * Use a lowercase letter followed by up to 15 lowercase letters and digits.
 */
export class InvalidTenantError extends CasefoldError {
  override readonly name = 'InvalidTenantError';
  constructor(readonly tenantId: unknown) {
    super(
      `Invalid tenant id ${typeof tenantId === 'string' ? JSON.stringify(tenantId.slice(0, 40)) : typeof tenantId}: a tenant id is a lowercase letter followed by up to 15 lowercase letters and digits (e.g. 'xishan'). Nothing was read or written.`,
    );
  }
}

/** Guard for {@link InvalidTenantError}. */
export const isInvalidTenantError = (e: unknown): e is InvalidTenantError => isCasefoldError(e, 'InvalidTenantError');

declare module '../eventStore/casefoldError.js' {
  interface CasefoldErrorKinds {
    InvalidTenantError: InvalidTenantError;
  }
}

/** `tenantId` checked. @throws InvalidTenantError */
export const checkTenantId = (tenantId: unknown): string => {
  if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) throw new InvalidTenantError(tenantId);
  return tenantId;
};

/** The start of every stored stream id of a tenant: `xishan/`. */
export const tenantStreamPrefix = (tenantId: string): string => `${checkTenantId(tenantId)}${TENANT_STREAM_SEPARATOR}`;

/** The tenant whose stream a stored stream id is (`xishan/case-1` → `xishan`), or `null` for a stream of no tenant. */
export const tenantOfStream = (storedStreamId: string): string | null => {
  const at = storedStreamId.indexOf(TENANT_STREAM_SEPARATOR);
  const tenantId = at < 0 ? '' : storedStreamId.slice(0, at);
  return TENANT_ID_PATTERN.test(tenantId) ? tenantId : null;
};
