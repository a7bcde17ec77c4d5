import type { EventMeta, StartedDeadline } from '../events/eventMeta.js';
import type { DeadlineRule, EventMatch, Workflow } from '../workflow/workflow.js';
import type { CaseState } from './caseState.js';
import { workflowIndex } from './workflowIndex.js';

/** An event before its metadata is attached. */
export interface PendingEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const matches = (match: EventMatch, event: PendingEvent): boolean => match.type === event.type && (match.field === undefined || event.data[match.field] === match.equals);

const appliesToCategory = (rule: DeadlineRule, category: string | null): boolean =>
  (rule.categories === undefined || (category !== null && rule.categories.includes(category))) &&
  (rule.excludeCategories === undefined || category === null || !rule.excludeCategories.includes(category));

/** The effects of an event that starts and stops nothing: one frozen object shared by all such events. */
const NO_EFFECTS: EventMeta['deadlines'] = Object.freeze({ started: Object.freeze([]), stopped: Object.freeze([]) });

/**
 * `list` with `item` appended, in an array of its exact length: the lists stay in the event,
 * and a pushed-to array keeps room for 17 (in a history held in memory that spread the
 * events' data so much that folding it ran at 0.8x the speed).
 */
const appendedTo = <T>(list: T[] | null, item: T): T[] => (list === null ? [item] : [...list, item]);

/**
 * Which deadline clocks an event starts and stops under a workflow: a rule starts on its
 * trigger (for the case's category); a running clock stops on one of its rule's stop
 * events, and every running clock stops when the case closes.
 */
export const deadlineEffects = (workflow: Workflow, state: CaseState, event: PendingEvent, category: string | null): EventMeta['deadlines'] => {
  const index = workflowIndex(workflow);
  let stopped: string[] | null = null;
  for (const rule in state.clocks) {
    if (state.clocks[rule]?.stoppedAt !== null) continue;
    const stops = event.type === 'Closed' || (index.deadlines.get(rule)?.stopsOn.some((m) => matches(m, event)) ?? false);
    if (stops) stopped = appendedTo(stopped, rule);
  }
  let started: StartedDeadline[] | null = null;
  for (const starting of index.startedBy.get(event.type) ?? []) {
    if (matches(starting.rule.startsOn, event) && appliesToCategory(starting.rule, category)) started = appendedTo(started, starting.started);
  }
  return started === null && stopped === null ? NO_EFFECTS : { started: started ?? [], stopped: stopped ?? [] };
};
