import { chinaCalendar } from '@casefold/engine';
import type { CommandContext } from '../cli/command.js';
import { instantOption } from '../cli/optionValues.js';
import type { DashboardsOptions } from '../dashboards/dashboards.js';
import type { OpenedStore } from '../store/openStore.js';
import { readDirectory } from './readDirectory.js';

/** The calendar, directory and `--as-of` instant the dashboards of a stored database use. */
export const dashboardOptions = async (context: CommandContext, store: OpenedStore): Promise<DashboardsOptions & { readonly directoryFound: boolean }> => {
  const asOf = instantOption('as-of', context.strings['as-of']);
  const { directory, found } = await readDirectory(store);
  return { calendar: chinaCalendar(), directory, directoryFound: found, ...(asOf === undefined ? {} : { asOf }) };
};
