import * as E from 'fp-ts/lib/Either.js';
import type { AnyCaseEvent, CaseCommandOf, CaseState, Rejection } from '@casefold/core';
import type { CommandFailure, CommandResult } from '../commandHandling/handleCommand.js';
import type { ExecuteCaseCommand, ExecuteCaseCommandOptions } from './caseCommandHandler.js';

/** The new case of a conversion: a `Submit` without its type, command id and links; `kind` names its workflow. */
export type ConvertedCaseSubmission = Omit<CaseCommandOf<'Submit'>, 'type' | 'commandId' | 'links' | 'kind'> & { readonly kind: string };

/** One conversion of a case into a case of another kind. */
export interface CaseConversion {
  /**
   * Makes the conversion idempotent: its two commands' ids are derived from it, so running
   * the same conversion again (after a crash between its two appends) completes it and
   * records nothing twice.
   */
  readonly conversionId: string;
  /** The case converted: it records `CaseLinked` (`convertedTo`) and goes to the stage its workflow says. */
  readonly fromCaseId: string;
  /** The case it becomes: its `Submitted` records the link back (`convertedFrom`). */
  readonly to: ConvertedCaseSubmission;
  readonly note: string | null;
}

/** Both sides of a conversion, as recorded (or found recorded from an earlier run). */
export interface ConvertCaseResult {
  readonly from: CommandResult<AnyCaseEvent, CaseState>;
  readonly to: CommandResult<AnyCaseEvent, CaseState>;
}

/** Which side refused or failed (nothing was recorded on either side when `side` is the first check). */
export interface ConvertCaseFailure {
  readonly side: 'from' | 'to';
  readonly failure: CommandFailure<Rejection<string>>;
}

/** The command ids of a conversion's two commands. */
export const conversionCommandIds = (conversionId: string) => ({ link: `${conversionId}/convertedTo`, submit: `${conversionId}/convertedFrom` }) as const;

/**
 * Converts a case into a case of another kind, by event and never by copying (访调对接: a
 * grid event or a petition that is a civil dispute goes to mediation): the case converted
 * records `CaseLinked` (`convertedTo`), the new case's `Submitted` records the link back
 * (`convertedFrom`), and each keeps its own history.
 *
 * Both commands are first decided without recording; only if both would be accepted is the
 * link recorded and then the new case submitted, so a refusal (the old case's stage does not
 * allow conversion, the new case's data is wrong) records nothing. The two appends are not
 * one transaction (they are two streams): if the process stops between them, running the
 * same conversion again completes it (both commands are idempotent by their ids).
 *
 * @example
 * const converted = await convertCase(execute, {
 *   conversionId: 'conv-7', fromCaseId: 'grid-41', note: 'a neighbours’ dispute: to the mediation desk',
 *   to: { kind: 'mediation', caseId: 'med-90', channel: 'referral', category: 'neighbour', summary: '…', receivingUnit: 'majie', area: 'majie-north', claimedAmountFen: null, parties },
 * }, { actor });
 */
export const convertCase = async (execute: ExecuteCaseCommand, conversion: CaseConversion, options: ExecuteCaseCommandOptions): Promise<E.Either<ConvertCaseFailure, ConvertCaseResult>> => {
  const ids = conversionCommandIds(conversion.conversionId);
  const link = { type: 'LinkCase', commandId: ids.link, caseId: conversion.fromCaseId, linkedCaseId: conversion.to.caseId, kind: conversion.to.kind, relation: 'convertedTo', note: conversion.note };
  const common = { ...options, correlationId: options.correlationId ?? conversion.conversionId };
  const linkChecked = await execute(link, { ...common, decideOnly: true });
  if (E.isLeft(linkChecked)) return E.left({ side: 'from', failure: linkChecked.left });
  const fromKind = linkChecked.right.state.workflow?.id ?? '';
  const submit = { ...conversion.to, type: 'Submit', commandId: ids.submit, links: [{ caseId: conversion.fromCaseId, kind: fromKind, relation: 'convertedFrom' }] };
  const submitChecked = await execute(submit, { ...common, decideOnly: true, causationId: ids.link });
  if (E.isLeft(submitChecked)) return E.left({ side: 'to', failure: submitChecked.left });
  const from = await execute(link, common);
  if (E.isLeft(from)) return E.left({ side: 'from', failure: from.left });
  const to = await execute(submit, { ...common, causationId: ids.link });
  if (E.isLeft(to)) return E.left({ side: 'to', failure: to.left });
  return E.right({ from: from.right, to: to.right });
};
