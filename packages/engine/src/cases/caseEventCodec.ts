import { type CaseEvent, caseEventCodecs } from '@casefold/core';
import type { EventCodec } from '../serialization/eventCodec.js';
import { ioTsEventCodec } from '../serialization/ioTsEventCodec.js';
import type { UpcasterRegistry } from '../serialization/upcasterRegistry.js';

/**
 * The store codec of case events: core's io-ts codecs, `meta` stored as the event's domain
 * metadata. Pass upcasters once an event type's schema version moves on.
 */
export const caseEventCodec = (upcasters?: UpcasterRegistry): EventCodec<CaseEvent> =>
  ioTsEventCodec(upcasters === undefined ? { events: caseEventCodecs } : { events: caseEventCodecs, upcasters }) as EventCodec<CaseEvent>;
