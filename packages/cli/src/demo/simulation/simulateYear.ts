import * as E from 'fp-ts/lib/Either.js';
import { type Calendar, type AnyCaseEvent, type CaseState, type JurisdictionDirectory, createDirectory, decodeErrorsMessage, instantFromMillis } from '@casefold/core';
import { type EventStore, type NewEvent, caseCommandHandler, caseStreamId, streamStateCache } from '@casefold/engine';
import { type Acting, type CaseRun, playCase } from './caseScript.js';
import { type GeneratedDistrict, generateDistrict } from './generateDistrict.js';
import { prng } from './prng.js';
import { scheduler } from './scheduler.js';
import { DAY_MS, officeMoment, yearBounds } from './workingTime.js';

/** Options of {@link simulateYear}. */
export interface SimulateYearOptions {
  /** Where the commands go: the real command handler appends to this store. */
  readonly store: EventStore;
  readonly calendar: Calendar;
  /** Cases submitted over the year. */
  readonly cases: number;
  /** Any text; the same seed gives the same district, cases, times and event ids. */
  readonly seed: string;
  /** The simulated year (local time on `calendar`). Default 2025. */
  readonly year?: number;
  /** Called now and then with the cases submitted so far. */
  readonly onProgress?: (submitted: number, total: number) => void;
  /** Called with each case's history once the case is closed, and for the cases still open when the year ends. */
  readonly onCase?: (history: CaseHistory) => void;
}

/** One simulated case's events as the command handler appended them, with the decided domain events. */
export interface CaseHistory {
  readonly caseId: string;
  readonly streamId: string;
  /** Ids, types, data and metadata, in order: what a store needs to append the case again. */
  readonly appended: readonly NewEvent[];
  /** The same events as domain events. */
  readonly events: readonly AnyCaseEvent[];
}

/** What {@link simulateYear} did. */
export interface SimulateYearResult {
  readonly district: GeneratedDistrict;
  readonly directory: JurisdictionDirectory;
  readonly commands: number;
  /** The simulated end of the year (ISO-8601 UTC): cases still running then stay open. */
  readonly endsAt: string;
}

/**
 * A problem in the demo generator itself: the real decider refused one of its commands.
 * Seen only if the generator's script and the workflow disagree; the message names the
 * case, the command and the rejection.
 */
export class DemoScriptError extends Error {
  override readonly name = 'DemoScriptError';
  constructor(
    readonly caseId: string,
    readonly command: string,
    readonly reason: string,
  ) {
    super(`The demo generator sent ${command} for case ${caseId}, which was refused: ${reason}. This is a bug in the demo script; please report it with the seed.`);
  }
}

/** Guard for {@link DemoScriptError}. */
export const isDemoScriptError = (e: unknown): e is DemoScriptError => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'DemoScriptError';

/**
 * Submission instants of the year: three in four in office hours of a working day, the
 * rest at any hour from 07:00 to 23:00 (online requests; a window request made out of
 * hours is received the next working day, so those fall before the year's last days).
 */
const submissionTimes = (cases: number, start: number, end: number, seed: string, calendar: Calendar): number[] => {
  const rng = prng(`${seed}/arrivals`);
  const times: number[] = [];
  const days = Math.round((end - start) / DAY_MS);
  for (let i = 0; i < cases; i++) {
    if (rng.chance(0.75)) {
      const at = officeMoment(calendar, start + rng.int(0, days - 1) * DAY_MS, rng);
      times.push(at < end ? at : officeMoment(calendar, start + rng.int(0, days - 20) * DAY_MS, rng));
    } else {
      times.push(start + rng.int(0, days - 8) * DAY_MS + rng.int(7 * 60, 23 * 60 - 1) * 60_000);
    }
  }
  return times.sort((a, b) => a - b);
};

/**
 * Simulates a year of a district's one-stop mediation centre by sending every command
 * through the real command handler (`caseCommandHandler`, with a stream-state cache) to
 * `store`. Everything comes from the seed: the district directory, each case's script,
 * the simulated times (which are the commands' `occurredAt` and the events' `recordedAt`)
 * and the event ids. Commands of all cases interleave in simulated-time order.
 *
 * @throws DemoScriptError when the decider refuses a generated command (a generator bug).
 */
export const simulateYear = async (options: SimulateYearOptions): Promise<SimulateYearResult> => {
  const { store, calendar, cases, seed } = options;
  const rng = prng(seed);
  const district = generateDistrict(rng.fork('district'));
  const built = createDirectory(district.units);
  if (E.isLeft(built)) throw new Error(`generated directory is invalid: ${decodeErrorsMessage(built.left)}`);
  const directory = built.right;
  const { start, end } = yearBounds(calendar, options.year ?? 2025);
  const sim = scheduler(start);
  const ids = prng(`${seed}/event-ids`);
  const execute = caseCommandHandler({
    store,
    directory,
    clock: () => instantFromMillis(sim.now()),
    newEventId: ids.uuid,
    cache: streamStateCache<CaseState>({ maxStreams: Math.max(1, cases) }),
  });
  let commands = 0;
  let submitted = 0;
  const open = new Map<string, { appended: NewEvent[]; events: AnyCaseEvent[] }>();
  const finish = (caseId: string): void => {
    const history = open.get(caseId);
    open.delete(caseId);
    if (history !== undefined && history.events.length > 0) options.onCase?.({ caseId, streamId: caseStreamId(caseId), ...history });
  };
  const year = options.year ?? 2025;
  submissionTimes(cases, start, end, seed, calendar).forEach((at, index) => {
    const caseId = `PL-${year}-${String(index + 1).padStart(5, '0')}`;
    const caseRng = rng.fork(caseId);
    let step = 0;
    const history = { appended: [] as NewEvent[], events: [] as AnyCaseEvent[] };
    open.set(caseId, history);
    const run: CaseRun = {
      caseId,
      rng: caseRng,
      calendar,
      district,
      now: sim.now,
      until: sim.sleepUntil,
      exec: async (type: string, payload: Readonly<Record<string, unknown>>, acting: Acting) => {
        step += 1;
        commands += 1;
        const actor = { id: `${acting.role}@${acting.unit}`, role: acting.role, unit: acting.unit };
        const result = await execute({ type, commandId: `${caseId}/${step}`, caseId, ...payload }, { actor });
        if (E.isLeft(result)) {
          const failure = result.left;
          throw new DemoScriptError(caseId, type, failure.kind === 'rejected' ? `${failure.rejection.code}: ${failure.rejection.message}` : failure.error.message);
        }
        for (const { eventId, type: eventType, data, metadata } of result.right.recorded) history.appended.push({ eventId, type: eventType, data, metadata });
        history.events.push(...result.right.events);
        return result.right.state;
      },
    };
    sim.spawn(at, async () => {
      submitted += 1;
      if (options.onProgress !== undefined && (submitted % 100 === 0 || submitted === cases)) options.onProgress(submitted, cases);
      await playCase(run);
      finish(caseId);
    });
  });
  await sim.run(end - 1);
  for (const caseId of [...open.keys()]) finish(caseId);
  return { district, directory, commands, endsAt: instantFromMillis(end) };
};
