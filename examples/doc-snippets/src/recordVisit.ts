import { type CaseState, type JurisdictionDirectory, mediationWorkflow } from '@casefold/core';
import { type EventStore, caseCommandHandler, streamStateCache } from '@casefold/engine';

/**
 * A grid worker records a request taken on patrol while offline, dated when it happened
 * (`reportedAt`, at most 72 hours back under the mediation workflow's backdating policy;
 * docs/command-handling.md, "Case commands").
 */
export const recordVisit = async (store: EventStore, directory: JurisdictionDirectory, command: unknown, reportedAt: string) => {
  // #region caseCommandHandler
  const execute = caseCommandHandler({
    store, // any EventStore
    directory, // createDirectory(units) from @casefold/core
    workflow: mediationWorkflow, // optional, the default
    clock: () => new Date().toISOString(), // optional, the default: recordedAt
    cache: streamStateCache<CaseState>({ maxStreams: 10_000 }), // optional
    clockSkewToleranceMs: 300_000, // optional, the default (below)
  });
  const result = await execute(command, {
    actor: { id: 'grid-7', role: 'gridWorker', unit: 'majie' },
    occurredAt: reportedAt, // optional: when the fact happened; default now
    correlationId: 'visit-9', // optional; causationId too
  });
  // #endregion caseCommandHandler
  return result;
};
