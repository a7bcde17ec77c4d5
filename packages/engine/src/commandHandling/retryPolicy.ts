/** Bounded retries with exponential backoff and full jitter. */
export interface RetryOptions {
  /** Attempts in total, the first included. Defaults to 5. */
  readonly maxAttempts?: number;
  /** Upper bound of the first retry's delay. Defaults to 2 ms. */
  readonly baseDelayMs?: number;
  /** Cap of any delay. Defaults to 100 ms. */
  readonly maxDelayMs?: number;
  /** Source of jitter in [0, 1). Defaults to `Math.random`. */
  readonly random?: () => number;
}

/** {@link RetryOptions} with every default applied. */
export type RetryPolicy = Required<RetryOptions>;

/** Applies the defaults. @throws RangeError on a non-positive `maxAttempts` or a negative delay. */
export const retryPolicy = (options: RetryOptions | undefined): RetryPolicy => {
  const policy: RetryPolicy = {
    maxAttempts: options?.maxAttempts ?? 5,
    baseDelayMs: options?.baseDelayMs ?? 2,
    maxDelayMs: options?.maxDelayMs ?? 100,
    random: options?.random ?? Math.random,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a positive integer, got ${policy.maxAttempts}`);
  }
  if (!(policy.baseDelayMs >= 0 && policy.maxDelayMs >= 0)) {
    throw new RangeError(`retry delays must be non-negative, got base ${policy.baseDelayMs} ms, max ${policy.maxDelayMs} ms`);
  }
  return policy;
};

/** The delay before retry number `retry` (1 for the first retry): uniform in [0, min(max, base·2^(retry−1))). */
export const retryDelayMs = (policy: RetryPolicy, retry: number): number => policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
