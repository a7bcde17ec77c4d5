import { formatDecodeErrors } from '@casefold/core';
import { decodeFast } from '@casefold/core/internal';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { Json, RecordedEvent } from '../eventStore/eventStore.js';
import { EventDecodeError } from '../eventStore/errors.js';
import { domainMetadataOf, type DomainMetadata, type EventCodec } from './eventCodec.js';
import { schemaVersionOf, withUpcasters, type UpcasterRegistry } from './upcasterRegistry.js';

/** The JSON form of a domain event shaped `{ type, data, meta }` (as `@casefold/core`'s events are). */
export interface TaggedEventJson {
  readonly type: string;
  readonly data: Json;
  readonly meta: DomainMetadata;
}

/** Options of {@link ioTsEventCodec}. */
export interface IoTsEventCodecOptions<C extends Readonly<Record<string, t.Type<any, TaggedEventJson, unknown>>>> {
  /** One io-ts codec per event type, each decoding `{ type, data, meta }`. */
  readonly events: C;
  /** Current schema version per type; types not listed are at version 1. */
  readonly schemaVersions?: Readonly<Partial<Record<keyof C & string, number>>>;
  /** Upcasters lifting older stored versions to the current ones before decoding. */
  readonly upcasters?: UpcasterRegistry;
}

const fail = (recorded: RecordedEvent, path: string, reason: string): E.Either<EventDecodeError, never> =>
  E.left(new EventDecodeError({ streamId: recorded.streamId, revision: recorded.revision, eventType: recorded.type, path, reason }));

/**
 * An {@link EventCodec} for events shaped `{ type, data, meta }` from one io-ts codec per
 * type. Encoding writes `meta` as the event's domain metadata; decoding rebuilds `meta`
 * from the stored metadata minus the engine's own keys, so a round trip is exact.
 * Decode failures name the first failing field, e.g. `data.claimedAmountFen` or
 * `metadata.actor.id`; their reason never quotes string values (they may be personal data).
 *
 * @example
 * const codec = ioTsEventCodec({ events: caseEventCodecs, schemaVersions: { Submitted: 2 }, upcasters });
 */
export const ioTsEventCodec = <C extends Readonly<Record<string, t.Type<any, TaggedEventJson, unknown>>>>(options: IoTsEventCodecOptions<C>): EventCodec<t.TypeOf<C[keyof C]>> => {
  const { events, schemaVersions } = options;
  const versionOf = (type: string): number => (schemaVersions as Readonly<Record<string, number | undefined>> | undefined)?.[type] ?? 1;
  const codec: EventCodec<t.TypeOf<C[keyof C]>> = {
    encode: (event) => {
      const { type, data, meta } = (events[(event as { type: string }).type] as t.Type<unknown, TaggedEventJson, unknown>).encode(event);
      return { type, schemaVersion: versionOf(type), data, metadata: meta };
    },
    decode: (recorded) => {
      const eventCodec = Object.hasOwn(events, recorded.type) ? events[recorded.type] : undefined;
      if (eventCodec === undefined) {
        return fail(recorded, 'type', `unknown event type; known types: ${Object.keys(events).join(', ')}`);
      }
      const version = schemaVersionOf(recorded);
      if (E.isLeft(version)) return version;
      if (version.right !== versionOf(recorded.type)) {
        return fail(recorded, 'metadata.schemaVersion', `stored version ${version.right} but this codec reads version ${versionOf(recorded.type)}; register an upcaster`);
      }
      const decoded = decodeFast(eventCodec, { type: recorded.type, data: recorded.data, meta: domainMetadataOf(recorded) });
      if (E.isRight(decoded)) return decoded;
      const [first] = formatDecodeErrors(decoded.left);
      const path = first?.path.replace(/^meta(?=\.|$)/, 'metadata').replace('(root)', '') ?? '';
      return fail(recorded, path, first?.message.replace(/got ".*$/, 'got a string') ?? 'does not match the codec');
    },
  };
  return options.upcasters === undefined ? codec : withUpcasters(codec, options.upcasters);
};
