/** What `work` threw, and how long it took; fails the test, with what it returned, when it succeeded. */
export const timedFailure = async (work: () => Promise<unknown>): Promise<{ readonly error: Error; readonly ms: number }> => {
  const started = performance.now();
  let value: unknown;
  try {
    value = await work();
  } catch (error) {
    return { error: error as Error, ms: performance.now() - started };
  }
  throw new Error(`expected a failure, got ${String(value)}`);
};

/** What `work` threw; fails the test, with what it returned, when it succeeded. */
export const failure = async (work: Promise<unknown>): Promise<Error> => (await timedFailure(() => work)).error;
