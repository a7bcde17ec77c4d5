/**
 * Errors of the dashboard: one class per kind of misuse, each with a guard that also works
 * across package copies (it checks the `name` tag, not only `instanceof`).
 */

/** Whether `e` is an error of this package with the given name. */
const isNamed = (e: unknown, name: string): boolean => e instanceof Error && e.name === name;

/**
 * The dashboard was asked to listen on an address other computers can reach, but no access
 * policy says who may see what. Nothing was started. Serve on a loopback address (the
 * default 127.0.0.1), or pass `access` (a policy and a principal).
 */
export class UnscopedRemoteAccessError extends Error {
  override readonly name = 'UnscopedRemoteAccessError';
  constructor(readonly host: string) {
    super(
      `The dashboard would listen on ${host}, which other computers can reach, but no access policy is configured: without one it serves this computer only. Nothing was started; use a loopback address (127.0.0.1, the default, ::1 or localhost), or configure access (a policy and who asks) first.`,
    );
  }
}

/** Guard for {@link UnscopedRemoteAccessError}. */
export const isUnscopedRemoteAccessError = (e: unknown): e is UnscopedRemoteAccessError => isNamed(e, 'UnscopedRemoteAccessError');
