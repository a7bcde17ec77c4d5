import type { Workflow } from '@casefold/core';

/** An io-ts codec (or any value with a `decode` function and a `name`): shown by its name. */
const isCodec = (value: unknown): value is { readonly name: string } =>
  typeof value === 'object' && value !== null && typeof (value as { decode?: unknown }).decode === 'function' && typeof (value as { name?: unknown }).name === 'string';

/**
 * A workflow definition as plain JSON data, for an evidence bundle: stages, roles, commands,
 * transitions, guards, deadlines and the rest as the definition holds them, with each io-ts
 * codec (a command's payload fields) rendered as its name, e.g. `"WellFormedString"`.
 */
export const workflowData = (workflow: Workflow): unknown => JSON.parse(JSON.stringify(workflow, (_key, value: unknown) => (isCodec(value) ? value.name : value))) as unknown;
