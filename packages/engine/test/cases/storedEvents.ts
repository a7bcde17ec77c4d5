import type { EventStore, RecordedEvent } from '../../src/index.js';

/** Every event of the store, in position order. */
export const storedEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};
