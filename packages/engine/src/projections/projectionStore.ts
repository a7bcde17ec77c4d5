import type { Json } from '../eventStore/eventStore.js';
import { CasefoldError, isCasefoldError } from '../eventStore/casefoldError.js';

/**
 * A projection's persisted read model and checkpoint, as one record: the projection runner
 * never stores one without the other, so a crash can never apply an event twice or skip one.
 */
export interface StoredProjection {
  /** The projection's unique name. */
  readonly name: string;
  /** The projection definition's version that produced `state`; a different version rebuilds. */
  readonly version: number;
  /** Position (in the whole store) of the last event folded into `state`; `0n` before any event. */
  readonly position: bigint;
  /** The read model, as JSON. */
  readonly state: Json;
}

/**
 * The port through which a projection runner loads and commits read models with their
 * checkpoint. See docs/projections.md.
 *
 * Contract for adapters:
 * - `commit` writes `version`, `position` and `state` of one projection **in one
 *   transaction** (or one atomic write): after a crash a reader sees either the old record
 *   or the new one, never a mix.
 * - `commit` is conditional on `expectedPosition`: the position of the record the caller
 *   last loaded or committed (`null` when it saw none). If the stored record differs (two
 *   runners for one projection, or a concurrent rebuild), nothing is written and it throws
 *   {@link ProjectionConflictError}. The record's version is not part of the condition.
 * - `load` of an unknown name returns `null`; `delete` of an unknown name does nothing.
 * - States round-trip as JSON: `load` returns a value deep-equal to the committed one.
 */
export interface ProjectionStore {
  load(name: string): Promise<StoredProjection | null>;
  commit(stored: StoredProjection, expectedPosition: bigint | null): Promise<void>;
  delete(name: string): Promise<void>;
}

/**
 * A conditional {@link ProjectionStore.commit} (or a row store's `reset` or `commit`) found a
 * different record than expected: another position, or, for a row store's commit, another
 * version (`versions`: another version of the projection was started on the store since).
 * Nothing was written.
 */
export class ProjectionConflictError extends CasefoldError {
  override readonly name = 'ProjectionConflictError';
  constructor(
    readonly projection: string,
    readonly expectedPosition: bigint | null,
    readonly actualPosition: bigint | null,
    /** Set when the versions differ: the version committed, and the version stored. */
    readonly versions?: { readonly committed: number; readonly stored: number },
  ) {
    super(
      versions === undefined
        ? `Projection '${projection}' checkpoint is at ${actualPosition === null ? 'nothing stored' : `position ${actualPosition}`} ` +
            `but the commit expected ${expectedPosition === null ? 'nothing stored' : `position ${expectedPosition}`}; nothing was written. ` +
            'Another runner is probably maintaining this projection: run one runner per projection, or reload and continue.'
        : `Projection '${projection}' checkpoint is of version ${versions.stored} but the commit is of version ${versions.committed}; nothing was written. ` +
            `Version ${versions.stored} was started on this store since (and rebuilt the read model): stop this runner, and run one version of a projection at a time.`,
    );
  }
}

/** Guard for {@link ProjectionConflictError}. */
export const isProjectionConflictError = (e: unknown): e is ProjectionConflictError => isCasefoldError(e, 'ProjectionConflictError');

declare module '../eventStore/casefoldError.js' {
  interface CasefoldErrorKinds {
    ProjectionConflictError: ProjectionConflictError;
  }
}
