import * as E from 'fp-ts/lib/Either.js';
import {
  type AnyCaseEvent,
  type Calendar,
  type CaseState,
  FINAL_PETITION_MATTERS,
  type JurisdictionDirectory,
  type Rejection,
  type Workflow,
  centreOneWindow,
  createDirectory,
  decodeErrorsMessage,
  gridEventWorkflow,
  instantFromMillis,
  legalAidWorkflow,
  legalConsultationWorkflow,
  mediationWorkflow,
  petitionWorkflow,
} from '@casefold/core';
import { type CommandFailure, type CommandResult, type EventStore, type ExecuteCaseCommand, caseCommandHandler, convertCase, receiveAtWindow, streamStateCache } from '@casefold/engine';
import type { Acting, CaseRun } from './caseRun.js';
import { type GeneratedDistrict, generateDistrict } from './generateDistrict.js';
import { type Prng, prng } from './prng.js';
import { playRequest } from './requestMix.js';
import { scheduler } from './scheduler.js';
import { DAY_MS, officeMoment, yearBounds } from './workingTime.js';
import { type YearFigures, yearTally } from './yearTally.js';

/** Options of {@link simulateYear}. */
export interface SimulateYearOptions {
  /** Where the commands go: the real command handler appends to this store. */
  readonly store: EventStore;
  readonly calendar: Calendar;
  /** Requests that arrive over the year (each opens one case, or two linked ones; conversions open more). */
  readonly requests: number;
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
  /** Called now and then with the requests received so far. */
  readonly onProgress?: (received: number, total: number) => void;
}

/** What {@link simulateYear} did. */
export interface SimulateYearResult {
  readonly district: GeneratedDistrict;
  readonly directory: JurisdictionDirectory;
  /** Commands recorded through the command handler (the one window's and conversions' checks without recording not counted). */
  readonly commands: number;
  /** Events the commands appended. */
  readonly events: number;
  /** The highest position of an appended event (`0n` if none). */
  readonly lastPosition: bigint;
  /** The simulated end of the year (ISO-8601 UTC): cases still running then stay open. */
  readonly endsAt: string;
  /** What the year held: requests, cases by kind and intake, links, conversions, on-the-spot resolutions, refusals of final matters. */
  readonly year: YearFigures;
}

/** The case kinds of the four centres behind one window, decided by one handler. */
const WORKFLOWS: readonly Workflow[] = [mediationWorkflow, legalConsultationWorkflow, legalAidWorkflow, gridEventWorkflow, petitionWorkflow];

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
 * Arrival instants of the year's requests: three in four in office hours of a working day, the
 * rest at any hour from 07:00 to 23:00 (online requests; a window request made out of
 * hours is received the next working day, so those fall before the year's last days).
 */
const arrivalTimes = (requests: number, start: number, end: number, seed: string, calendar: Calendar): number[] => {
  const rng = prng(`${seed}/arrivals`);
  const times: number[] = [];
  const days = Math.round((end - start) / DAY_MS);
  for (let i = 0; i < requests; i++) {
    if (rng.chance(0.75)) {
      const at = officeMoment(calendar, start + rng.int(0, days - 1) * DAY_MS, rng);
      times.push(at < end ? at : officeMoment(calendar, start + rng.int(0, days - 20) * DAY_MS, rng));
    } else {
      times.push(start + rng.int(0, days - 8) * DAY_MS + rng.int(7 * 60, 23 * 60 - 1) * 60_000);
    }
  }
  return times.sort((a, b) => a - b);
};

/** Nothing to look up: the shared answer for every command but a petition's registration. */
const NOTHING_KNOWN: Readonly<Record<string, readonly string[]>> = {};

type Failure = CommandFailure<Rejection<string>>;

/** The error a failed command becomes: a {@link DemoScriptError} for a refusal, the store's own error otherwise. */
const failureError = (caseId: string, type: string, failure: Failure): Error =>
  failure.kind === 'rejected' ? new DemoScriptError(caseId, type, `${failure.rejection.code}: ${failure.rejection.message}`) : failure.error;

/** The result of a command (or of the window's or a conversion's commands), or the error it failed with, thrown. */
const recordedOrThrow = <T>(caseId: string, type: string, result: E.Either<Failure | { readonly failure: Failure }, T>): T => {
  if (E.isRight(result)) return result.right;
  throw failureError(caseId, type, 'failure' in result.left ? result.left.failure : result.left);
};

/**
 * Simulates a year of a district centre with the four centres behind one window (綜治, grid
 * command, petitions, dispute mediation, with the one-stop centre's legal services) by sending
 * every command through the real command handler (`caseCommandHandler` deciding the five case
 * kinds, with a stream-state cache) to `store`: requests received at the one window
 * (`receiveAtWindow`, sometimes into two linked cases), online, from grid patrols, by transfer
 * and by letter; conversions to mediation by `convertCase`. Everything comes from the seed: the
 * district directory, each request's script, the simulated times (which are the commands'
 * `occurredAt` and the events' `recordedAt`) and the event ids. Each request is an actor with its
 * own clock and its own sequence of event ids (a linked case started beside it is an actor of
 * its own), so a case's events do not depend on when other cases' commands are acknowledged;
 * commands of many requests are in flight together (`commandsInFlight`), sent in simulated-time
 * order as actors wake, to within an hour ({@link LOOKAHEAD_MS}).
 *
 * The petition kind's finality guard reads `finalPetitionMatters` from the handler's `lookup`,
 * which answers from the simulation's own record of the matters that reached finality (a
 * repeated petition is the same petitioner's actor, later, so the answer does not depend on
 * other actors' timing). `openPetitionMatters` stays empty: every generated matter is
 * registered once while it is open.
 *
 * @throws DemoScriptError when the decider refuses a generated command (a generator bug).
 * @throws the store's error (e.g. `StoreUnavailableError`) when an append fails.
 */
export const simulateYear = async (options: SimulateYearOptions): Promise<SimulateYearResult> => {
  const { store, calendar, requests, seed } = options;
  const rng = prng(seed);
  const district = generateDistrict(rng.fork('district'));
  const built = createDirectory(district.units);
  if (E.isLeft(built)) throw new Error(`generated directory is invalid: ${decodeErrorsMessage(built.left)}`);
  const directory = built.right;
  const year = options.year ?? 2025;
  const { start, end } = yearBounds(calendar, year);
  const sim = scheduler({ maxAwake: options.commandsInFlight ?? DEFAULT_COMMANDS_IN_FLIGHT, lookaheadMs: LOOKAHEAD_MS });
  const cache = streamStateCache<CaseState>({ maxStreams: Math.max(1, requests * 2) });
  const tally = yearTally();
  const finalMatters = new Set<string>();
  const lookup = async (command: unknown): Promise<Readonly<Record<string, readonly string[]>>> => {
    const { type, matterKey } = command as { readonly type?: unknown; readonly matterKey?: unknown };
    return type === 'RegisterPetition' && typeof matterKey === 'string' && finalMatters.has(matterKey) ? { [FINAL_PETITION_MATTERS]: [matterKey] } : NOTHING_KNOWN;
  };
  let commands = 0;
  let events = 0;
  let lastPosition = 0n;
  let received = 0;
  const counted = (result: CommandResult<AnyCaseEvent, CaseState>): CaseState => {
    commands += 1;
    events += result.recorded.length;
    if (result.lastPosition !== null && result.lastPosition > lastPosition) lastPosition = result.lastPosition;
    return result.state;
  };
  const actorOf = (acting: Acting) => ({ actor: { id: acting.id ?? `${acting.role}@${acting.unit}`, role: acting.role, unit: acting.unit } });

  /**
   * Command handlers whose clock and event ids are those of the actor holding one: an actor
   * takes one when it starts and gives it back when its script ends (building a handler per
   * actor cost more than many of their decisions). One actor at a time uses a handler, so its
   * events are the same whichever handler it got.
   */
  const idle: { readonly execute: ExecuteCaseCommand; readonly bind: (now: () => number, newEventId: () => string) => void }[] = [];
  const takeHandler = (now: () => number, newEventId: () => string): (typeof idle)[number] => {
    const handler =
      idle.pop() ??
      (() => {
        let clockOf = now;
        let idOf = newEventId;
        const execute = caseCommandHandler({ store, directory, workflows: WORKFLOWS, lookup, clock: () => instantFromMillis(clockOf()), newEventId: () => idOf(), cache });
        return {
          execute,
          bind: (actorNow: () => number, actorIds: () => string) => {
            clockOf = actorNow;
            idOf = actorIds;
          },
        };
      })();
    handler.bind(now, newEventId);
    return handler;
  };

  /** Starts an actor at `at`: a request's script, or a linked case's, with its own clock and event ids. */
  const startActor = (requestId: string, caseId: string, at: number, actorRng: Prng, script: (run: CaseRun) => Promise<void>): void => {
    sim.spawn(at, async (fiber) => {
      const handler = takeHandler(fiber.now, prng(`${seed}/event-ids/${caseId}`).uuid);
      const { execute } = handler;
      const steps = new Map<string, number>();
      const send = (forCase: string, type: string, payload: Readonly<Record<string, unknown>>, acting: Acting) => {
        const step = (steps.get(forCase) ?? 0) + 1;
        steps.set(forCase, step);
        return execute({ type, commandId: `${forCase}/${step}`, caseId: forCase, ...payload }, actorOf(acting));
      };
      const runFor = (forCase: string): CaseRun => ({
        requestId,
        caseId: forCase,
        rng: actorRng,
        calendar,
        district,
        tally,
        finalMatters,
        now: fiber.now,
        until: fiber.sleepUntil,
        exec: async (type, payload, acting) => counted(recordedOrThrow(forCase, type, await send(forCase, type, payload, acting))),
        refused: async (type, payload, acting, code) => {
          const result = await send(forCase, type, payload, acting);
          if (E.isLeft(result) && result.left.kind === 'rejected' && result.left.rejection.code === code) return;
          throw E.isLeft(result) ? failureError(forCase, type, result.left) : new DemoScriptError(forCase, type, `accepted, where the script expected ${code}`);
        },
        receive: async (request, acting) => {
          const opened = recordedOrThrow(requestId, 'Submit', await receiveAtWindow(execute, centreOneWindow, { ...request, requestId }, actorOf(acting)));
          return opened.map(counted);
        },
        convert: async (to, note, acting) => {
          const converted = recordedOrThrow(forCase, 'LinkCase', await convertCase(execute, { conversionId: `${forCase}/to-${to.kind}`, fromCaseId: forCase, to, note }, actorOf(acting)));
          counted(converted.from);
          tally.converted(converted.from.state.workflow?.id ?? '');
          tally.opened(to.kind, 'conversion');
          return { run: runFor(to.caseId), state: counted(converted.to) };
        },
        forCase: runFor,
        spawn: (linkedCaseId, linkedScript) => startActor(requestId, linkedCaseId, fiber.now(), actorRng.fork(linkedCaseId), linkedScript),
      });
      try {
        await script(runFor(caseId));
      } finally {
        idle.push(handler);
      }
    });
  };

  arrivalTimes(requests, start, end, seed, calendar).forEach((at, index) => {
    const requestId = `PL-${year}-${String(index + 1).padStart(5, '0')}`;
    startActor(requestId, requestId, at, rng.fork(requestId), async (run) => {
      received += 1;
      if (options.onProgress !== undefined && (received % 100 === 0 || received === requests)) options.onProgress(received, requests);
      await playRequest(run);
    });
  });
  await sim.run(end - 1);
  return { district, directory, commands, events, lastPosition, endsAt: instantFromMillis(end), year: tally.figures() };
};
