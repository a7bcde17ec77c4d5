import * as t from 'io-ts';
import { Id, Text, WellFormedString } from '../values/values.js';

// Each command carries its id, as case commands do: a command sent again with the same id records nothing twice.

/** Place a legal hold on a case's files, with the reason and its legal basis. */
export const PlaceLegalHold = t.type({ type: t.literal('PlaceLegalHold'), commandId: Id, caseId: Id, holdId: Id, reason: Text, basis: WellFormedString }, 'PlaceLegalHold');
/** Lift a legal hold placed earlier. */
export const LiftLegalHold = t.type({ type: t.literal('LiftLegalHold'), commandId: Id, caseId: Id, holdId: Id, reason: Text }, 'LiftLegalHold');
/** Dispose of a closed case whose retention period ended and which no hold protects. */
export const Dispose = t.type({ type: t.literal('Dispose'), commandId: Id, caseId: Id }, 'Dispose');

/** The codecs of the records-management commands, by type. */
export const recordsCommandCodecs = { PlaceLegalHold, LiftLegalHold, Dispose } as const;

/** A records-management command. */
export type RecordsCommand = t.TypeOf<(typeof recordsCommandCodecs)[keyof typeof recordsCommandCodecs]>;
