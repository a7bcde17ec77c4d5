import { type CaseState, type JurisdictionDirectory, mediationWorkflow } from '@casefold/core';
import { type EventStore, caseCommandHandler, streamStateCache } from '@casefold/engine';

/** A clerk records a visitor's request, dated when it happened (docs/command-handling.md, "Case commands"). */
export const recordVisit = async (store: EventStore, directory: JurisdictionDirectory, command: unknown) => {
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
    actor: { id: 'clerk-7', role: 'intakeClerk', unit: 'majie' },
    occurredAt: '2026-05-05T01:00:00.000Z', // optional: when the fact happened; default now
    correlationId: 'visit-9', // optional; causationId too
  });
  // #endregion caseCommandHandler
  return result;
};
