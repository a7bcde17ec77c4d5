import * as E from 'fp-ts/lib/Either.js';
import {
  type Calendar,
  type CaseEvent,
  type CaseState,
  type Unit,
  deadlineHistory,
  deadlines,
  dueAt,
  evolve,
  initialState,
  instantMillis,
  mediationWorkflow,
  publicStatus,
  shippedWorkflows,
} from '@casefold/core';
import { caseEventCodec } from '@casefold/engine';
import { getSqliteEventStore, openDatabase } from '@casefold/sqlite';

type Counts = Record<string, number>;
const add = (counts: Counts, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Everything the raw events say about one case, gathered without any projection. */
interface RawCase {
  state: CaseState;
  events: CaseEvent[];
}

/** Reads every event of the file and folds each case with the decider's own `evolve`. */
export const readRawCases = async (fileName: string): Promise<Map<string, RawCase>> => {
  const store = getSqliteEventStore({ fileName });
  const codec = caseEventCodec({ workflows: shippedWorkflows });
  const cases = new Map<string, RawCase>();
  try {
    for await (const recorded of store.readAll()) {
      const decoded = codec.decode(recorded);
      if (decoded._tag === 'Left') throw decoded.left;
      const raw = cases.get(recorded.streamId) ?? { state: initialState, events: [] };
      raw.state = evolve(raw.state, decoded.right);
      // The figures below read the shared lifecycle's events only; other kinds' own events are kept for their types.
      raw.events.push(decoded.right as CaseEvent);
      cases.set(recorded.streamId, raw);
    }
  } finally {
    await store.close();
  }
  return cases;
};

/** The jurisdiction directory the CLI keeps in the file, read with plain SQL. */
export const readDirectoryUnits = (fileName: string): Unit[] => {
  const db = openDatabase({ fileName });
  try {
    // The directory the demo stored, read straight from the settings table (not through casefold).
    const row = db.prepare("SELECT value AS state FROM app_settings WHERE key = 'directory'").get() as { state: string } | undefined;
    if (row === undefined) throw new Error(`${fileName} holds no directory setting: the figures would compare against nothing`);
    return JSON.parse(row.state) as Unit[];
  } finally {
    db.close();
  }
};

/** Case-board counts from the raw events. */
export const boardFigures = (cases: Map<string, RawCase>) => {
  const byStatus: Counts = {};
  const byStage: Counts = {};
  const byLevel: Counts = {};
  const byUnit: Counts = {};
  const byKind: Counts = {};
  const byKindStatus: Record<string, Counts> = {};
  let open = 0;
  for (const { state, events } of cases.values()) {
    const kind = events[0]?.meta.workflow.id ?? 'none';
    add(byKind, kind);
    add((byKindStatus[kind] ??= {}), publicStatus(state) ?? 'none');
    add(byStatus, publicStatus(state) ?? 'none');
    add(byStage, state.stage);
    add(byLevel, state.handlingLevel ?? 'none');
    add(byUnit, state.handlingUnit ?? 'none');
    if (state.stage !== 'closed') open += 1;
  }
  return { total: cases.size, open, byStatus, byStage, byLevel, byUnit, byKind, byKindStatus };
};

const subDistrictOf = (units: Map<string, Unit>, unitId: string | null): string | null => {
  for (let unit = unitId === null ? undefined : units.get(unitId); unit !== undefined; unit = unit.parent === null ? undefined : units.get(unit.parent)) {
    if (unit.level === 'subDistrict') return unit.id;
  }
  return null;
};

/** Escalation figures from the raw events: overall and by sub-district. */
export const escalationFigures = (cases: Map<string, RawCase>, unitList: readonly Unit[]) => {
  const units = new Map(unitList.map((u) => [u.id, u]));
  const figures = () => ({ cases: 0, closed: 0, settled: 0, settledByLevel: {} as Counts, casesEscalated: 0, escalations: 0, escalationsByStep: {} as Counts });
  const overall = figures();
  const bySubDistrict: Record<string, ReturnType<typeof figures>> = {};
  for (const { state } of cases.values()) {
    const key = subDistrictOf(units, state.area) ?? subDistrictOf(units, state.owner);
    const groups = [overall, key === null ? figures() : (bySubDistrict[key] ??= figures())];
    for (const f of groups) {
      f.cases += 1;
      if (state.closure !== null) f.closed += 1;
      if (state.closure?.outcome === 'settled') {
        f.settled += 1;
        add(f.settledByLevel, state.handlingLevel ?? 'none');
      }
      const escalations = state.routing.filter((step) => step.mode === 'escalate');
      if (escalations.length > 0) f.casesEscalated += 1;
      f.escalations += escalations.length;
      for (const step of escalations) add(f.escalationsByStep, `${step.fromLevel}→${step.toLevel}`);
    }
  }
  return { overall, bySubDistrict };
};

/** Deadline figures of open cases as of `asOf`, with the core's `deadlines` on each case's evolved state. */
export const deadlineFigures = (cases: Map<string, RawCase>, asOf: string, calendar: Calendar) => {
  const window = dueAt(calendar, asOf, { amount: 2, unit: 'workingDays' });
  const until = E.isRight(window) ? instantMillis(window.right) : Number.NEGATIVE_INFINITY;
  const totals = { running: 0, paused: 0, dueSoon: 0, breached: 0, extended: 0 };
  const byRule: Record<string, typeof totals> = {};
  const supervision: Counts = { normal: 0, yellow: 0, red: 0 };
  let openCases = 0;
  const breached: { caseId: string; rule: string; dueAt: string }[] = [];
  for (const { state } of cases.values()) {
    if (state.stage === 'closed') continue;
    openCases += 1;
    add(supervision, state.supervision);
    for (const d of deadlines(state, asOf, calendar)) {
      if (d.dueAt !== null && d.breached) breached.push({ caseId: state.caseId ?? '', rule: d.rule, dueAt: d.dueAt });
      const soon = d.dueAt !== null && !d.breached && !d.paused && instantMillis(d.dueAt) <= until;
      for (const t of [totals, (byRule[d.rule] ??= { running: 0, paused: 0, dueSoon: 0, breached: 0, extended: 0 })]) {
        t.running += 1;
        if (d.paused) t.paused += 1;
        if (soon) t.dueSoon += 1;
        if (d.breached) t.breached += 1;
        if (d.extendedBy > 0) t.extended += 1;
      }
    }
  }
  const mostOverdue = breached.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.caseId.localeCompare(b.caseId) || a.rule.localeCompare(b.rule)).slice(0, 10);
  return { openCases, totals, byRule, supervision, mostOverdue };
};

/** The published statistics over all cases, from the raw events. */
export const statisticsFigures = (cases: Map<string, RawCase>, calendar: Calendar) => {
  const online = new Set(mediationWorkflow.onlineChannels);
  const f = {
    total: 0,
    online: 0,
    labour: 0,
    byChannel: {} as Counts,
    byCategory: {} as Counts,
    accepted: 0,
    rejected: 0,
    rejectedByReason: {} as Counts,
    started: 0,
    ended: 0,
    byOutcome: {} as Counts,
    byTrack: {} as Counts,
    agreedFen: 0,
    agreements: 0,
    claimedFen: 0,
    claims: 0,
    acceptedClaimedFen: 0,
    acceptedClaims: 0,
    rejectedClaimedFen: 0,
    rejectedClaims: 0,
    notarized: 0,
    closed: 0,
    closedByOutcome: {} as Counts,
    onTime: 0,
    made: 0,
    reached: 0,
    answered: 0,
    bySatisfaction: {} as Counts,
    escalations: 0,
    casesEscalated: 0,
    deadlinesByRule: {} as Record<string, { stopped: number; metOnTime: number; metOnTimeRecordedLate: number }>,
  };
  for (const { state, events } of cases.values()) {
    f.total += 1;
    add(f.byChannel, state.channel ?? '');
    add(f.byCategory, state.category ?? '');
    if (online.has(state.channel ?? '')) f.online += 1;
    if (state.category === 'labour') f.labour += 1;
    if (state.claimedAmountFen !== null) {
      f.claims += 1;
      f.claimedFen += state.claimedAmountFen;
      const decision = events.find((e) => e.type === 'Reviewed')?.data;
      if (decision !== undefined && 'decision' in decision && decision.decision === 'accepted') {
        f.acceptedClaims += 1;
        f.acceptedClaimedFen += state.claimedAmountFen;
      }
      if (decision !== undefined && 'decision' in decision && decision.decision === 'rejected') {
        f.rejectedClaims += 1;
        f.rejectedClaimedFen += state.claimedAmountFen;
      }
    }
    let track: string | null = null;
    for (const event of events) {
      if (event.type === 'Reviewed') {
        if (event.data.decision === 'accepted') f.accepted += 1;
        else {
          f.rejected += 1;
          add(f.rejectedByReason, event.data.reason);
        }
      }
      if (event.type === 'MediationStarted') {
        f.started += 1;
        track = event.data.track;
      }
      if (event.type === 'Mediated') {
        f.ended += 1;
        add(f.byOutcome, event.data.outcome);
        add(f.byTrack, track ?? 'unknown');
        if (event.data.outcome === 'agreement') {
          f.agreements += 1;
          f.agreedFen += event.data.amountFen;
        }
      }
      if (event.type === 'Notarized') f.notarized += 1;
      if (event.type === 'CallbackRecorded') {
        f.made += 1;
        if (event.data.reached) f.reached += 1;
        if (event.data.satisfaction !== null) {
          f.answered += 1;
          add(f.bySatisfaction, event.data.satisfaction);
        }
      }
      if (event.type === 'Routed' && event.data.mode === 'escalate') f.escalations += 1;
    }
    if (state.routing.some((s) => s.mode === 'escalate')) f.casesEscalated += 1;
    for (const d of deadlineHistory(state, state.lastEventAt ?? '', calendar)) {
      if (d.stoppedAt === null) continue;
      // The demo records every fact when it happens (its handlers' clock is the simulated time): none met only by a late recording.
      const tally = (f.deadlinesByRule[d.rule] ??= { stopped: 0, metOnTime: 0, metOnTimeRecordedLate: 0 });
      tally.stopped += 1;
      if (d.metOnTime === true) tally.metOnTime += 1;
    }
    if (state.closure !== null) {
      f.closed += 1;
      add(f.closedByOutcome, state.closure.outcome);
      if (deadlineHistory(state, state.closure.at, calendar).every((d) => d.stoppedAt === null || d.metOnTime === true)) f.onTime += 1;
    }
  }
  return f;
};
