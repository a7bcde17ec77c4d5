import * as E from 'fp-ts/lib/Either.js';
import {
  type AnyCaseEvent,
  type CaseBoardCounts,
  type Envelope,
  type JurisdictionDirectory,
  type Principal,
  type Projection,
  caseBoardProjection,
  caseScopesProjection,
  caseSight,
  casesOnBoard,
  createAuthorization,
  createDirectory,
  deadlineReport,
  deadlinesProjection,
  escalationPathsProjection,
  escalationReport,
  scopeCaseBoard,
  scopeDeadlines,
  scopeEscalationPaths,
  scopeStatistics,
  shippedAuthorizationPolicies,
  shippedWorkflows,
  statisticsProjection,
  statisticsReport,
} from '@casefold/core';
import { applyEnvelopes, caseEventCodec, caseIdOfStream, chinaCalendar, envelopeOf } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';

/** What one principal sees of a store, computed without the CLI or the dashboard. */
export interface ScopedFigures {
  readonly directory: JurisdictionDirectory;
  /** In the shape of `casefold dashboards --json`'s `dashboards`: the figures the pages mark. */
  readonly dashboards: Readonly<Record<string, unknown>>;
  /** The whole store's board counts, to show the principal's are fewer. */
  readonly wholeBoard: CaseBoardCounts;
  /** Case ids the principal sees, and those they do not. */
  readonly seen: readonly string[];
  readonly hidden: readonly string[];
}

/**
 * The dashboards' figures of the cases `principal` sees under the shipped policies: every event
 * of the SQLite store folded into the core's projections, scoped with the core's `caseSight` and
 * scoped reads, reported with the core's queries, deadlines judged at the store's latest event
 * (as the dashboard judges them). Independent of the CLI's read model and of the dashboard.
 */
export const scopedFigures = async (db: string, principal: Principal): Promise<ScopedFigures> => {
  const store = await openSqliteStore({ fileName: db });
  const envelopes: Envelope<AnyCaseEvent>[] = [];
  let directory: ReturnType<typeof createDirectory>;
  try {
    directory = createDirectory((await store.settings.read('directory')) ?? []);
    const codec = caseEventCodec({ workflows: shippedWorkflows });
    for await (const recorded of store.events.readAll()) {
      if (caseIdOfStream(recorded.streamId) === null) continue;
      const event = codec.decode(recorded);
      if (E.isLeft(event)) throw event.left;
      envelopes.push(envelopeOf(recorded, event.right));
    }
  } finally {
    await store.close();
  }
  if (E.isLeft(directory)) throw new Error('the store has no valid directory');
  const authorization = createAuthorization({ policies: shippedAuthorizationPolicies, workflows: shippedWorkflows, directory: directory.right });
  if (E.isLeft(authorization)) throw new Error('the shipped policies do not check');
  const fold = <S>(projection: Projection<S, AnyCaseEvent>): S => applyEnvelopes(projection, projection.initialState, envelopes);
  const board = fold(caseBoardProjection);
  const sight = caseSight(principal, authorization.right, fold(caseScopesProjection));
  const calendar = chinaCalendar();
  const asOf = casesOnBoard(board).reduce((latest, entry) => (entry.lastEventAt > latest ? entry.lastEventAt : latest), new Date(0).toISOString());
  const deadlines = deadlineReport(scopeDeadlines(fold(deadlinesProjection), sight), asOf, calendar);
  const ids = casesOnBoard(board).map((entry) => entry.caseId);
  return {
    directory: directory.right,
    dashboards: {
      caseBoard: scopeCaseBoard(board, sight).counts,
      escalation: escalationReport(scopeEscalationPaths(fold(escalationPathsProjection), sight), directory.right),
      deadlines: { ...deadlines, mostOverdue: deadlines.breached.slice(0, 10) },
      statistics: statisticsReport(scopeStatistics(fold(statisticsProjection), sight), calendar),
    },
    wholeBoard: board.counts,
    seen: ids.filter((id) => sight(id, 'case')),
    hidden: ids.filter((id) => !sight(id, 'case')),
  };
};
