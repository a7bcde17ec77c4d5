import { type Calendar, caseTimelineProjection, casesOnBoard, deadlineReport, isReportInputError, statisticsReport, timelineOf } from '@casefold/core';
import { type EventStore, type ExecuteCaseCommand, caseEventCodec, caseStreamId, isProjectionWaitTimeoutError, projectStream } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { Hono } from 'hono';
import type { ReadModels } from './readModels.js';

/** What the HTTP app needs: the command path, the event store, the read models and the calendar. */
export interface AppOptions {
  readonly execute: ExecuteCaseCommand;
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly calendar: Calendar;
  /** How long a read waits for `?after=POSITION` to be projected. Default 5,000 ms. */
  readonly readYourWritesTimeoutMs?: number;
}

const POSITION = /^\d+$/;

/** JSON with bigints as decimal strings. */
const json = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * The HTTP API:
 * - `POST /commands` `{ command, actor }` → 201 with the events and their position; 422 with
 *   the decider's rejection (code and message); 400 for a body that is not JSON.
 * - `GET /cases/:caseId` → the case's timeline (404 for an unknown case).
 * - `GET /board?status=&unit=&after=` → case-board counts and the matching cases.
 * - `GET /deadlines?asOf=&after=` → deadlines of open cases as of an instant (default now).
 * - `GET /statistics?from=&to=&after=` → the published figures for a period.
 *
 * `after=POSITION` (a command's `position`) makes a read wait until the read models include
 * that command: read-your-writes.
 */
export const createApp = (options: AppOptions): Hono => {
  const app = new Hono();
  const timeoutMs = options.readYourWritesTimeoutMs ?? 5_000;
  const respond = (status: 200 | 201 | 400 | 404 | 422 | 503 | 504, body: unknown): Response => new Response(json(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  const problem = (status: 400 | 404 | 422 | 503 | 504, code: string, message: string): Response => respond(status, { error: { code, message } });

  /** Waits for `?after=` when given; returns a response only if the wait failed. */
  const caughtUp = async (after: string | undefined): Promise<Response | null> => {
    if (after === undefined) return null;
    if (!POSITION.test(after)) return problem(400, 'BadQuery', `after must be a position (a whole number), got "${after}"`);
    try {
      await options.readModels.waitFor(BigInt(after), timeoutMs);
      return null;
    } catch (error) {
      if (isProjectionWaitTimeoutError(error)) return problem(504, 'NotYetProjected', `The read models have not reached position ${after} within ${timeoutMs} ms; retry.`);
      throw error;
    }
  };

  app.post('/commands', async (c) => {
    let body: { command?: unknown; actor?: { id: string; role: string; unit: string } };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return problem(400, 'BadJson', 'The body must be JSON: { "command": { … }, "actor": { "id", "role", "unit" } }.');
    }
    if (typeof body.actor !== 'object' || body.actor === null) return problem(400, 'BadRequest', 'Give the acting person as "actor": { "id", "role", "unit" }.');
    const result = await options.execute(body.command, { actor: body.actor });
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
    const folded = await projectStream(options.store, caseStreamId(caseId), caseTimelineProjection, caseEventCodec());
    if (E.isLeft(folded)) return problem(503, 'UnreadableEvent', folded.left.message);
    const timeline = timelineOf(folded.right, caseId, options.calendar);
    return timeline === null ? problem(404, 'CaseNotFound', `There is no case "${caseId}".`) : respond(200, timeline);
  });

  app.get('/board', async (c) => {
    const waited = await caughtUp(c.req.query('after'));
    if (waited !== null) return waited;
    const board = options.readModels.board();
    const status = c.req.query('status');
    const unit = c.req.query('unit');
    const filter = { ...(status === undefined ? {} : { status: status as never }), ...(unit === undefined ? {} : { unit }) };
    return respond(200, { counts: board.counts, cases: casesOnBoard(board, filter) });
  });

  app.get('/deadlines', async (c) => {
    const waited = await caughtUp(c.req.query('after'));
    if (waited !== null) return waited;
    try {
      const report = deadlineReport(options.readModels.deadlines(), c.req.query('asOf') ?? new Date().toISOString(), options.calendar);
      return respond(200, report);
    } catch (error) {
      if (isReportInputError(error)) return problem(400, 'BadQuery', error.message);
      throw error;
    }
  });

  app.get('/statistics', async (c) => {
    const waited = await caughtUp(c.req.query('after'));
    if (waited !== null) return waited;
    const from = c.req.query('from');
    const to = c.req.query('to');
    try {
      return respond(200, statisticsReport(options.readModels.statistics(), options.calendar, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }));
    } catch (error) {
      if (isReportInputError(error)) return problem(400, 'BadQuery', error.message);
      throw error;
    }
  });

  return app;
};
