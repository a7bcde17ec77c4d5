import * as E from 'fp-ts/lib/Either.js';
import { type Calendar, type CaseState, type JurisdictionDirectory, createDirectory, decodeErrorsMessage, instantFromMillis } from '@casefold/core';
import { type EventStore, caseCommandHandler, streamStateCache } from '@casefold/engine';
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
  /**
   * Commands in flight at once at most (default {@link DEFAULT_COMMANDS_IN_FLIGHT}): cases
   * keep working while others wait for their appends, so a store that groups commits
   * (SQLite's `groupCommit`) writes many in one transaction. Only cases due within
   * {@link LOOKAHEAD_MS} of the earliest busy one are woken meanwhile, so the store's order
   * follows simulated time to within that. At 1 every command waits for the one before.
   * The events do not depend on it; their order in the store does.
   */
  readonly commandsInFlight?: number;
  /** Called now and then with the cases submitted so far. */
  readonly onProgress?: (submitted: number, total: number) => void;
}

/** What {@link simulateYear} did. */
export interface SimulateYearResult {
  readonly district: GeneratedDistrict;
  readonly directory: JurisdictionDirectory;
  readonly commands: number;
  /** Events the commands appended. */
  readonly events: number;
  /** The highest position of an appended event (`0n` if none). */
  readonly lastPosition: bigint;
  /** The simulated end of the year (ISO-8601 UTC): cases still running then stay open. */
  readonly endsAt: string;
}

/** Default of {@link SimulateYearOptions.commandsInFlight}. */
export const DEFAULT_COMMANDS_IN_FLIGHT = 256;

/** How far in simulated time a case may run ahead of the earliest case still waiting for its command: one hour. */
export const LOOKAHEAD_MS = 60 * 60_000;

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
 * and the event ids. Each case is an actor with its own clock and its own sequence of
 * event ids, so a case's events do not depend on when other cases' commands are
 * acknowledged; commands of many cases are in flight together (`commandsInFlight`), sent
 * in simulated-time order as cases wake, to within an hour ({@link LOOKAHEAD_MS}).
 *
 * @throws DemoScriptError when the decider refuses a generated command (a generator bug).
 * @throws the store's error (e.g. `StoreUnavailableError`) when an append fails.
 */
export const simulateYear = async (options: SimulateYearOptions): Promise<SimulateYearResult> => {
  const { store, calendar, cases, seed } = options;
  const rng = prng(seed);
  const district = generateDistrict(rng.fork('district'));
  const built = createDirectory(district.units);
  if (E.isLeft(built)) throw new Error(`generated directory is invalid: ${decodeErrorsMessage(built.left)}`);
  const directory = built.right;
  const year = options.year ?? 2025;
  const { start, end } = yearBounds(calendar, year);
  const sim = scheduler({ maxAwake: options.commandsInFlight ?? DEFAULT_COMMANDS_IN_FLIGHT, lookaheadMs: LOOKAHEAD_MS });
  const cache = streamStateCache<CaseState>({ maxStreams: Math.max(1, cases) });
  let commands = 0;
  let events = 0;
  let lastPosition = 0n;
  let submitted = 0;
  submissionTimes(cases, start, end, seed, calendar).forEach((at, index) => {
    const caseId = `PL-${year}-${String(index + 1).padStart(5, '0')}`;
    const caseRng = rng.fork(caseId);
    sim.spawn(at, async (fiber) => {
      submitted += 1;
      if (options.onProgress !== undefined && (submitted % 100 === 0 || submitted === cases)) options.onProgress(submitted, cases);
      // The case's own clock and event ids: the same whatever the other cases do meanwhile.
      const execute = caseCommandHandler({ store, directory, clock: () => instantFromMillis(fiber.now()), newEventId: prng(`${seed}/event-ids/${caseId}`).uuid, cache });
      let step = 0;
      const run: CaseRun = {
        caseId,
        rng: caseRng,
        calendar,
        district,
        now: fiber.now,
        until: fiber.sleepUntil,
        exec: async (type: string, payload: Readonly<Record<string, unknown>>, acting: Acting) => {
          step += 1;
          commands += 1;
          const actor = { id: `${acting.role}@${acting.unit}`, role: acting.role, unit: acting.unit };
          const result = await execute({ type, commandId: `${caseId}/${step}`, caseId, ...payload }, { actor });
          if (E.isLeft(result)) {
            const failure = result.left;
            if (failure.kind === 'rejected') throw new DemoScriptError(caseId, type, `${failure.rejection.code}: ${failure.rejection.message}`);
            throw failure.error;
          }
          events += result.right.recorded.length;
          if (result.right.lastPosition !== null && result.right.lastPosition > lastPosition) lastPosition = result.right.lastPosition;
          return result.right.state;
        },
      };
      await playCase(run);
    });
  });
  await sim.run(end - 1);
  return { district, directory, commands, events, lastPosition, endsAt: instantFromMillis(end) };
};
