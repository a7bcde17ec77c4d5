import type { Either } from 'fp-ts/lib/Either.js';
import type { Json, RecordedEvent } from '../eventStore/eventStore.js';
import type { EventDecodeError } from '../eventStore/errors.js';

/**
 * The metadata a domain event carries itself (e.g. occurred-at, actor, command id,
 * workflow id@version). The engine adds its own keys ({@link ENGINE_METADATA_KEYS}) when
 * it appends.
 */
export interface DomainMetadata {
  readonly [key: string]: Json | undefined;
  /** When the fact happened in the domain (ISO-8601 UTC). */
  readonly occurredAt: string;
}

/** A domain event as JSON, ready for the engine to wrap into a {@link NewEvent}. */
export interface EncodedEvent {
  readonly type: string;
  /** Version of this type's `data` schema, written to `metadata.schemaVersion`. */
  readonly schemaVersion: number;
  readonly data: Json;
  readonly metadata: DomainMetadata;
}

/**
 * Translates between a domain event type `E` and stored events. `decode` never throws: a
 * stored event that does not fit gives an {@link EventDecodeError} naming the stream,
 * revision and failing field path.
 */
export interface EventCodec<E> {
  readonly encode: (event: E) => EncodedEvent;
  readonly decode: (recorded: RecordedEvent) => Either<EventDecodeError, E>;
}

/** Metadata keys the engine owns and writes on every append; a domain codec's own metadata never needs them. */
export const ENGINE_METADATA_KEYS = ['recordedAt', 'correlationId', 'causationId', 'schemaVersion'] as const;

const engineKeys: ReadonlySet<string> = new Set(ENGINE_METADATA_KEYS);

/** A recorded event's metadata without the engine's keys: the domain metadata it was encoded from. */
export const domainMetadataOf = (recorded: RecordedEvent): { readonly [key: string]: Json | undefined } => {
  const result: { [key: string]: Json | undefined } = {};
  for (const key in recorded.metadata) if (!engineKeys.has(key)) result[key] = recorded.metadata[key];
  return result;
};
