/**
 * A test-kit function was called in a way it cannot work with (e.g. a workflow command
 * without a payload arbitrary). Thrown when the arbitrary is built, before any run, with
 * what to pass instead.
 */
export class TestKitUsageError extends Error {
  override readonly name = 'TestKitUsageError';
}

/** Guard for {@link TestKitUsageError} (checks the `name` tag, so it works across package copies). */
export const isTestKitUsageError = (e: unknown): e is TestKitUsageError => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'TestKitUsageError';
