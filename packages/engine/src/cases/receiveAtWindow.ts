import * as E from 'fp-ts/lib/Either.js';
import { type AnyCaseEvent, type CaseState, type OneWindow, type Rejection, type WindowRequest, triage } from '@casefold/core';
import type { CommandFailure, CommandResult } from '../commandHandling/handleCommand.js';
import type { ExecuteCaseCommand, ExecuteCaseCommandOptions } from './caseCommandHandler.js';

/** Why a request at the window opened no case: the triage refused it (`caseId` null), or one of its cases was refused. */
export interface ReceiveAtWindowFailure {
  readonly caseId: string | null;
  readonly failure: CommandFailure<Rejection<string>>;
}

/** The cases a request opened, one per kind it was triaged into, in the order of the matter's routes. */
export type ReceiveAtWindowResult = readonly CommandResult<AnyCaseEvent, CaseState>[];

/**
 * Receives a request at the one window (一窗式受理): the first-contact owner (the acting
 * staff member, of the receiving unit: 首问首办) triages it by the window's rules into a case of
 * the right kind, or into several linked cases (`sameRequest` links in each `Submitted`).
 * Every case is decided before any is recorded, so a request that one kind refuses opens none;
 * the cases' command ids come from the request id, so receiving the same request again
 * (after a crash part-way) completes it and records nothing twice. The request id is every
 * event's correlation id.
 *
 * @example
 * const opened = await receiveAtWindow(execute, centreOneWindow, { requestId: 'w-2026-0412', matter: 'labourDisputeNeedingLegalAid', channel: 'visit', ... }, { actor: clerk });
 */
export const receiveAtWindow = async (
  execute: ExecuteCaseCommand,
  window: OneWindow,
  request: WindowRequest,
  options: ExecuteCaseCommandOptions,
): Promise<E.Either<ReceiveAtWindowFailure, ReceiveAtWindowResult>> => {
  const commands = triage(window, request);
  if (E.isLeft(commands)) return E.left({ caseId: null, failure: { kind: 'rejected', rejection: commands.left } });
  const common = { ...options, correlationId: options.correlationId ?? request.requestId };
  for (const command of commands.right) {
    const checked = await execute(command, { ...common, decideOnly: true });
    if (E.isLeft(checked)) return E.left({ caseId: command.caseId, failure: checked.left });
  }
  const opened: CommandResult<AnyCaseEvent, CaseState>[] = [];
  for (const command of commands.right) {
    const result = await execute(command, common);
    if (E.isLeft(result)) return E.left({ caseId: command.caseId, failure: result.left });
    opened.push(result.right);
  }
  return E.right(opened);
};
