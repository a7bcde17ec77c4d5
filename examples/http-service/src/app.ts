import { type Calendar, type Principal, caseScopeIn, caseScopesProjection, caseSight, caseTimelineProjection, isReportInputError, scopeCaseTimelines, timelineOf } from '@casefold/core';
import { caseEventCodec, caseStreamId, isProjectionWaitTimeoutError, projectStream } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { Hono } from 'hono';
import type { Authenticate } from './authenticate.js';
import { readBoard } from './reads/boardRead.js';
import { boardRequestOf } from './reads/boardRequest.js';
import { readDeadlines } from './reads/deadlinesRead.js';
import { readStatistics } from './reads/statisticsRead.js';
import type { Tenant } from './tenant.js';

/** What the HTTP app needs: who is calling, the tenants it serves (each with its policies, command path, events and read models) and the calendar. */
export interface AppOptions {
  /** Turns a request's `Authorization` header into the caller (tenant and principal), or refuses it (401). */
  readonly authenticate: Authenticate;
  /** The tenants the service serves, by tenant id: a caller's requests are served from their tenant's alone. */
  readonly tenants: ReadonlyMap<string, Tenant>;
  readonly calendar: Calendar;
  /** How long a read waits for `?after=POSITION` to be projected. Default 5,000 ms. */
  readonly readYourWritesTimeoutMs?: number;
}

const POSITION = /^\d+$/;

/** What the authentication middleware hands to every route: the caller, and their tenant's part of the service. */
type Env = { Variables: { principal: Principal; tenant: Tenant } };

/**
 * Why a verified token's tenant is refused: 403, not 401 — the caller is authenticated, and a
 * new token from the same identity provider would name the same tenant; this service does not
 * serve it. Said before anything about a case is looked at, alike for every route.
 */
const notServed = (tenantId: string): string =>
  `This service does not serve the token's tenant ${JSON.stringify(tenantId.slice(0, 40))}; call your own district's service, or get a token for a tenant served here.`;

/** JSON with bigints as decimal strings. */
const json = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * The HTTP API. Every request carries `Authorization: Bearer <token>` (401 without a valid
 * one, or with one that names no tenant); who acts and reads is the token's principal, never
 * a field of the body, and every request is served from the token's tenant's handler, events
 * and read models, never from a tenant named in the body or URL (403 for a tenant the service
 * does not serve).
 * - `POST /commands` `{ command }` → 201 with the events and their position; 422 with
 *   the rejection (code and message; a case the caller may not see is `CaseNotFound`, as a
 *   missing one); 400 for a body that is not JSON or that names an actor or a tenant.
 * - `GET /cases/:caseId` → the case's timeline, lines withheld without sight of the summary
 *   (404 for an unknown case and for one the caller may not see, alike).
 * - `GET /board?status=&unit=&kind=&stage=&limit=&cursor=&after=` → the board's counts, the
 *   listing's total and one page of it (`limit` cases, default 50, at most 500), with `next`, to
 *   hand back as `cursor=` for the page after (`null` after the last); `unit` selects its subtree.
 * - `GET /deadlines?unit=&asOf=&after=` → deadlines of open cases (of a unit's subtree) as of an
 *   instant (default now).
 * - `GET /statistics?from=&to=&unit=&kind=&after=` → the published figures for a period (of a
 *   unit's subtree, a kind).
 * The reads come from the tenant's row read models (see `src/reads`), and hold only the cases the
 * caller's policy lets them see, counted alone.
 *
 * `after=POSITION` (a command's `position`) makes a read wait until the read models include
 * that command: read-your-writes. Positions are the shared store's: a tenant's read models
 * pass only its own events' positions, so wait for a position of the tenant's own commands.
 */
export const createApp = (options: AppOptions): Hono<Env> => {
  const app = new Hono<Env>();
  const timeoutMs = options.readYourWritesTimeoutMs ?? 5_000;
  const respond = (status: 200 | 201 | 400 | 401 | 403 | 404 | 422 | 503 | 504, body: unknown): Response =>
    new Response(json(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  const problem = (status: 400 | 401 | 403 | 404 | 422 | 503 | 504, code: string, message: string): Response => respond(status, { error: { code, message } });
  /** What the caller sees, by case and part, over their tenant's case scopes read model. */
  const sightOf = (principal: Principal, tenant: Tenant) => caseSight(principal, tenant.authorization, tenant.readModels.caseScopes());

  // #region caller
  app.use('*', async (c, next) => {
    const authenticated = await options.authenticate(c.req.header('authorization'));
    if (E.isLeft(authenticated)) return problem(401, 'Unauthenticated', authenticated.left);
    const { tenantId, principal } = authenticated.right;
    const tenant = options.tenants.get(tenantId);
    if (tenant === undefined) return problem(403, 'TenantNotServed', notServed(tenantId));
    c.set('principal', principal);
    c.set('tenant', tenant);
    await next();
    return undefined;
  });
  // #endregion caller

  /** Waits for `?after=` when given, on the tenant's read models; returns a response only if the wait failed. */
  const caughtUp = async (tenant: Tenant, after: string | undefined): Promise<Response | null> => {
    if (after === undefined) return null;
    if (!POSITION.test(after)) return problem(400, 'BadQuery', `after must be a position (a whole number), got "${after}"`);
    try {
      await tenant.readModels.waitFor(BigInt(after), timeoutMs);
      return null;
    } catch (error) {
      if (isProjectionWaitTimeoutError(error))
        return problem(504, 'NotYetProjected', `The read models have not reached position ${after} within ${timeoutMs} ms; retry (with the position of one of your own commands).`);
      throw error;
    }
  };

  app.post('/commands', async (c) => {
    let body: { command?: unknown; actor?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return problem(400, 'BadJson', 'The body must be JSON: { "command": { … } }.');
    }
    if (typeof body !== 'object' || body === null || 'actor' in body || 'tenant' in body)
      return problem(400, 'BadRequest', 'Send { "command": { … } } only: who acts, and in which tenant, is said by your token, never by a field of the body.');
    const result = await c.get('tenant').execute(body.command, { principal: c.get('principal') });
    if (E.isLeft(result)) {
      const failure = result.left;
      return failure.kind === 'rejected' ? problem(422, failure.rejection.code, failure.rejection.message) : problem(503, failure.kind, failure.error.message);
    }
    const done = result.right;
    return respond(201, {
      streamId: done.streamId,
      replayed: done.replayed,
      position: done.lastPosition,
      events: done.recorded.map((e) => ({ type: e.type, revision: e.revision, position: e.position })),
    });
  });

  app.get('/cases/:caseId', async (c) => {
    const caseId = c.req.param('caseId');
    const tenant = c.get('tenant');
    // Read from the tenant's stream itself, fresh: the case's scope and its timeline.
    const [scopes, folded] = await Promise.all([
      projectStream(tenant.events, caseStreamId(caseId), caseScopesProjection, caseEventCodec()),
      projectStream(tenant.events, caseStreamId(caseId), caseTimelineProjection, caseEventCodec()),
    ]);
    if (E.isLeft(scopes)) return problem(503, 'UnreadableEvent', scopes.left.message);
    if (E.isLeft(folded)) return problem(503, 'UnreadableEvent', folded.left.message);
    const sight = caseSight(c.get('principal'), tenant.authorization, scopes.right);
    const timeline = caseScopeIn(scopes.right, caseId) === undefined ? null : timelineOf(scopeCaseTimelines(folded.right, sight), caseId, options.calendar);
    return timeline === null ? problem(404, 'CaseNotFound', `There is no case "${caseId}".`) : respond(200, timeline);
  });

  /** Runs a read, answering a `ReportInputError` (a bad period, instant or unit) with 400. */
  const report = async (read: () => Promise<unknown>): Promise<Response> => {
    try {
      return respond(200, await read());
    } catch (error) {
      if (isReportInputError(error)) return problem(400, 'BadQuery', error.message);
      throw error;
    }
  };

  app.get('/board', async (c) => {
    const tenant = c.get('tenant');
    const waited = await caughtUp(tenant, c.req.query('after'));
    if (waited !== null) return waited;
    const request = boardRequestOf((name) => c.req.query(name));
    if (E.isLeft(request)) return problem(400, 'BadQuery', request.left);
    return respond(200, await readBoard(tenant.readModels, tenant.directory, sightOf(c.get('principal'), tenant), request.right));
  });

  app.get('/deadlines', async (c) => {
    const tenant = c.get('tenant');
    const waited = await caughtUp(tenant, c.req.query('after'));
    if (waited !== null) return waited;
    const unit = c.req.query('unit');
    return report(() =>
      readDeadlines(tenant.readModels, tenant.directory, options.calendar, sightOf(c.get('principal'), tenant), {
        asOf: c.req.query('asOf') ?? new Date().toISOString(),
        ...(unit === undefined ? {} : { unit }),
      }),
    );
  });

  app.get('/statistics', async (c) => {
    const tenant = c.get('tenant');
    const waited = await caughtUp(tenant, c.req.query('after'));
    if (waited !== null) return waited;
    const [from, to, unit, kind] = ['from', 'to', 'unit', 'kind'].map((name) => c.req.query(name));
    return report(() =>
      readStatistics(tenant.readModels, options.calendar, sightOf(c.get('principal'), tenant), {
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(unit === undefined ? {} : { unit, directory: tenant.directory }),
        ...(kind === undefined ? {} : { workflow: kind }),
      }),
    );
  });

  return app;
};
