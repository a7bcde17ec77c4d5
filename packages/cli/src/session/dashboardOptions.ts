import { chinaCalendar } from '@casefold/engine';
import type { CommandContext } from '../cli/command.js';
import { shippedWorkflows } from '@casefold/core';
import { instantOption, kindOption } from '../cli/optionValues.js';
import type { DashboardsOptions } from '../dashboards/dashboards.js';
import type { OpenedStore } from '../store/openStore.js';
import { readDirectory } from './readDirectory.js';

/** The case kinds `--kind` accepts: every shipped workflow's id. */
export const KNOWN_KINDS: readonly string[] = [...new Set(shippedWorkflows.map((w) => w.id))];

/** The calendar, directory, `--as-of` instant and `--kind` the dashboards of a stored database use. */
export const dashboardOptions = async (context: CommandContext, store: OpenedStore): Promise<DashboardsOptions & { readonly directoryFound: boolean }> => {
  const asOf = instantOption('as-of', context.strings['as-of']);
  const kind = kindOption('kind', context.strings['kind'], KNOWN_KINDS);
  const { directory, found } = await readDirectory(store);
  return { calendar: chinaCalendar(), directory, directoryFound: found, ...(asOf === undefined ? {} : { asOf }), ...(kind === undefined ? {} : { kind }) };
};
