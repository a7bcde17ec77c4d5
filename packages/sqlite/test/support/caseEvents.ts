import { caseEventCodecs } from '@casefold/core';
import { ioTsEventCodec } from '@casefold/engine';
import type { NewEvent } from '@casefold/engine';

/** The engine's codec over core's case events, as an application would use it. */
export const caseCodec = ioTsEventCodec({ events: caseEventCodecs });

let counter = 0;

/** A valid `Reviewed` (accepted) case event, encoded as the command handler would append it. */
export const reviewedEvent = (): NewEvent => {
  counter += 1;
  const encoded = caseCodec.encode({
    type: 'Reviewed',
    data: { decision: 'accepted', note: null },
    meta: {
      occurredAt: '2026-03-02T01:00:00.000Z',
      actor: { id: 'staff-7', role: 'reviewer', unit: 'wuhua-centre' },
      commandId: `review-${counter}`,
      workflow: { id: 'mediation', version: 1 },
      deadlines: { started: [], stopped: [] },
    },
  });
  return {
    eventId: `reviewed-${counter}`,
    type: encoded.type,
    data: encoded.data,
    metadata: {
      ...encoded.metadata,
      commandId: `review-${counter}`,
      recordedAt: '2026-03-02T01:00:01.000Z',
      correlationId: `review-${counter}`,
      causationId: null,
      schemaVersion: encoded.schemaVersion,
    },
  };
};
