import { type Calendar, type CaseState, type WindowRequest, dueAt, instantFromMillis } from '@casefold/core';
import type { ConvertedCaseSubmission } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import type { GeneratedDistrict } from './generateDistrict.js';
import type { Prng } from './prng.js';
import { HOUR_MS, officeMomentAfter } from './workingTime.js';
import type { IntakeRoute, YearTally } from './yearTally.js';

/** Who sends a command: a role at a unit (the actor id is made up from both), or a citizen by their subject id. */
export interface Acting {
  readonly role: string;
  readonly unit: string;
  /** A citizen acts as themselves: their subject id (staff get `role@unit`). */
  readonly id?: string;
}

/** A request at the one window, as a script gives it: the request id is the run's. */
export type WindowIntake = Omit<WindowRequest, 'requestId'>;

/**
 * What a script can do for one case of a request: send commands for it, receive the request at
 * the one window, convert the case into a mediation case, start a linked case's own script,
 * and let simulated time pass. Every command goes through the real command handler.
 */
export interface CaseRun {
  /** The request the case came from: case ids are `<requestId>-<kind>` (`windowCaseId`). */
  readonly requestId: string;
  readonly caseId: string;
  readonly rng: Prng;
  readonly calendar: Calendar;
  readonly district: GeneratedDistrict;
  /** What the year held so far, counted by the scripts. */
  readonly tally: YearTally;
  /** Matter keys of petitions that reached finality, as the simulation recorded them: the handler's `lookup` answers from it. */
  readonly finalMatters: Set<string>;
  /** The simulated now (epoch ms). */
  readonly now: () => number;
  /** Sleeps until `at`. */
  readonly until: (at: number) => Promise<void>;
  /** Sends a command for this case (type and payload; ids are added) as `acting` now; resolves with the case state after it. */
  readonly exec: (type: string, payload: Readonly<Record<string, unknown>>, acting: Acting) => Promise<CaseState>;
  /** Sends a command the decider must refuse with `code` (a guard the year shows at work); anything else is a script error. */
  readonly refused: (type: string, payload: Readonly<Record<string, unknown>>, acting: Acting, code: string) => Promise<void>;
  /** Opens this request's cases at the one window (`receiveAtWindow` with `centreOneWindow`), as `acting` (the first-contact owner). */
  readonly receive: (request: WindowIntake, acting: Acting) => Promise<readonly CaseState[]>;
  /** Converts this case into a case of another kind (`convertCase`, 访调对接); resolves with the new case's run and state. */
  readonly convert: (to: ConvertedCaseSubmission, note: string, acting: Acting) => Promise<{ readonly run: CaseRun; readonly state: CaseState }>;
  /** The run of another case of the same request (same clock, same generator). */
  readonly forCase: (caseId: string) => CaseRun;
  /** Starts another case's script as an actor of its own, now (a linked case that runs beside this one). */
  readonly spawn: (caseId: string, script: (run: CaseRun) => Promise<void>) => void;
}

export const staff = (role: string, unit: string): Acting => ({ role, unit });

export const yuan = (amount: number): number => amount * 100;

/** Pauses for a random number of days (fractional) and lands in office hours. */
export const later = async (run: CaseRun, minDays: number, maxDays: number): Promise<void> => {
  const days = minDays + run.rng.next() * (maxDays - minDays);
  await run.until(officeMomentAfter(run.calendar, run.now(), days, run.rng));
};

/** Pauses until `hours` working hours (a whole number ≥ 1) from now have passed on the calendar, less up to 50 minutes. */
export const afterWorkingHours = async (run: CaseRun, hours: number): Promise<void> => {
  const due = dueAt(run.calendar, instantFromMillis(run.now()), { amount: hours, unit: 'workingHours' });
  if (E.isLeft(due)) throw new RangeError(`the demo calendar has no holiday data for ${due.left.years.join(', ')}`);
  await run.until(Math.max(run.now() + 10 * 60_000, Date.parse(due.right) - run.rng.int(0, 50) * 60_000));
};

/** Pauses for a few minutes: the next step of the same visit. */
export const minutes = async (run: CaseRun, min: number, max: number): Promise<void> => {
  await run.until(run.now() + run.rng.int(min, max) * 60_000);
};

/** Counts a case opened, by kind and how it came in. */
export const opened = (run: CaseRun, kind: string, route: IntakeRoute): void => run.tally.opened(kind, route);

export { HOUR_MS };

/** A place in the district: a sub-district, one of its communities, one of that community's grids, and one of that grid's micro-grids if it has any. */
export interface Place {
  readonly subDistrict: string;
  readonly community: string;
  readonly grid: string;
  readonly microGrid: string | null;
}

/** A random place in the district. */
export const pickPlace = (run: CaseRun): Place => {
  const { rng, district } = run;
  const subDistrict = rng.pick(district.subDistrictIds);
  const community = rng.pick(district.communitiesOf[subDistrict]!);
  const grid = rng.pick(district.gridsOf[community]!);
  const microGrids = district.microGridsOf[grid]!;
  return { subDistrict, community, grid, microGrid: microGrids.length === 0 ? null : rng.pick(microGrids) };
};

/** Where the one window is: the district's centre (three in ten requests) or a sub-district's (四中心融合 at 街道 level). */
export const windowUnit = (run: CaseRun, place: Place): string => (run.rng.chance(0.3) ? run.district.districtId : place.subDistrict);
