// #region handleCommand
import { randomUUID } from 'node:crypto';
import { type CaseState, type DecisionContext, mediationWorkflow } from '@casefold/core';
import { type EventStore, caseDecider, caseEventCodec, caseStreamId, handleCommand, streamStateCache } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';

const cache = streamStateCache<CaseState>({ maxStreams: 10_000 });
const codec = caseEventCodec({ workflows: [mediationWorkflow] }); // the workflows whose events the streams hold

/** Runs one case command through `handleCommand` and says, in one line, what came of it. */
export const submitCase = async (store: EventStore, command: { readonly caseId: string; readonly commandId: string }, context: DecisionContext): Promise<string> => {
  const result = await handleCommand(
    { store, decider: caseDecider, codec, newEventId: randomUUID, clock: () => new Date().toISOString(), cache },
    { streamId: caseStreamId(command.caseId), commandId: command.commandId, command, context },
  );
  if (E.isLeft(result)) {
    switch (result.left.kind) {
      case 'rejected':
        return `refused: ${result.left.rejection.code}`; // the decider's typed Rejection
      case 'conflict':
      case 'unavailable':
        return 'busy: try again later'; // attempts exhausted
      case 'undecodable_event':
        return `damaged stream: ${result.left.error.message}`; // EventDecodeError
      case 'personal_data_refused':
        return `refused: personal data ${result.left.error.reason}`; // e.g. of a forgotten subject (protectPersonalData)
      case 'store_closed':
      case 'invalid_append':
        throw result.left.error;
    }
  }
  const { events, lastPosition, replayed } = result.right;
  return `${replayed ? 'already recorded' : 'recorded'}: ${events.map((e) => e.type).join(', ')} up to position ${lastPosition}`;
};
// #endregion handleCommand
