/** The small-event workload's replay through the engine, shared by the SQLite and PostgreSQL suites. */
import * as E from 'fp-ts/lib/Either.js';
import { forEachEvent } from '@casefold/engine';
import type { EventStore } from '@casefold/engine';
import { evolveTicket, initialTicket, ticketCodec } from './ticketWorkload.js';
import type { TicketState } from './ticketWorkload.js';

/** Replays the store into `states` the engine's way: pages of events (forEachEvent), each decoded by the codec and folded; returns the events read. */
export const replayTickets = async (store: EventStore, states: Map<string, TicketState>, onEvent?: (count: number) => void): Promise<number> => {
  let count = 0;
  await forEachEvent(store.readAll(), (recorded) => {
    const decoded = ticketCodec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    states.set(recorded.streamId, evolveTicket(states.get(recorded.streamId) ?? initialTicket, decoded.right));
    count += 1;
    onEvent?.(count);
    return true;
  });
  return count;
};

/** What {@link replayTicketsRss} measured. */
export interface ReplayRssResult {
  readonly events: number;
  /** The largest RSS growth (MB) seen during the replay. */
  readonly growthMb: number;
  /** Events per wall-clock second. */
  readonly rate: number;
}

/** Replays the store's whole content into states, sampling this process's RSS growth every 50,000 events and at the end. */
export const replayTicketsRss = async (store: EventStore): Promise<ReplayRssResult> => {
  const states = new Map<string, TicketState>();
  const base = process.memoryUsage().rss;
  let peak = 0;
  const start = performance.now();
  const events = await replayTickets(store, states, (count) => {
    if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().rss - base);
  });
  const rate = events / ((performance.now() - start) / 1000);
  peak = Math.max(peak, process.memoryUsage().rss - base);
  return { events, growthMb: peak / 2 ** 20, rate };
};
