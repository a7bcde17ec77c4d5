import { type ClockStatus, type TimelineItem, caseTimelineProjection, timelineOf } from '@casefold/core';
import { caseStreamId, chinaCalendar, projectStream } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { BadInputError } from '../cli/cliErrors.js';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { renderTable } from '../cli/table.js';
import { shownValue } from '../cli/typedValue.js';
import { beijingTime } from '../dashboards/renderDashboards.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

const STATE_LABEL = (d: ClockStatus): string => {
  if (d.dueAt === null) return `unknown: no holiday data for ${d.holidayDataMissing.years.join(', ')}`;
  if (d.onTimeRecordedLate === true) return `met on time, recorded late (${shortTime(d.stopRecordedAt ?? d.dueAt)})`;
  return d.stoppedAt !== null ? (d.metOnTime === true ? 'met' : 'missed') : d.breached ? 'BREACHED' : d.paused ? 'paused' : 'running';
};

/** An instant in Beijing time without the zone's name (the table's title names it). */
const shortTime = (instant: string): string => beijingTime(instant).replace(' Beijing time', '');

/** When an event happened, and when it was recorded if that was late. */
const whenOf = (item: TimelineItem): string => (item.recordedAt === undefined ? shortTime(item.occurredAt) : `${shortTime(item.occurredAt)} (recorded late: ${shortTime(item.recordedAt)})`);

/** `casefold timeline <caseId>`: what happened to one case, event by event, with its deadlines. */
export const timelineCommand: CliCommand = {
  name: 'timeline',
  summary: 'show one case event by event, with its deadlines after each event',
  usage: 'timeline <caseId> [--db FILE] [--json]',
  description: [
    "Reads the case's stream and folds the built-in caseTimeline projection over it: each event",
    "with its time, actor and a summary (no personal data), and the case's deadline clocks after",
    'it (due time on the mainland-China calendar, running, paused, breached, met or missed).',
    "The title names the case's kind (its workflow and version); each deadline shows its rule's label.",
    'An event recorded more than an hour after it happened shows when it was recorded ("recorded late"),',
    'and a deadline it met only by its date shows "met on time, recorded late".',
  ].join('\n'),
  options: [],
  positionals: ['caseId'],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const caseId = context.positionals[0]!;
      const folded = await projectStream(store.events, caseStreamId(caseId), caseTimelineProjection, storeEventCodec);
      if (E.isLeft(folded)) throw folded.left;
      const state = folded.right;
      const timeline = timelineOf(state, caseId, chinaCalendar());
      if (timeline === null) {
        throw new BadInputError(
          `there is no case ${shownValue(caseId)} in ${store.description}`,
          null,
          'Case ids look like PL-2025-00042-mediation in the demo (<request>-<kind>); `casefold dashboards --json` or `casefold export` lists them',
        );
      }
      context.output.result(timeline);
      const last = timeline.items[timeline.items.length - 1];
      context.output.text(
        ...renderTable({
          title: `Timeline of case ${caseId} (${timeline.items.length} events; kind ${timeline.kind}@${timeline.workflowVersion}; times in Beijing time)`,
          columns: [{ header: '#', align: 'right' }, { header: 'when' }, { header: 'who' }, { header: 'what' }, { header: 'deadlines' }],
          rows: timeline.items.map((item) => [
            String(item.revision),
            whenOf(item),
            `${item.actor.role}@${item.actor.unit}`,
            item.summary,
            [...item.started.map((r) => `+${r}`), ...item.stopped.map((r) => `■${r}`)].join(' '),
          ]),
        }),
        '',
        ...(last === undefined || last.deadlines.length === 0
          ? []
          : renderTable({
              title: 'Deadlines after the last event',
              columns: [{ header: 'rule' }, { header: 'label' }, { header: 'started' }, { header: 'due' }, { header: 'extended', align: 'right' }, { header: 'state' }],
              rows: last.deadlines.map((d) => [d.rule, d.label, shortTime(d.startedAt), d.dueAt === null ? '–' : shortTime(d.dueAt), String(d.extendedBy), STATE_LABEL(d)]),
            })),
      );
      return EXIT.ok;
    }),
};
