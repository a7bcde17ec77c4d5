import * as E from 'fp-ts/lib/Either.js';
import type { CaseCommandOf } from '../commands/caseCommand.js';
import { type CoreRejection, rejection } from '../decider/rejection.js';
import { Id } from '../values/values.js';
import type { OneWindow } from './oneWindow.js';

/** A request as the first-contact owner receives it at the window, with the matter they judged it to be. */
export type WindowRequest = Omit<CaseCommandOf<'Submit'>, 'type' | 'commandId' | 'caseId' | 'kind' | 'links'> & {
  /** Identifies the request: its cases' ids and command ids are derived from it, so receiving it again records nothing twice. */
  readonly requestId: string;
  /** What the request is, in the window's terms (a key of {@link OneWindow.matters}). */
  readonly matter: string;
};

/** The case id a request's case of one kind gets: `<requestId>-<kind>`. */
export const windowCaseId = (requestId: string, kind: string): string => `${requestId}-${kind}`;

/**
 * The `Submit` commands a request at the window becomes: one per route of its matter, each
 * naming its kind, with the channel as that kind calls it, the route's category (or the
 * request's), and, when there are several, links to the others (`sameRequest`). Pure and
 * total: a request id that is not an id is `MalformedCommand`; an unknown matter, or a channel
 * one of the kinds has no name for, is an `InvalidValue` naming the allowed ones.
 */
export const triage = (window: OneWindow, request: WindowRequest): E.Either<CoreRejection, readonly CaseCommandOf<'Submit'>[]> => {
  // The case and command ids are made from it: a missing or malformed one would name cases "undefined-…".
  if (!Id.is(request.requestId)) {
    const message = 'expected an id: non-empty, no surrounding spaces, at most 200 characters';
    return E.left(rejection('MalformedCommand', `The request is malformed: requestId: ${message}.`, { errors: [{ path: 'requestId', message }] }));
  }
  const routes = Object.hasOwn(window.matters, request.matter) ? window.matters[request.matter] : undefined;
  if (routes === undefined || routes.length === 0) {
    const allowed = Object.keys(window.matters);
    return E.left(rejection('InvalidValue', `matter "${request.matter}" is not one the window triages; use one of: ${allowed.join(', ')}.`, { field: 'matter', value: request.matter, allowed }));
  }
  const names = Object.hasOwn(window.channels, request.channel) ? window.channels[request.channel] : undefined;
  const missing = routes.find((route) => names?.[route.kind] === undefined);
  if (missing !== undefined) {
    const allowed = Object.keys(window.channels).filter((channel) => routes.every((route) => window.channels[channel]?.[route.kind] !== undefined));
    return E.left(
      rejection('InvalidValue', `channel "${request.channel}" has no name for a ${missing.kind} case at this window; a ${request.matter} comes in through: ${allowed.join(', ') || '(none)'}.`, {
        field: 'channel',
        value: request.channel,
        allowed,
      }),
    );
  }
  const { requestId, matter: _matter, ...received } = request;
  const caseIds = routes.map((route) => windowCaseId(requestId, route.kind));
  return E.right(
    routes.map((route, i) => {
      const others = routes.flatMap((other, j) => (j === i ? [] : [{ caseId: caseIds[j] as string, kind: other.kind, relation: 'sameRequest' as const }]));
      return {
        ...received,
        type: 'Submit',
        commandId: `${requestId}/${route.kind}`,
        caseId: caseIds[i] as string,
        kind: route.kind,
        channel: names?.[route.kind] as string,
        category: route.category ?? request.category,
        ...(others.length === 0 ? {} : { links: others }),
      };
    }),
  );
};
