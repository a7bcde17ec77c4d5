import type { EventMeta, StartedDeadline } from '../events/eventMeta.js';
import type { DeadlineRule, EventMatch, Workflow } from '../workflow/workflow.js';
import type { CaseState } from './caseState.js';

/** An event before its metadata is attached. */
export interface PendingEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const matches = (match: EventMatch, event: PendingEvent): boolean =>
  match.type === event.type && (match.field === undefined || event.data[match.field] === match.equals);

const appliesToCategory = (rule: DeadlineRule, category: string | null): boolean =>
  (rule.categories === undefined || (category !== null && rule.categories.includes(category))) &&
  (rule.excludeCategories === undefined || category === null || !rule.excludeCategories.includes(category));

const started = (rule: DeadlineRule): StartedDeadline => ({
  rule: rule.id,
  label: rule.label,
  basis: rule.basis,
  amount: rule.amount,
  unit: rule.unit,
  maxExtension: rule.maxExtension,
});

/**
 * Which deadline clocks an event starts and stops under a workflow: a rule starts on its
 * trigger (for the case's category); a running clock stops on one of its rule's stop
 * events, and every running clock stops when the case closes.
 */
export const deadlineEffects = (workflow: Workflow, state: CaseState, event: PendingEvent, category: string | null): EventMeta['deadlines'] => {
  const stopped: string[] = [];
  for (const rule in state.clocks) {
    if (state.clocks[rule]?.stoppedAt !== null) continue;
    const definition = workflow.deadlines.find((d) => d.id === rule);
    if (event.type === 'Closed' || (definition?.stopsOn.some((m) => matches(m, event)) ?? false)) stopped.push(rule);
  }
  const startedRules = workflow.deadlines.filter((rule) => matches(rule.startsOn, event) && appliesToCategory(rule, category)).map(started);
  return { started: startedRules, stopped };
};
