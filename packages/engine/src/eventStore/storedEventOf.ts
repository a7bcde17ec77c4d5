import { canonicalJson } from '../hashing/canonicalJson.js';
import type { RecordedEvent, StoredEvent } from './eventStore.js';

/**
 * An event as a store of text would keep it: its data and metadata as their canonical JSON
 * (what the hash covers), serialized when asked for (a page of texts made up front would
 * outlive a young-generation collection while it waits to be hashed: measured, verification
 * ran at half the speed).
 */
export const storedEventOf = (event: RecordedEvent): StoredEvent => ({
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
  eventId: event.eventId,
  type: event.type,
  get dataJson() {
    return canonicalJson(event.data);
  },
  get metadataJson() {
    return canonicalJson(event.metadata);
  },
  prevHash: event.prevHash,
  hash: event.hash,
});
