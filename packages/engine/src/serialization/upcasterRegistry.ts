import * as E from 'fp-ts/lib/Either.js';
import type { Json, RecordedEvent } from '../eventStore/eventStore.js';
import { EventDecodeError } from '../eventStore/errors.js';
import type { EventCodec } from './eventCodec.js';

/**
 * Lifts the stored `data` of one event type from schema version `fromVersion` to
 * `fromVersion + 1` (and optionally renames the type). Upcasters run on read only: stored
 * events and their hashes never change.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  /** The new type name, when the version also renames the event. */
  readonly toType?: string;
  /** May throw on data it cannot lift; the throw becomes an {@link EventDecodeError}. */
  readonly upcast: (data: Json, recorded: RecordedEvent) => Json;
}

/** Upcasters indexed by (type, schema version). */
export interface UpcasterRegistry {
  /**
   * Applies upcasters from the event's stored `metadata.schemaVersion` until none applies.
   * Returns the event itself when nothing applies, else a copy with new `type`, `data` and
   * `metadata.schemaVersion` (hash fields still describe the stored event).
   */
  readonly upcast: (recorded: RecordedEvent) => E.Either<EventDecodeError, RecordedEvent>;
}

const failure = (recorded: RecordedEvent, path: string, reason: string, cause?: unknown): EventDecodeError =>
  new EventDecodeError({ streamId: recorded.streamId, revision: recorded.revision, eventType: recorded.type, path, reason }, { cause });

/** Reads `metadata.schemaVersion`, which every stored event must carry as a positive integer. */
export const schemaVersionOf = (recorded: RecordedEvent): E.Either<EventDecodeError, number> => {
  const version = recorded.metadata.schemaVersion as unknown;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1
    ? E.right(version)
    : E.left(failure(recorded, 'metadata.schemaVersion', `expected a positive integer, got ${typeof version}`));
};

/**
 * Builds a registry. Each (type, fromVersion) may have one upcaster.
 *
 * @throws TypeError on a duplicate (type, fromVersion) or a `fromVersion` below 1.
 * @example
 * const upcasters = upcasterRegistry([
 *   { type: 'Submitted', fromVersion: 1, upcast: (data) => ({ ...(data as object), channel: 'window' }) },
 * ]);
 * const codec = withUpcasters(submittedCodec, upcasters);
 */
export const upcasterRegistry = (upcasters: readonly Upcaster[]): UpcasterRegistry => {
  const byType = new Map<string, Map<number, Upcaster>>();
  for (const upcaster of upcasters) {
    if (!Number.isInteger(upcaster.fromVersion) || upcaster.fromVersion < 1) {
      throw new TypeError(`upcasterRegistry: upcaster for '${upcaster.type}' has fromVersion ${upcaster.fromVersion}; versions start at 1`);
    }
    const versions = byType.get(upcaster.type) ?? new Map<number, Upcaster>();
    if (versions.has(upcaster.fromVersion)) {
      throw new TypeError(`upcasterRegistry: two upcasters for '${upcaster.type}' from version ${upcaster.fromVersion}; keep one`);
    }
    versions.set(upcaster.fromVersion, upcaster);
    byType.set(upcaster.type, versions);
  }
  const upcast = (recorded: RecordedEvent): E.Either<EventDecodeError, RecordedEvent> => {
    if (!byType.has(recorded.type)) return E.right(recorded);
    const stored = schemaVersionOf(recorded);
    if (E.isLeft(stored)) return stored;
    let { type, data } = recorded;
    let version = stored.right;
    for (let upcaster = byType.get(type)?.get(version); upcaster !== undefined; upcaster = byType.get(type)?.get(version)) {
      try {
        data = upcaster.upcast(data, recorded);
      } catch (error) {
        return E.left(failure(recorded, 'data', `upcasting '${type}' from version ${version} failed: ${error instanceof Error ? error.message : String(error)}`, error));
      }
      type = upcaster.toType ?? type;
      version += 1;
    }
    if (version === stored.right) return E.right(recorded);
    const metadata: { [key: string]: Json | undefined } = {};
    for (const key in recorded.metadata) metadata[key] = recorded.metadata[key];
    metadata['schemaVersion'] = version;
    const { streamId, revision, position, eventId, prevHash, hash } = recorded;
    return E.right({ streamId, revision, position, eventId, type, data, metadata: metadata as RecordedEvent['metadata'], prevHash, hash });
  };
  return { upcast };
};

/** A codec that upcasts each stored event through `registry` before `codec` decodes it. */
export const withUpcasters = <Ev>(codec: EventCodec<Ev>, registry: UpcasterRegistry): EventCodec<Ev> => ({
  encode: codec.encode,
  decode: (recorded) => {
    const lifted = registry.upcast(recorded);
    return E.isLeft(lifted) ? lifted : codec.decode(lifted.right);
  },
});
