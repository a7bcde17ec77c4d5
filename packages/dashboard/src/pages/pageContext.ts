import { type PublicStatus, type UnitLevel, shippedWorkflows, stageLabel } from '@casefold/core';
import type { Messages } from '../i18n/messages.js';
import type { DashboardReadModels } from '../source/dashboardSource.js';

/** What every page is rendered with. */
export interface PageContext {
  readonly messages: Messages;
  /** The request's path, e.g. `/board`. */
  readonly path: string;
  /** The request's query parameters (the first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** The language the request asked for with `?lang=`, kept on every link; `null` for the server's default. */
  readonly lang: string | null;
  readonly models: DashboardReadModels;
  /** Whether the dashboard serves this computer only (it has no access policy): the footer says so. */
  readonly localOnly: boolean;
}

/** A link inside the dashboard, keeping the page's language; empty parameters are left out. */
export const hrefOf = (context: PageContext, path: string, params: Readonly<Record<string, string | number | undefined>> = {}): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  if (context.lang !== null && !search.has('lang')) search.set('lang', context.lang);
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
};

/** A unit's name from the directory, or its id when the directory does not know it. */
export const unitName = (context: PageContext, unit: string): string => context.models.directory.units.get(unit)?.name ?? unit;

/** A case kind's name in the page's language, or its id. */
export const kindName = (context: PageContext, kind: string): string => context.messages.kind[kind] ?? kind;

export const statusName = (context: PageContext, status: string): string => context.messages.status[status as PublicStatus] ?? status;

export const levelName = (context: PageContext, level: string): string => context.messages.level[level as UnitLevel] ?? level;

/** A stage as its kind's workflow labels it (Chinese labels), with its id in English. */
export const stageName = (context: PageContext, kind: string | undefined, stage: string, workflowVersion?: number): string => {
  if (kind === undefined) return stage;
  const label = stageLabel(shippedWorkflows, { kind, stage, workflowVersion: workflowVersion ?? Number.MAX_SAFE_INTEGER });
  return context.messages.language === 'zh-CN' || label === stage ? label : `${stage} (${label})`;
};

/** The case kinds every shipped workflow names, in their order. */
export const KINDS: readonly string[] = [...new Set(shippedWorkflows.map((workflow) => workflow.id))];
