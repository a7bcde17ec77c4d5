/** `waitFor` gave up: the projection had not reached the position within the time allowed. */
export class ProjectionWaitTimeoutError extends Error {
  override readonly name = 'ProjectionWaitTimeoutError';
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly reached: bigint,
    readonly timeoutMs: number,
  ) {
    super(
      `Projection '${projection}' did not reach position ${position} within ${timeoutMs} ms (it is at ${reached}). ` +
        'Check that an event with that position exists and that the runner is running (status()).',
    );
  }
}

/** Guard for {@link ProjectionWaitTimeoutError}. */
export const isProjectionWaitTimeoutError = (e: unknown): e is ProjectionWaitTimeoutError =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ProjectionWaitTimeoutError';

/** The runner was stopped (or its store closed) before it reached the awaited position. */
export class ProjectionStoppedError extends Error {
  override readonly name = 'ProjectionStoppedError';
  constructor(
    readonly projection: string,
    readonly position: bigint,
  ) {
    super(`Projection '${projection}' stopped at position ${position}; start it again to continue from there.`);
  }
}

/** Guard for {@link ProjectionStoppedError}. */
export const isProjectionStoppedError = (e: unknown): e is ProjectionStoppedError =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ProjectionStoppedError';
