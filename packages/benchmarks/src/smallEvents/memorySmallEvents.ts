/**
 * The small-event workload's command path on the in-memory store with the hash chain (issue
 * 17): `handleCommand` with the ticket decider, beside a plain loop that decides, evolves and
 * pushes each event to an array per stream, with no store and no hashing.
 */
import { hash, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { getInMemoryEventStore, handleCommand, streamStateCache } from '@casefold/engine';
import type { HandleCommandOptions } from '@casefold/engine';
import { type BenchmarkSuite, type Measurement, mark, median, ratesSince } from '../harness/benchHarness.js';
import { decideTicket, evolveTicket, initialTicket, ticketCodec, ticketCommands, ticketDecider, ticketInstant } from './ticketWorkload.js';
import type { TicketCommand, TicketContext, TicketEvent, TicketState } from './ticketWorkload.js';

const TICKETS = 10_000;

type Rates = ReturnType<typeof ratesSince>;
const ROUNDS = 5;

interface Step {
  readonly streamId: string;
  readonly commandId: string;
  readonly command: TicketCommand;
  readonly context: TicketContext;
}

/** Every ticket's first command, then every second one, …: tickets interleaved as a live service sees them. */
const interleaved = (tickets: number): Step[] => {
  const steps: Step[] = [];
  const perTicket = Array.from({ length: tickets }, (_, n) => ticketCommands(n));
  for (let k = 0; k < 6; k++) {
    for (let n = 0; n < tickets; n++) steps.push({ streamId: `ticket-${n}`, commandId: `cmd-${n}-${k}`, command: perTicket[n]![k]!, context: { now: ticketInstant(n, k) } });
  }
  return steps;
};

/** The plain baseline: decide, evolve, push to the stream's array; no store, no ids, no hashing. */
const plainLoop = (steps: readonly Step[]): number => {
  const streams = new Map<string, { state: TicketState; events: TicketEvent[] }>();
  let events = 0;
  for (const { streamId, command, context } of steps) {
    let stream = streams.get(streamId);
    if (stream === undefined) streams.set(streamId, (stream = { state: initialTicket, events: [] }));
    const decided = decideTicket(command, stream.state, context);
    if (E.isLeft(decided)) throw new Error(`${streamId}: ${decided.left}`);
    for (const event of decided.right) {
      stream.state = evolveTicket(stream.state, event);
      stream.events.push(event);
      events += 1;
    }
  }
  return events;
};

/**
 * The bound: the plain loop, plus the least a hash-chained append adds with no store and no
 * checks — the recorded event (a fresh id, the engine's metadata), serialized by native
 * `JSON.stringify` (not even canonical) and SHA-256 after the previous hash.
 */
const boundLoop = (steps: readonly Step[]): number => {
  const streams = new Map<string, { state: TicketState; revision: number; hash: string; events: unknown[] }>();
  let events = 0;
  for (const { streamId, commandId, command, context } of steps) {
    let stream = streams.get(streamId);
    if (stream === undefined) streams.set(streamId, (stream = { state: initialTicket, revision: -1, hash: '', events: [] }));
    const decided = decideTicket(command, stream.state, context);
    if (E.isLeft(decided)) throw new Error(`${streamId}: ${decided.left}`);
    for (const event of decided.right) {
      stream.state = evolveTicket(stream.state, event);
      stream.revision += 1;
      const metadata = { recordedAt: context.now, commandId, correlationId: commandId, causationId: commandId, schemaVersion: 1, occurredAt: event.occurredAt };
      const recorded = { streamId, revision: stream.revision, eventId: randomUUID(), type: event.type, data: event.data, metadata, prevHash: stream.hash, hash: '' };
      recorded.hash = hash('sha256', stream.hash + JSON.stringify(recorded));
      stream.hash = recorded.hash;
      stream.events.push(recorded);
      events += 1;
    }
  }
  return events;
};

/** The same commands through `handleCommand` on a fresh in-memory store (hash chain on), with or without a stream state cache. */
const commandPath = async (steps: readonly Step[], cached: boolean): Promise<void> => {
  const options: HandleCommandOptions<TicketCommand, TicketEvent, TicketState, TicketContext, string> = {
    store: getInMemoryEventStore(),
    decider: ticketDecider,
    codec: ticketCodec,
    newEventId: randomUUID,
    clock: () => '2026-03-02T00:00:00.000Z',
    ...(cached ? { cache: streamStateCache<TicketState>({ maxStreams: TICKETS * 2 }) } : {}),
  };
  for (const step of steps) {
    const result = await handleCommand(options, step);
    if (E.isLeft(result)) throw new Error(`${step.streamId}: ${JSON.stringify(result.left)}`);
  }
};

export const memorySmallEvents: BenchmarkSuite = {
  id: 'small-events-memory',
  name: `small events in memory — ${TICKETS.toLocaleString('en')} tickets × 6 commands, interleaved: handleCommand with the hash chain vs a plain decide/evolve/push loop`,
  run: async () => {
    const steps = interleaved(TICKETS);
    const runs = { plain: [] as Rates[], bound: [] as Rates[], cached: [] as Rates[], uncached: [] as Rates[] };
    for (let round = 0; round < ROUNDS; round++) {
      let start = mark();
      if (plainLoop(steps) !== steps.length) throw new Error('the plain loop decided fewer events than commands');
      runs.plain.push(ratesSince(steps.length, start));
      start = mark();
      if (boundLoop(steps) !== steps.length) throw new Error('the bound decided fewer events than commands');
      runs.bound.push(ratesSince(steps.length, start));
      start = mark();
      await commandPath(steps, true);
      runs.cached.push(ratesSince(steps.length, start));
      start = mark();
      await commandPath(steps, false);
      runs.uncached.push(ratesSince(steps.length, start));
    }
    const rows = (name: string, series: readonly Rates[], baseline: readonly Rates[] = runs.plain): Measurement[] => {
      const wall = median(series.map((r) => r.wall));
      const cpu = median(series.map((r) => r.cpu));
      const baseWall = median(baseline.map((r) => r.wall));
      const baseCpu = median(baseline.map((r) => r.cpu));
      return [
        { name, value: wall, unit: 'commands/s', baseline: baseWall, ratio: wall / baseWall },
        { name: '  the same, per CPU second', value: cpu, unit: 'commands/CPU-s', baseline: baseCpu, ratio: cpu / baseCpu },
      ];
    };
    return [
      ...rows('handleCommand, hash chain, stream state cache (vs plain loop)', runs.cached),
      ...rows('handleCommand, hash chain, no cache: each command loads its stream (vs plain loop)', runs.uncached),
      ...rows('bound: plain loop + build, JSON.stringify and SHA-256 each recorded event, no store (vs plain loop)', runs.bound),
      // What a hash-chained command path can reach is the bound, not the plain loop: its ratio to the bound is the figure to watch.
      ...rows('handleCommand, hash chain, stream state cache (vs the bound)', runs.cached, runs.bound),
    ];
  },
};
