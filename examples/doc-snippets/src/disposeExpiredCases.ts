import { type Actor, caseRetentionRows, shippedRetentionSchedule, subjectCaseRows } from '@casefold/core';
import { type EventStore, type KeyManagement, type RowProjectionStore, type SubjectKeystore, disposeExpired, protectPersonalData, recordsCommandHandler, startRowProjection } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';

/**
 * The archive's yearly run (docs/retention.md): dispose of every closed case whose retention
 * period ended and that no hold protects, and shred the personal data no other case keeps.
 */
export const disposeExpiredCases = async (events: EventStore, rowStore: RowProjectionStore, keystore: SubjectKeystore, kms: KeyManagement, archivist: Actor) => {
  // #region disposeExpired
  const store = protectPersonalData(events, { keystore, kms }); // the store commands write through
  const records = recordsCommandHandler({ store, schedule: shippedRetentionSchedule });
  const undecoded = { store: events, rowStore, decode: E.right }; // both read models read events as stored
  const retention = await startRowProjection({ ...undecoded, projection: caseRetentionRows });
  const subjects = await startRowProjection({ ...undecoded, projection: subjectCaseRows });
  await Promise.all([retention.waitFor(await events.readLastPosition()), subjects.waitFor(await events.readLastPosition())]);

  const result = await disposeExpired({ records, store, schedule: shippedRetentionSchedule, actor: archivist, retention, subjects }); // as of now
  // result.disposed: [{ caseId, forgotten: [subject ids shredded], keptByOtherCases: [...] }]
  // result.refused:  [{ caseId, rejection: { code: 'LegalHoldActive', … } }]
  // #endregion disposeExpired
  await Promise.all([retention.stop(), subjects.stop()]);
  return result;
};
