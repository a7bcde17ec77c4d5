import { type ClockStatus, type TimelineItem, caseTimelineProjection, timelineOf } from '@casefold/core';
import { type EventStore, caseIdOfStream, caseStreamId, chinaCalendar, projectStream } from '@casefold/engine';
import { eventSummaryText } from '@casefold/dashboard';
import * as E from 'fp-ts/lib/Either.js';
import { BadInputError } from '../cli/cliErrors.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { localized } from '../i18n/localizedText.js';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { renderTable } from '../cli/table.js';
import { shownValue } from '../cli/typedValue.js';
import { shortTime } from '../dashboards/renderDashboards.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

const stateLabel = (d: ClockStatus, m: CliMessages['timeline']): string => {
  if (d.dueAt === null) return m.unknownDue(d.holidayDataMissing.years.join(', '));
  if (d.onTimeRecordedLate === true) return m.metRecordedLate(shortTime(d.stopRecordedAt ?? d.dueAt));
  return d.stoppedAt !== null ? (d.metOnTime === true ? m.met : m.missed) : d.breached ? m.breached : d.paused ? m.paused : m.running;
};

/** When an event happened, and when it was recorded if that was late. */
const whenOf = (item: TimelineItem, m: CliMessages['timeline']): string =>
  item.recordedAt === undefined ? shortTime(item.occurredAt) : m.recordedLate(shortTime(item.occurredAt), shortTime(item.recordedAt));

/** Most cases {@link casesOfRequest} names. */
const MAX_SUGGESTIONS = 5;

/**
 * The cases whose ids are `caseId` followed by `-` and more, as the demo names a request's
 * cases (`<request>-<kind>`): what a user who typed the request id meant. Reads the first
 * events of those streams only.
 */
const casesOfRequest = async (events: EventStore, caseId: string): Promise<string[]> => {
  const found = new Set<string>();
  for await (const event of events.readAll({ streamPrefix: `${caseStreamId(caseId)}-`, maxCount: 100 })) {
    const id = caseIdOfStream(event.streamId);
    if (id !== null) found.add(id);
    if (found.size === MAX_SUGGESTIONS) break;
  }
  return [...found];
};

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
        const meant = await casesOfRequest(store.events, caseId);
        throw new BadInputError(
          localized((m) => m.errors.noSuchCase(shownValue(caseId), store.description)),
          null,
          localized((m) => (meant.length === 0 ? m.errors.caseIdHint : m.errors.didYouMean(meant))),
        );
      }
      // The JSON document as before the lines had descriptions: their English `summary` only.
      context.output.result({ ...timeline, items: timeline.items.map(({ description: _description, ...item }) => item) });
      const last = timeline.items[timeline.items.length - 1];
      const { language, timeline: m } = context.output.messages;
      context.output.text(
        ...renderTable({
          title: m.title(caseId, timeline.items.length, timeline.kind, timeline.workflowVersion),
          columns: m.columns.map((header, i) => ({ header, align: i === 0 ? 'right' : 'left' })),
          rows: timeline.items.map((item) => [
            String(item.revision),
            whenOf(item, m),
            `${item.actor.role}@${item.actor.unit}`,
            eventSummaryText(item.description, language),
            [...item.started.map((r) => `+${r}`), ...item.stopped.map((r) => `■${r}`)].join(' '),
          ]),
        }),
        '',
        ...(last === undefined || last.deadlines.length === 0
          ? []
          : renderTable({
              title: m.deadlinesTitle,
              columns: m.deadlineColumns.map((header, i) => ({ header, align: i === 4 ? 'right' : 'left' })),
              rows: last.deadlines.map((d) => [d.rule, d.label, shortTime(d.startedAt), d.dueAt === null ? '–' : shortTime(d.dueAt), String(d.extendedBy), stateLabel(d, m)]),
            })),
      );
      return EXIT.ok;
    }),
};
