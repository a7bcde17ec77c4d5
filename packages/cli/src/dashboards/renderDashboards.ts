import { type DeadlineCounts, type JurisdictionDirectory, PUBLIC_STATUS_LABELS, type PublicStatus, type StatisticsReport, formatFen, shippedWorkflows, stageLabel } from '@casefold/core';
import { formatCount, formatShare, renderTable } from '../cli/table.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import type { Dashboards } from './dashboards.js';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** An instant in Beijing time without the zone's name, e.g. `2025-12-31 16:55` (for tables whose title names it). */
export const shortTime = (instant: string): string => new Date(Date.parse(instant) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** An instant as Beijing local time, named so, e.g. `2025-12-31 16:55 Beijing time`. */
const beijingTime = (instant: string, m: CliMessages): string => m.dashboards.beijingTime(shortTime(instant));

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
const ofKind = (d: Dashboards, m: CliMessages): string => (d.kind === null ? '' : m.dashboards.ofKind(d.kind));

/** A kind's stage with its label from the kind's current workflow, e.g. `dispatched 已派遣（待受理）`. */
const labelledStage = (kind: string, stage: string): string => {
  const version = Math.max(0, ...shippedWorkflows.filter((w) => w.id === kind).map((w) => w.version));
  const label = stageLabel(shippedWorkflows, { kind, workflowVersion: version, stage });
  return label === stage ? stage : `${stage} ${label}`;
};

/** The case board: cases by kind and public status, by public status, stage and level. */
export const renderCaseBoard = (d: Dashboards, m: CliMessages): string[] => {
  const b = d.caseBoard;
  const t = m.dashboards.caseBoard;
  const kinds = Object.keys(b.byKind).sort();
  const status = (s: PublicStatus): string => t.status(s, PUBLIC_STATUS_LABELS[s]);
  return [
    t.heading(ofKind(d, m), formatCount(b.total), formatCount(b.open)),
    '',
    ...renderTable({
      title: t.byKindAndStatus,
      columns: [t.kind, t.cases, ...STATUS_ORDER.map(status)].map((header, i) => ({ header, align: i === 0 ? 'left' : 'right' })),
      rows: kinds.map((kind) => [kind, formatCount(b.byKind[kind] ?? 0), ...STATUS_ORDER.map((s) => formatCount(b.byKindStatus[kind]?.[s] ?? 0))]),
    }),
    '',
    ...renderTable({
      title: t.byStatus,
      columns: [{ header: t.statusHeader }, { header: t.cases, align: 'right' }, { header: t.share, align: 'right' }],
      rows: STATUS_ORDER.map((s) => [status(s), formatCount(b.byStatus[s] ?? 0), formatShare(b.total === 0 ? null : (b.byStatus[s] ?? 0) / b.total)]),
    }),
    '',
    ...renderTable({
      title: d.kind === null ? t.byStageAll : t.byStage,
      columns: [{ header: t.stage }, { header: t.cases, align: 'right' }, { header: t.share, align: 'right' }],
      rows: countRows(b.byStage, b.total, d.kind === null ? undefined : (stage) => labelledStage(d.kind ?? '', stage)),
    }),
    '',
    ...renderTable({
      title: t.byLevel,
      columns: [{ header: t.level }, { header: t.cases, align: 'right' }, { header: t.share, align: 'right' }],
      rows: LEVEL_ORDER.filter((l) => b.byLevel[l] !== undefined).map((l) => [
        m.dashboards.level(l),
        formatCount(b.byLevel[l] ?? 0),
        formatShare(b.total === 0 ? null : (b.byLevel[l] ?? 0) / b.total),
      ]),
    }),
  ];
};

/** Escalation: where settled cases were resolved, escalation steps, and each sub-district. */
export const renderEscalation = (d: Dashboards, directory: JurisdictionDirectory, m: CliMessages): string[] => {
  const o = d.escalation.overall;
  const t = m.dashboards.escalation;
  return [
    t.heading(ofKind(d, m)),
    t.summary(
      formatCount(o.settled),
      formatShare(o.withinGridShare),
      formatShare(o.withinCommunityShare),
      formatShare(o.withinSubDistrictShare),
      formatCount(o.escalations),
      formatCount(o.casesEscalated),
      formatCount(o.converted),
    ),
    '',
    ...renderTable({
      title: t.byKind,
      columns: t.byKindColumns.map((header, i) => ({ header, align: i === 0 ? 'left' : 'right' })),
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
      title: t.settledByLevel,
      columns: [{ header: m.dashboards.caseBoard.level }, { header: t.settled, align: 'right' }, { header: m.dashboards.caseBoard.share, align: 'right' }],
      rows: LEVEL_ORDER.filter((l) => o.settledByLevel[l] !== undefined).map((l) => [m.dashboards.level(l), formatCount(o.settledByLevel[l] ?? 0), formatShare(o.settledShareByLevel[l] ?? null)]),
    }),
    '',
    ...renderTable({
      title: t.byStep,
      columns: [{ header: t.step }, { header: t.escalations, align: 'right' }, { header: m.dashboards.caseBoard.share, align: 'right' }],
      rows: countRows(o.escalationsByStep, o.escalations),
    }),
    '',
    ...renderTable({
      title: t.bySubDistrict,
      columns: t.bySubDistrictColumns.map((header, i) => ({ header, align: i === 0 ? 'left' : 'right' })),
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
                t.noSubDistrict,
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

const overdueDays = (remainingMs: number, m: CliMessages): string => m.dashboards.deadlines.overdueDays((-remainingMs / 86_400_000).toFixed(1));

/** Deadlines of open cases as of the dashboard's instant: by rule, supervision, the most overdue. */
export const renderDeadlines = (d: Dashboards, m: CliMessages): string[] => {
  const x = d.deadlines;
  const t = m.dashboards.deadlines;
  return [
    t.heading(ofKind(d, m), beijingTime(d.asOf, m), formatCount(x.openCases), x.dueSoonUntil === null ? null : beijingTime(x.dueSoonUntil, m)),
    '',
    ...renderTable({
      title: t.byRule,
      columns: t.byRuleColumns.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
      rows: [
        ...Object.keys(x.byRule)
          .sort()
          .map((rule) => deadlineRow(rule, x.byRule[rule]!)),
        deadlineRow(t.allRules, x.totals),
      ],
    }),
    '',
    ...renderTable({
      title: t.byKind,
      columns: t.byKindColumns.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
      rows: Object.keys(x.byKind)
        .sort()
        .map((kind) => {
          const k = x.byKind[kind]!;
          return [kind, formatCount(k.openCases), ...deadlineRow('', k.totals).slice(1), formatCount(k.supervision.red)];
        }),
    }),
    '',
    t.supervision(formatCount(x.supervision['normal'] ?? 0), formatCount(x.supervision['yellow'] ?? 0), formatCount(x.supervision['red'] ?? 0)),
    '',
    ...renderTable({
      title: t.mostOverdue,
      columns: t.mostOverdueColumns.map((header, i) => ({ header, align: i === 5 ? 'right' : 'left' })),
      rows: x.mostOverdue.map((item) => [item.caseId, item.kind, `${item.rule}: ${item.label}`, item.unit, shortTime(item.dueAt), overdueDays(item.remainingMs, m), item.supervision]),
    }),
    ...(x.onTimeRecordedLate.length === 0
      ? []
      : [
          '',
          ...renderTable({
            title: t.onTimeRecordedLate,
            columns: t.onTimeRecordedLateColumns.map((header) => ({ header })),
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

const rate = (label: string, value: number | null, note = ''): string[] => [label, formatShare(value), note];

/** The published figures over all cases. */
export const renderStatistics = (s: StatisticsReport, m: CliMessages, heading = m.dashboards.statistics.heading): string[] => {
  const t = m.dashboards.statistics;
  const f = t.figure;
  return [
    `${heading} (${t.period(s.period.from, s.period.to)})`,
    '',
    ...renderTable({
      title: t.keyFigures,
      columns: t.keyFiguresColumns.map((header, i) => ({ header, align: i === 1 ? 'right' : 'left' })),
      rows: [
        [f.received, formatCount(s.intake.total), ''],
        [f.online, formatCount(s.intake.online), formatShare(s.intake.onlineShare)],
        [f.labour, formatCount(s.intake.labour), formatShare(s.intake.labourShare)],
        [f.accepted, formatCount(s.review.accepted), ''],
        [f.rejected, formatCount(s.review.rejected), ''],
        [f.mediationsStarted, formatCount(s.mediation.started), ''],
        [f.mediationsEnded, formatCount(s.mediation.ended), f.casesMediated],
        [f.online, formatCount(s.mediation.online), f.mediatedOnline],
        [f.amountInvolved, formatFen(s.mediation.amountInvolvedFen), f.claimedInMediated],
        [f.labourMediations, formatCount(s.mediation.labour.ended), f.agreed(formatFen(s.mediation.labour.agreedFen))],
        rate(f.successRate, s.mediation.successRate, f.successRateNote),
        [f.amountAgreed, formatFen(s.amounts.agreedFen), f.agreements(formatCount(s.amounts.agreements))],
        [f.amountClaimed, formatFen(s.amounts.claimedFen), f.claims(formatCount(s.amounts.claims))],
        [f.notarized, formatCount(s.notarized), f.notarizedNote],
        [f.closed, formatCount(s.closure.closed), ''],
        rate(f.settlementRate, s.closure.settlementRate, f.settlementRateNote),
        rate(f.onTimeRate, s.closure.onTimeClosureRate, f.onTimeRateNote),
        [f.ofWhichRecordedLate, formatCount(s.closure.onTimeRecordedLate), f.ofWhichRecordedLateNote],
        [f.eventsRecordedLate, formatCount(s.recordedLate.events), f.eventsRecordedLateNote(formatCount(s.recordedLate.cases))],
        [f.callbacksMade, formatCount(s.callbacks.made), f.reached(formatCount(s.callbacks.reached))],
        rate(f.satisfactionRate, s.callbacks.satisfactionRate, f.satisfactionRateNote),
        rate(f.satisfactionWithBasic, s.callbacks.satisfactionRateWithBasic, f.satisfactionWithBasicNote),
        [f.escalations, formatCount(s.escalation.escalations), f.cases(formatCount(s.escalation.casesEscalated))],
        [f.consultations, formatCount(s.legalServices.consultations.total), f.consultationsNote(formatCount(s.legalServices.consultations.online), formatCount(s.legalServices.consultations.onSite))],
        [f.legalAid, formatCount(s.legalServices.legalAid.granted), f.legalAidNote(formatCount(s.legalServices.legalAid.applications), formatCount(s.legalServices.legalAid.refused))],
      ],
    }),
    '',
    ...renderTable({
      title: t.byKind,
      columns: t.byKindColumns.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
      rows: Object.keys(s.byKind)
        .sort()
        .map((kind) => {
          const k = s.byKind[kind]!;
          return [kind, formatCount(k.received), `${formatCount(k.online)} (${formatShare(k.onlineShare)})`, formatCount(k.handled), formatCount(k.closed)];
        }),
    }),
    '',
    ...renderTable({
      title: t.byUnit,
      columns: t.byUnitColumns.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right' })),
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
      title: t.byChannel,
      columns: [{ header: t.channel }, { header: t.cases, align: 'right' }, { header: t.share, align: 'right' }],
      rows: countRows(s.intake.byChannel, s.intake.total),
    }),
    '',
    ...renderTable({
      title: t.byCategory,
      columns: [{ header: t.category }, { header: t.cases, align: 'right' }, { header: t.share, align: 'right' }],
      rows: countRows(s.intake.byCategory, s.intake.total),
    }),
    '',
    ...renderTable({
      title: t.byTrack,
      columns: [{ header: t.track }, { header: t.ended, align: 'right' }, { header: t.share, align: 'right' }],
      rows: countRows(s.mediation.byTrack, s.mediation.ended),
    }),
    '',
    ...renderTable({
      title: t.byReason,
      columns: [{ header: t.reason }, { header: t.cases, align: 'right' }, { header: t.share, align: 'right' }],
      rows: countRows(s.review.rejectedByReason, s.review.rejected),
    }),
    '',
    ...renderTable({
      title: t.byOutcome,
      columns: [{ header: t.outcome }, { header: t.cases, align: 'right' }, { header: t.share, align: 'right' }],
      rows: countRows(s.closure.byOutcome, s.closure.closed),
    }),
  ];
};

/** All four dashboards as text, separated by blank lines. */
export const renderDashboards = (d: Dashboards, directory: JurisdictionDirectory, m: CliMessages): string[] => [
  ...renderCaseBoard(d, m),
  '',
  '',
  ...renderEscalation(d, directory, m),
  '',
  '',
  ...renderDeadlines(d, m),
  '',
  '',
  ...renderStatistics(d.statistics, m),
];
