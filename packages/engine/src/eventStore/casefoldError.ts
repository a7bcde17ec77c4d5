/**
 * The one base class of casefold's errors for misuse and infrastructure, and the one guard
 * that recognises them. Every error kind (the port's, the adapters', the CLI's) extends
 * {@link CasefoldError} and names itself by a unique `name`; {@link isCasefoldError} checks
 * that name and a brand shared across package copies (two installed copies of
 * `@casefold/engine` still recognise each other's errors, which `instanceof` would not).
 */

/** The brand every {@link CasefoldError} carries, the same in every copy of the package. */
const BRAND = Symbol.for('@casefold/error');

/**
 * Error kinds by name, for {@link isCasefoldError}. A package that defines a kind adds it
 * here by declaration merging:
 *
 * @example
 * declare module '@casefold/engine' {
 *   interface CasefoldErrorKinds { DatabaseReplacedError: DatabaseReplacedError }
 * }
 */
export interface CasefoldErrorKinds {}

/** Base class of casefold's errors: a `name` unique to the kind, a message saying what was wrong, where, and what to do. */
export abstract class CasefoldError extends Error {
  /** The kind's name, e.g. `StoreUnavailableError`. */
  abstract override readonly name: string;
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `e` is a casefold error, of the kind `name` when given. Works across package
 * copies (by brand and name, not `instanceof`).
 *
 * @example
 * if (isCasefoldError(error, 'StoreUnavailableError')) retryLater(error.operation);
 */
export function isCasefoldError<K extends keyof CasefoldErrorKinds>(e: unknown, name: K): e is CasefoldErrorKinds[K];
export function isCasefoldError(e: unknown): e is CasefoldError;
export function isCasefoldError(e: unknown, name?: string): boolean {
  if (typeof e !== 'object' || e === null || (e as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return name === undefined || (e as { name?: unknown }).name === name;
}
