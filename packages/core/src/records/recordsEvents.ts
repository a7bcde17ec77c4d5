import * as t from 'io-ts';
import { Actor } from '../events/eventMeta.js';
import { Id, Instant, PositiveInt, Text, WellFormedString } from '../values/values.js';
import { RetentionRule } from './retentionSchedule.js';

/** Metadata of a records event: when and by whom. */
export const RecordsMeta = t.type({ occurredAt: Instant, actor: Actor }, 'RecordsMeta');
export type RecordsMeta = t.TypeOf<typeof RecordsMeta>;

const event = <K extends string, D extends t.Mixed>(type: K, data: D) => t.type({ type: t.literal(type), data, meta: RecordsMeta }, type);

/** A legal hold was placed on a case's files (litigation, an investigation, an audit): nothing of the case may be disposed of while it holds. */
export const LegalHoldPlaced = event('LegalHoldPlaced', t.type({ caseId: Id, holdId: Id, reason: Text, basis: WellFormedString }));
/** A legal hold was lifted. */
export const LegalHoldLifted = event('LegalHoldLifted', t.type({ caseId: Id, holdId: Id, reason: Text }));
/**
 * A closed case's retention period ended, no hold protected it, and its disposition was
 * approved (档案法 Arts 13–14: destruction by procedure, never silently): the inventory
 * names what the disposition covers — the case stream's events (kept, hashed, with their
 * personal data sealed) and the data subjects whose personal data is to be shredded.
 */
export const CaseDisposed = event(
  'CaseDisposed',
  t.type({
    caseId: Id,
    kind: Id,
    retention: RetentionRule,
    closedAt: Instant,
    expiredAt: Instant,
    inventory: t.type({ events: PositiveInt, lastRevision: t.number, subjects: t.readonlyArray(Id) }),
  }),
);

/** The codecs of the records events, by type (the engine's event codec reads them). */
export const recordsEventCodecs = { LegalHoldPlaced, LegalHoldLifted, CaseDisposed } as const;

export type RecordsEvent = t.TypeOf<typeof LegalHoldPlaced> | t.TypeOf<typeof LegalHoldLifted> | t.TypeOf<typeof CaseDisposed>;
