/**
 * The read-model benchmarks' city and cases: the sample directory with `DISTRICTS` more
 * districts of `SUB_DISTRICTS` sub-districts of `COMMUNITIES` communities each, and cases made
 * from one mediation case decided once by the real decider (the benchmarks' lifecycle), its
 * encoded events copied with the case id, units and times changed: submitted at a sub-district,
 * reviewed and routed to one of its communities; every third case goes on to be closed.
 */
import { type AnyCaseEvent, type JurisdictionDirectory, type Unit, createDirectory, mediationWorkflow } from '@casefold/core';
import { SAMPLE_UNITS } from '@casefold/core/testing';
import { type NewEvent, caseEventCodec } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { lifecycleEvents } from '../workload/caseCommands.js';

export const DISTRICTS = 8;
export const SUB_DISTRICTS = 10;
export const COMMUNITIES = 5;

/** Sub-district `s` (0-based over the whole city) and community `c` of it. */
export const subDistrictId = (s: number): string => `d${Math.floor(s / SUB_DISTRICTS) + 1}-s${(s % SUB_DISTRICTS) + 1}`;
const communityId = (s: number, c: number): string => `${subDistrictId(s)}-c${c + 1}`;

/** The benchmark city: the sample units and the generated districts, sub-districts and communities. */
export const boardDirectory = (): JurisdictionDirectory => {
  const units: Unit[] = [...SAMPLE_UNITS];
  const unit = (id: string, level: Unit['level'], parent: string): Unit => ({ id, name: id, level, parent, departmentKind: null });
  for (let d = 0; d < DISTRICTS; d++) units.push(unit(`d${d + 1}`, 'district', 'kunming'));
  for (let s = 0; s < DISTRICTS * SUB_DISTRICTS; s++) {
    units.push(unit(subDistrictId(s), 'subDistrict', `d${Math.floor(s / SUB_DISTRICTS) + 1}`));
    for (let c = 0; c < COMMUNITIES; c++) units.push(unit(communityId(s, c), 'community', subDistrictId(s)));
  }
  return E.getOrElseW((errors) => {
    throw new Error(`benchmark directory: ${JSON.stringify(errors)}`);
  })(createDirectory(units));
};

/** What a copy of the template case changes: its number, sub-district, community and start time. */
interface CaseCopy {
  readonly i: number;
  readonly subDistrict: string;
  readonly community: string;
  /** The case's instants: `instants[h]` is its start plus `h` hours. */
  readonly instants: readonly string[];
}

const BASE_MS = Date.UTC(2026, 0, 5, 1);
const HOUR = 3_600_000;
const TEMPLATE_INSTANT = /^2026-01-05T(\d\d):00:00\.000Z$/;

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/**
 * Compiles a template value into a function building its copy for a case: strings naming the
 * template case, its units or times are replaced, every subtree without one is shared as it is.
 */
const compile = (value: Json): ((copy: CaseCopy) => Json) => {
  if (typeof value === 'string') {
    if (value.startsWith('bench-0')) return (copy) => `board-${copy.i}${value.slice('bench-0'.length)}`;
    if (value === 'majie') return (copy) => copy.subDistrict;
    if (value === 'majie-north') return (copy) => copy.community;
    const hour = TEMPLATE_INSTANT.exec(value)?.[1];
    if (hour !== undefined) return (copy) => copy.instants[Number(hour) - 1]!;
    return () => value;
  }
  if (value === null || typeof value !== 'object') return () => value;
  const entries = Array.isArray(value) ? value.map((v, k) => [k, v] as const) : Object.entries(value);
  const compiled = entries.map(([key, v]) => [key, compile(v), v] as const);
  const fixed = compiled.every(([, build, v]) => build({ i: -1, subDistrict: '', community: '', instants: [] }) === v);
  if (fixed) return () => value;
  if (Array.isArray(value)) return (copy) => compiled.map(([, build]) => build(copy));
  return (copy) => {
    const built: Record<string, Json> = {};
    for (const [key, build] of compiled) built[key] = build(copy);
    return built;
  };
};

const templateEvents = lifecycleEvents(0);
const template = templateEvents.map((event) => compile(event as unknown as Json));

/** The template's events decoded by the case event codec (what a projection folds), compiled likewise. */
const codec = caseEventCodec({ workflows: [mediationWorkflow] });
const decodedTemplate = templateEvents.map((event, k) => {
  const decoded = codec.decode({ ...event, streamId: 'case-bench-0', revision: BigInt(k), position: BigInt(k + 1), prevHash: '', hash: '' });
  if (E.isLeft(decoded)) throw decoded.left;
  return compile(decoded.right as unknown as Json);
});

/** Steps of a case that stays open (submitted, reviewed, routed) and of one that is closed (all seven). */
export const OPEN_STEPS = 3;
const CLOSED_STEPS = template.length;

/** Whether case `i` is closed in the generated history (every third case). */
export const isClosedCase = (i: number): boolean => i % 3 === 2;

/** The stream of case `i`. */
export const boardStreamId = (i: number): string => `case-board-${i}`;

/**
 * Event `k` (0–6) of case `i`: submitted at sub-district `i mod 80`, routed to one of its
 * communities, case `i` starting `i` × 7 seconds after 2026-01-05T01:00Z.
 */
export const boardEvent = (i: number, k: number): NewEvent => {
  return eventOf(copyOf(i), k);
};

const copyOf = (i: number): CaseCopy => {
  const s = i % (DISTRICTS * SUB_DISTRICTS);
  const startMs = BASE_MS + i * 7_000;
  return { i, subDistrict: subDistrictId(s), community: communityId(s, i % COMMUNITIES), instants: Array.from({ length: template.length }, (_, h) => new Date(startMs + h * HOUR).toISOString()) };
};

const eventOf = (copy: CaseCopy, k: number): NewEvent => ({ ...(template[k]!(copy) as unknown as NewEvent), eventId: `board-${copy.i}-${k}` });

/**
 * Event `k` of case `i` as the codec decodes it (copied from the decoded template: decoding
 * millions of events would take most of the benchmark's setup; `boardWorkload.test` checks the
 * copies equal the codec's decoding).
 */
export const decodedBoardEvent = (i: number, k: number): AnyCaseEvent => decodedTemplate[k]!(copyOf(i)) as unknown as AnyCaseEvent;

/** Case `i` of the generated history: its events to append, and the same decoded. */
export const boardCaseWithDecoded = (i: number): { readonly events: readonly NewEvent[]; readonly decoded: readonly AnyCaseEvent[] } => {
  const copy = copyOf(i);
  const steps = Array.from({ length: stepsOf(i) }, (_, k) => k);
  return { events: steps.map((k) => eventOf(copy, k)), decoded: steps.map((k) => decodedTemplate[k]!(copy) as unknown as AnyCaseEvent) };
};

/** Steps of case `i` in the generated history. */
export const stepsOf = (i: number): number => (isClosedCase(i) ? CLOSED_STEPS : OPEN_STEPS);

/** The events case `i` starts with in the generated history. */
export const boardCase = (i: number): NewEvent[] => {
  const copy = copyOf(i);
  return Array.from({ length: stepsOf(i) }, (_, k) => eventOf(copy, k));
};
