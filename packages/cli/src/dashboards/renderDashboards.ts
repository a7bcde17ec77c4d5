import { type DeadlineCounts, type JurisdictionDirectory, PUBLIC_STATUS_LABELS, type PublicStatus, type StatisticsReport, formatFen, shippedWorkflows, stageLabel } from '@casefold/core';
import { formatCount, formatShare, renderTable } from '../cli/table.js';
import type { Dashboards } from './dashboards.js';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** An instant as Beijing local time, e.g. `2025-12-31 16:55`. */
export const beijingTime = (instant: string): string => `${new Date(Date.parse(instant) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} Beijing time`;

/** Count rows sorted by count (descending), then key. */
const countRows = (counts: Readonly<Record<string, number>>, total: number, label: (key: string) => string = (k) => k): string[][] =>
  Object.entries(counts)
    .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb))
    .map(([key, n]) => [label(key), formatCount(n), formatShare(total === 0 ? null : n / total)]);

const STATUS_ORDER: readonly PublicStatus[] = ['unreviewed', 'pending', 'handled', 'rejected'];
const LEVEL_ORDER = ['microGrid', 'grid', 'community', 'subDistrict', 'district', 'city', 'department'];

const unitName = (directory: JurisdictionDirectory, id: string): string => {
  const unit = directory.units.get(id);
  return unit === undefined ? id : `${unit.name} (${id})`;
};

/** ` (kind: gridEvent)` when the dashboards show one kind, else nothing. */
const ofKind = (d: Dashboards): string => (d.kind === null ? '' : ` (kind: ${d.kind})`);

/** A kind's stage with its label from the kind's current workflow, e.g. `dispatched 已派遣（待受理）`. */
const labelledStage = (kind: string, stage: string): string => {
  const version = Math.max(0, ...shippedWorkflows.filter((w) => w.id === kind).map((w) => w.version));
  const label = stageLabel(shippedWorkflows, { kind, workflowVersion: version, stage });
  return label === stage ? stage : `${stage} ${label}`;
};

/** The case board: cases by kind and public status, by public status, stage and level. */
export const renderCaseBoard = (d: Dashboards): string[] => {
  const b = d.caseBoard;
  const kinds = Object.keys(b.byKind).sort();
  return [
    `CASE BOARD${ofKind(d)} — ${formatCount(b.total)} cases, ${formatCount(b.open)} open`,
    '',
    ...renderTable({
      title: 'By kind and public status',
      columns: ['kind', 'cases', ...STATUS_ORDER.map((s) => `${PUBLIC_STATUS_LABELS[s]} ${s}`)].map((header, i) => ({ header, align: i === 0 ? 'left' : 'right' })),
      rows: kinds.map((kind) => [kind, formatCount(b.byKind[kind] ?? 0), ...STATUS_ORDER.map((s) => formatCount(b.byKindStatus[kind]?.[s] ?? 0))]),
    }),
    '',
    ...renderTable({
      title: 'By public status (what citizens see online)',
      columns: [{ header: 'status' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }],
      rows: STATUS_ORDER.map((s) => [`${PUBLIC_STATUS_LABELS[s]} ${s}`, formatCount(b.byStatus[s] ?? 0), formatShare(b.total === 0 ? null : (b.byStatus[s] ?? 0) / b.total)]),
    }),
    '',
    ...renderTable({
      title: d.kind === null ? 'By internal stage (stage ids of every kind together; --kind shows one kind’s stages with their labels)' : 'By internal stage',
      columns: [{ header: 'stage' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }],
      rows: countRows(b.byStage, b.total, d.kind === null ? undefined : (stage) => labelledStage(d.kind ?? '', stage)),
    }),
    '',
    ...renderTable({
      title: 'By level of the unit holding the case',
      columns: [{ header: 'level' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }],
      rows: LEVEL_ORDER.filter((l) => b.byLevel[l] !== undefined).map((l) => [l, formatCount(b.byLevel[l] ?? 0), formatShare(b.total === 0 ? null : (b.byLevel[l] ?? 0) / b.total)]),
    }),
  ];
};

/** Escalation: where settled cases were resolved, escalation steps, and each sub-district. */
export const renderEscalation = (d: Dashboards, directory: JurisdictionDirectory): string[] => {
  const o = d.escalation.overall;
  return [
    `ESCALATION PATHS${ofKind(d)} — small matters stay in the grid and the building, the community; big ones in the sub-district (小事不出网格/楼栋、小事不出社区、大事不出街道)`,
    `${formatCount(o.settled)} settled cases: ${formatShare(o.withinGridShare)} in the grid or building, ${formatShare(o.withinCommunityShare)} within the community, ${formatShare(o.withinSubDistrictShare)} within the sub-district; ${formatCount(o.escalations)} escalations in ${formatCount(o.casesEscalated)} cases; ${formatCount(o.converted)} converted to another kind`,
    '',
    ...renderTable({
      title: 'By kind (shares of the settled cases)',
      columns: ['kind', 'cases', 'settled', 'grid/building', 'community', 'sub-district', 'escalated', 'converted'].map((header, i) => ({ header, align: i === 0 ? 'left' : 'right' })),
      rows: Object.entries(d.escalation.byKind).map(([kind, f]) => [
        kind,
        formatCount(f.cases),
        formatCount(f.settled),
        formatShare(f.withinGridShare),
        formatShare(f.withinCommunityShare),
        formatShare(f.withinSubDistrictShare),
        formatCount(f.casesEscalated),
        formatCount(f.converted),
      ]),
    }),
    '',
    ...renderTable({
      title: 'Settled cases by the level that resolved them',
      columns: [{ header: 'level' }, { header: 'settled', align: 'right' }, { header: 'share', align: 'right' }],
      rows: LEVEL_ORDER.filter((l) => o.settledByLevel[l] !== undefined).map((l) => [l, formatCount(o.settledByLevel[l] ?? 0), formatShare(o.settledShareByLevel[l] ?? null)]),
    }),
    '',
    ...renderTable({
      title: 'Escalations by step (one level at a time)',
      columns: [{ header: 'step' }, { header: 'escalations', align: 'right' }, { header: 'share', align: 'right' }],
      rows: countRows(o.escalationsByStep, o.escalations),
    }),
    '',
    ...renderTable({
      title: 'By sub-district',
      columns: [
        { header: 'sub-district' },
        { header: 'cases', align: 'right' },
        { header: 'settled', align: 'right' },
        { header: 'within sub-district', align: 'right' },
        { header: 'escalated', align: 'right' },
      ],
      rows: [
        ...Object.entries(d.escalation.bySubDistrict).map(([id, f]) => [
          unitName(directory, id),
          formatCount(f.cases),
          formatCount(f.settled),
          formatShare(f.withinSubDistrictShare),
          formatCount(f.casesEscalated),
        ]),
        ...(d.escalation.outsideSubDistricts.cases > 0
          ? [
              [
                '(no sub-district)',
                formatCount(d.escalation.outsideSubDistricts.cases),
                formatCount(d.escalation.outsideSubDistricts.settled),
                formatShare(d.escalation.outsideSubDistricts.withinSubDistrictShare),
                formatCount(d.escalation.outsideSubDistricts.casesEscalated),
              ],
            ]
          : []),
      ],
    }),
  ];
};

const deadlineRow = (label: string, c: DeadlineCounts): string[] => [label, formatCount(c.running), formatCount(c.paused), formatCount(c.dueSoon), formatCount(c.breached), formatCount(c.extended)];

const overdueDays = (remainingMs: number): string => `${(-remainingMs / 86_400_000).toFixed(1)} d`;

/** Deadlines of open cases as of the dashboard's instant: by rule, supervision, the most overdue. */
export const renderDeadlines = (d: Dashboards): string[] => {
  const x = d.deadlines;
  return [
    `DEADLINES${ofKind(d)} — as of ${beijingTime(d.asOf)}; ${formatCount(x.openCases)} open cases, ${x.dueSoonUntil === null ? 'due soon = unknown (the window reaches a year without holiday data)' : `due soon = due by ${beijingTime(x.dueSoonUntil)}`}`,
    '',
    ...renderTable({
      title: 'Running deadlines by rule',
      columns: ['rule', 'running', 'paused', 'due soon', 'breached', 'extended'].map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
      rows: [
        ...Object.keys(x.byRule)
          .sort()
          .map((rule) => deadlineRow(rule, x.byRule[rule]!)),
        deadlineRow('all rules', x.totals),
      ],
    }),
    '',
    ...renderTable({
      title: 'By kind (each kind’s own rules)',
      columns: ['kind', 'open cases', 'running', 'paused', 'due soon', 'breached', 'extended', 'red cards'].map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
      rows: Object.keys(x.byKind)
        .sort()
        .map((kind) => {
          const k = x.byKind[kind]!;
          return [kind, formatCount(k.openCases), ...deadlineRow('', k.totals).slice(1), formatCount(k.supervision.red)];
        }),
    }),
    '',
    `Supervision (督办) of open cases: ${formatCount(x.supervision['normal'] ?? 0)} normal, ${formatCount(x.supervision['yellow'] ?? 0)} yellow card, ${formatCount(x.supervision['red'] ?? 0)} red card`,
    '',
    ...renderTable({
      title: 'Most overdue',
      columns: [{ header: 'case' }, { header: 'kind' }, { header: 'rule' }, { header: 'unit' }, { header: 'due' }, { header: 'overdue', align: 'right' }, { header: 'supervision' }],
      rows: x.mostOverdue.map((item) => [
        item.caseId,
        item.kind,
        `${item.rule}: ${item.label}`,
        item.unit,
        beijingTime(item.dueAt).replace(' Beijing time', ''),
        overdueDays(item.remainingMs),
        item.supervision,
      ]),
    }),
    ...(x.onTimeRecordedLate.length === 0
      ? []
      : [
          '',
          ...renderTable({
            title: 'On time, recorded late (met only by a fact dated before its due time and recorded after it)',
            columns: [{ header: 'case' }, { header: 'kind' }, { header: 'rule' }, { header: 'unit' }, { header: 'due' }, { header: 'dated' }, { header: 'recorded' }],
            rows: x.onTimeRecordedLate.map((item) => [
              item.caseId,
              item.kind,
              `${item.rule}: ${item.label}`,
              item.unit,
              shortTime(item.dueAt),
              item.stoppedAt === null ? '–' : shortTime(item.stoppedAt),
              shortTime(item.stopRecordedAt),
            ]),
          }),
        ]),
  ];
};

/** An instant in Beijing time without the zone's name (the table's title names it). */
const shortTime = (instant: string): string => beijingTime(instant).replace(' Beijing time', '');

const rate = (label: string, value: number | null, note = ''): string[] => [label, formatShare(value), note];

/** The published figures over all cases. */
export const renderStatistics = (s: StatisticsReport, heading = 'STATISTICS — the figures a centre publishes'): string[] => {
  const period = s.period.from === null && s.period.to === null ? 'all cases' : `cases submitted from ${s.period.from ?? 'the start'} to before ${s.period.to ?? 'now'}`;
  return [
    `${heading} (${period})`,
    '',
    ...renderTable({
      title: 'Key figures',
      columns: [{ header: 'figure' }, { header: 'value', align: 'right' }, { header: 'note' }],
      rows: [
        ['cases received', formatCount(s.intake.total), ''],
        ['of which online', formatCount(s.intake.online), formatShare(s.intake.onlineShare)],
        ['labour disputes', formatCount(s.intake.labour), formatShare(s.intake.labourShare)],
        ['accepted', formatCount(s.review.accepted), ''],
        ['rejected (with call-back)', formatCount(s.review.rejected), ''],
        ['mediations started', formatCount(s.mediation.started), ''],
        ['mediations ended', formatCount(s.mediation.ended), 'cases mediated'],
        ['of which online', formatCount(s.mediation.online), 'mediated cases that came in online'],
        ['amount involved', formatFen(s.mediation.amountInvolvedFen), 'claimed in the cases mediated'],
        ['labour mediations', formatCount(s.mediation.labour.ended), `${formatFen(s.mediation.labour.agreedFen)} agreed`],
        rate('mediation success rate', s.mediation.successRate, 'agreements ÷ mediations ended'),
        ['amount agreed', formatFen(s.amounts.agreedFen), `${formatCount(s.amounts.agreements)} agreements`],
        ['amount claimed', formatFen(s.amounts.claimedFen), `${formatCount(s.amounts.claims)} claims`],
        ['notarized (赋强公证)', formatCount(s.notarized), 'agreements with enforcement effect'],
        ['closed', formatCount(s.closure.closed), ''],
        rate('settlement rate', s.closure.settlementRate, 'settled ÷ accepted'),
        rate('on-time closure rate', s.closure.onTimeClosureRate, 'every deadline met ÷ closed'),
        ['of which recorded late', formatCount(s.closure.onTimeRecordedLate), 'on time only by a fact recorded after its due time'],
        ['events recorded late', formatCount(s.recordedLate.events), `more than an hour after they happened; ${formatCount(s.recordedLate.cases)} cases`],
        ['call-backs made', formatCount(s.callbacks.made), `${formatCount(s.callbacks.reached)} reached`],
        rate('satisfaction rate', s.callbacks.satisfactionRate, 'very satisfied + satisfied ÷ answered'),
        rate('satisfaction incl. basic', s.callbacks.satisfactionRateWithBasic, '+ basically satisfied'),
        ['escalations', formatCount(s.escalation.escalations), `${formatCount(s.escalation.casesEscalated)} cases`],
        [
          'legal consultations',
          formatCount(s.legalServices.consultations.total),
          `${formatCount(s.legalServices.consultations.online)} online, ${formatCount(s.legalServices.consultations.onSite)} on site`,
        ],
        [
          'legal-aid cases',
          formatCount(s.legalServices.legalAid.granted),
          `${formatCount(s.legalServices.legalAid.applications)} applications, ${formatCount(s.legalServices.legalAid.refused)} refused`,
        ],
      ],
    }),
    '',
    ...renderTable({
      title: 'By kind',
      columns: ['kind', 'received', 'online', 'handled', 'closed'].map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
      rows: Object.keys(s.byKind)
        .sort()
        .map((kind) => {
          const k = s.byKind[kind]!;
          return [kind, formatCount(k.received), `${formatCount(k.online)} (${formatShare(k.onlineShare)})`, formatCount(k.handled), formatCount(k.closed)];
        }),
    }),
    '',
    ...renderTable({
      title: 'By unit and department',
      columns: ['unit', 'cases', 'mediated', 'online', 'amount involved', 'labour', 'labour agreed', 'consultations', 'legal aid'].map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
      rows: Object.keys(s.byUnit)
        .sort()
        .map((unit) => {
          const u = s.byUnit[unit]!;
          const cases = Object.values(u.byKind).reduce((sum, n) => sum + n, 0);
          return [
            unit,
            formatCount(cases),
            formatCount(u.mediated),
            formatCount(u.mediatedOnline),
            formatFen(u.amountInvolvedFen),
            formatCount(u.labourMediated),
            formatFen(u.labourAgreedFen),
            formatCount(u.consultations),
            formatCount(u.legalAidCases),
          ];
        }),
    }),
    '',
    ...renderTable({
      title: 'By channel',
      columns: [{ header: 'channel' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }],
      rows: countRows(s.intake.byChannel, s.intake.total),
    }),
    '',
    ...renderTable({
      title: 'By category',
      columns: [{ header: 'category' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }],
      rows: countRows(s.intake.byCategory, s.intake.total),
    }),
    '',
    ...renderTable({
      title: 'Mediations by track',
      columns: [{ header: 'track' }, { header: 'ended', align: 'right' }, { header: 'share', align: 'right' }],
      rows: countRows(s.mediation.byTrack, s.mediation.ended),
    }),
    '',
    ...renderTable({
      title: 'Rejections by reason',
      columns: [{ header: 'reason' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }],
      rows: countRows(s.review.rejectedByReason, s.review.rejected),
    }),
    '',
    ...renderTable({
      title: 'Closed cases by outcome',
      columns: [{ header: 'outcome' }, { header: 'cases', align: 'right' }, { header: 'share', align: 'right' }],
      rows: countRows(s.closure.byOutcome, s.closure.closed),
    }),
  ];
};

/** All four dashboards as text, separated by blank lines. */
export const renderDashboards = (d: Dashboards, directory: JurisdictionDirectory): string[] => [
  ...renderCaseBoard(d),
  '',
  '',
  ...renderEscalation(d, directory),
  '',
  '',
  ...renderDeadlines(d),
  '',
  '',
  ...renderStatistics(d.statistics),
];
