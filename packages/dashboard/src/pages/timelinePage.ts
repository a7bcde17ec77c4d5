import type { CaseBoardEntry, CaseTimeline, ClockStatus } from '@casefold/core';
import { type Html, html } from '../html/html.js';
import { beijingTime } from '../html/format.js';
import { eventSummaryText } from '../i18n/eventSummaries.js';
import type { Messages } from '../i18n/messages.js';
import { layout } from './layout.js';
import { type PageContext, kindName, stageName, statusName, unitName } from './pageContext.js';

const clockState = (m: Messages['timeline'], clock: ClockStatus): string => {
  if (clock.dueAt === null) return m.unknownDue;
  if (clock.onTimeRecordedLate === true) return m.metRecordedLate;
  if (clock.stoppedAt !== null) return clock.metOnTime === true ? m.met : m.missed;
  return clock.breached ? m.breachedState : clock.paused ? m.paused : m.running;
};

/**
 * One case's timeline: every event with its time (and when it was recorded, if late), actor
 * and line (in the page's language: `eventSummaryText`), the deadlines it started and stopped,
 * and the case's deadlines after its last event, as `casefold timeline` shows them; with the
 * case's place on the board.
 */
export const timelinePage = (context: PageContext, timeline: CaseTimeline, entry: CaseBoardEntry | null): Html => {
  const { messages } = context;
  const m = messages.timeline;
  const last = timeline.items[timeline.items.length - 1];
  const main = html` <p>${m.kindLine(kindName(context, timeline.kind), timeline.workflowVersion)}</p>
    ${
      entry === null
        ? ''
        : html`<dl class="case-facts">
            <dt>${messages.board.status}</dt>
            <dd id="case-status">${statusName(context, entry.status)}</dd>
            <dt>${messages.board.stage}</dt>
            <dd>${stageName(context, entry.kind, entry.stage, entry.workflowVersion)}</dd>
            <dt>${messages.board.heldBy}</dt>
            <dd>${unitName(context, entry.unit)}</dd>
          </dl>`
    }
    <table id="timeline">
      <caption>
        ${m.heading(timeline.caseId)}
      </caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">${m.when}</th>
          <th scope="col">${m.who}</th>
          <th scope="col">${m.what}</th>
          <th scope="col">${m.clocks}</th>
        </tr>
      </thead>
      <tbody>
        ${timeline.items.map(
          (item) =>
            html`<tr>
              <td class="number">${item.revision}</td>
              <td>${beijingTime(item.occurredAt)}${item.recordedAt === undefined ? '' : html`<br /><small>${m.recordedLate(beijingTime(item.recordedAt))}</small>`}</td>
              <td>${item.actor.role}@${unitName(context, item.actor.unit)}</td>
              <td>${eventSummaryText(item.description, messages.language)}</td>
              <td>${[...item.started.map((rule) => `+${rule}`), ...item.stopped.map((rule) => `■${rule}`)].join(' ')}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      last === undefined || last.deadlines.length === 0
        ? ''
        : html`<table id="case-deadlines">
            <caption>
              ${m.deadlinesNow}
            </caption>
            <thead>
              <tr>
                <th scope="col">${m.label}</th>
                <th scope="col">${m.started}</th>
                <th scope="col">${m.due}</th>
                <th scope="col">${m.state}</th>
              </tr>
            </thead>
            <tbody>
              ${last.deadlines.map(
                (clock) =>
                  html`<tr>
                    <td>${clock.label}</td>
                    <td>${beijingTime(clock.startedAt)}</td>
                    <td>${clock.dueAt === null ? '–' : beijingTime(clock.dueAt)}</td>
                    <td>${clockState(m, clock)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
  return layout(context, { title: m.heading(timeline.caseId), main, asOf: null });
};

/** The page for a case the store does not have. */
export const messagePage = (context: PageContext, title: string, text: string): Html => layout(context, { title, main: html`<p>${text}</p>`, asOf: null });
