import { formatCount, formatShare, renderTable } from '../cli/table.js';
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
export const renderYear = (year: YearFigures): string[] => {
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
    `THE YEAR — ${formatCount(year.requests)} requests, ${formatCount(total)} cases of ${kinds.length} kinds behind one window (一窗式受理)`,
    '',
    ...renderTable({
      title: 'Cases opened, by kind and by how they came in',
      columns: [{ header: 'kind' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }, ...INTAKE_ROUTES.map((route) => ({ header: route, align: 'right' as const }))],
      rows,
    }),
    '',
    `${formatCount(year.linkedRequests)} requests triaged at the window into two linked cases (a labour dispute needing legal aid: mediation + legal aid)`,
    `${formatCount(sum(year.conversions))} cases converted to mediation (访调对接): ${
      Object.entries(year.conversions)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, n]) => `${formatCount(n)} from ${kind}`)
        .join(', ') || 'none'
    }`,
    `${formatCount(onTheSpot)} grid events settled on the spot (小事不出网格), ${formatShare(gridEvents === 0 ? null : onTheSpot / gridEvents)} of grid events: ${formatCount(year.resolvedOnTheSpot['grid'] ?? 0)} at grids, ${formatCount(year.resolvedOnTheSpot['microGrid'] ?? 0)} at micro-grids (楼栋)`,
    `${formatCount(year.finalMatterRefusals)} petitions on matters already final refused at registration (MatterAlreadyFinal, 信访工作条例 Art 36)`,
  ];
};
