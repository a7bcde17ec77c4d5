/** The small-event workload's replay through the engine, shared by the SQLite and PostgreSQL suites. */
import * as E from 'fp-ts/lib/Either.js';
import { forEachEvent } from '@casefold/engine';
import type { EventStore } from '@casefold/engine';
import { mark, median, ratesSince } from '../harness/benchHarness.js';
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

/** Whether two folds of a ticket agree. */
export const sameTicket = (a: TicketState, b: TicketState): boolean => a.status === b.status && a.unit === b.unit && a.minutes === b.minutes && a.satisfied === b.satisfied && a.lastAt === b.lastAt;

/** Median replay rates: wall clock, and per CPU second of this process (a server's CPU not counted). */
export interface ReplayRates {
  readonly ours: number;
  readonly raw: number;
  readonly oursCpu: number;
  readonly rawCpu: number;
}

/**
 * Replays a store of `tickets` tickets `repeats` times, each round the raw reader (`rawReplay`,
 * folding into the map it is given and returning the events it read) first, then the store
 * ({@link replayTickets}); checks that both read every event and folded the last ticket alike.
 */
export const replayRates = async (store: EventStore, rawReplay: (states: Map<string, TicketState>) => number | Promise<number>, tickets: number, repeats: number): Promise<ReplayRates> => {
  const ours: Array<ReturnType<typeof ratesSince>> = [];
  const theirs: Array<ReturnType<typeof ratesSince>> = [];
  for (let round = 0; round < repeats; round++) {
    const rawStates = new Map<string, TicketState>();
    let start = mark();
    const rawCount = await rawReplay(rawStates);
    theirs.push(ratesSince(rawCount, start));
    const states = new Map<string, TicketState>();
    start = mark();
    const count = await replayTickets(store, states);
    ours.push(ratesSince(count, start));
    if (count !== tickets * 6 || rawCount !== count) throw new Error(`replay read ${count} events, raw ${rawCount}, of ${tickets * 6}`);
    const probe = `ticket-${tickets - 1}`;
    if (!sameTicket(states.get(probe)!, rawStates.get(probe)!)) throw new Error(`${probe}: the replay and the raw reader folded different states`);
  }
  return { ours: median(ours.map((r) => r.wall)), raw: median(theirs.map((r) => r.wall)), oursCpu: median(ours.map((r) => r.cpu)), rawCpu: median(theirs.map((r) => r.cpu)) };
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
