import { formatCount, formatShare, renderTable } from '../cli/table.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { INTAKE_ROUTES, REQUEST_MIX, type YearFigures } from './simulation/index.js';

/** The kinds in the order the summary shows them: the request mix's, then any other kind a case was opened under. */
const kindsOf = (year: YearFigures): string[] => [...new Set([...Object.keys(REQUEST_MIX), ...Object.keys(year.cases)])];

const sum = (counts: Readonly<Record<string, number | undefined>>): number => Object.values(counts).reduce<number>((n, c) => n + (c ?? 0), 0);

/**
 * The demo's own account of the year, before the dashboards: the cases opened of each kind
 * and how they came in (the one window, online, grid patrols, transfers, letters,
 * conversions), the requests the window triaged into two linked cases, the conversions to
 * mediation (访调对接), the grid events settled on the spot (小事不出网格) and the petitions
 * on final matters the finality guard refused.
 */
export const renderYear = (year: YearFigures, messages: CliMessages): string[] => {
  const m = messages.demo.year;
  const kinds = kindsOf(year);
  const total = sum(Object.fromEntries(kinds.map((kind) => [kind, sum(year.cases[kind] ?? {})])));
  const rows = kinds.map((kind) => {
    const byRoute = year.cases[kind] ?? {};
    const cases = sum(byRoute);
    return [kind, formatCount(cases), formatShare(total === 0 ? null : cases / total), ...INTAKE_ROUTES.map((route) => formatCount(byRoute[route] ?? 0))];
  });
  const onTheSpot = sum(year.resolvedOnTheSpot);
  const gridEvents = sum(year.cases['gridEvent'] ?? {});
  return [
    m.heading(formatCount(year.requests), formatCount(total), kinds.length),
    '',
    ...renderTable({
      title: m.byKind,
      columns: [...m.columns, ...INTAKE_ROUTES.map(m.route)].map((header, i) => ({ header, align: i === 0 ? 'left' : 'right' })),
      rows,
    }),
    '',
    m.linked(formatCount(year.linkedRequests)),
    m.conversions(
      formatCount(sum(year.conversions)),
      Object.entries(year.conversions)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, n]) => m.conversionFrom(formatCount(n), kind))
        .join(', ') || m.none,
    ),
    m.onTheSpot(
      formatCount(onTheSpot),
      formatShare(gridEvents === 0 ? null : onTheSpot / gridEvents),
      formatCount(year.resolvedOnTheSpot['grid'] ?? 0),
      formatCount(year.resolvedOnTheSpot['microGrid'] ?? 0),
    ),
    m.finalMatters(formatCount(year.finalMatterRefusals)),
  ];
};
