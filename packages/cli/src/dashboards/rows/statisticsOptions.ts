import type { JurisdictionDirectory, StatisticsReportOptions } from '@casefold/core';
import type { StatisticsQuery } from '@casefold/dashboard';

/** A statistics page's period, unit and kind as the core's report takes them. */
export const statisticsOptions = (query: StatisticsQuery, directory: JurisdictionDirectory): StatisticsReportOptions => ({
  ...(query.from === undefined ? {} : { from: query.from }),
  ...(query.to === undefined ? {} : { to: query.to }),
  ...(query.unit === undefined ? {} : { unit: query.unit, directory }),
  ...(query.kind === undefined ? {} : { workflow: query.kind }),
});
