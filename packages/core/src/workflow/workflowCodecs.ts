import * as t from 'io-ts';
import { caseCommandCodecs } from '../commands/caseCommand.js';
import { caseEventCodecs } from '../events/caseEvent.js';
import { EventMeta } from '../events/eventMeta.js';
import { Id } from '../values/values.js';
import type { Workflow } from './workflow.js';

/** The codecs of one workflow: its commands' and its events', shared lifecycle ones included. */
export interface WorkflowCodecs {
  /** Every command the workflow knows, by type: the shared lifecycle's and its own. */
  readonly commands: Readonly<Record<string, t.Mixed>>;
  /** Every event the workflow can record, by type: the shared lifecycle's and its own. */
  readonly events: Readonly<Record<string, t.Mixed>>;
}

const built = new WeakMap<Workflow, WorkflowCodecs>();

const build = (workflow: Workflow): WorkflowCodecs => {
  const commands: Record<string, t.Mixed> = { ...caseCommandCodecs };
  const events: Record<string, t.Mixed> = { ...caseEventCodecs };
  for (const [type, command] of Object.entries(workflow.commands ?? {})) {
    commands[type] = t.type({ type: t.literal(type), commandId: Id, caseId: Id, ...command.payload }, type);
    events[command.emits] ??= t.type({ type: t.literal(command.emits), data: t.type(command.payload), meta: EventMeta }, command.emits);
  }
  return { commands, events };
};

/**
 * The command and event codecs of a workflow (built once per workflow object): the shared
 * lifecycle's, and for each command the workflow adds, `{ type, commandId, caseId, ...payload }`
 * and its event `{ type: emits, data: payload, meta }`.
 */
export const workflowCodecs = (workflow: Workflow): WorkflowCodecs => {
  const found = built.get(workflow);
  if (found !== undefined) return found;
  const codecs = build(workflow);
  built.set(workflow, codecs);
  return codecs;
};
