import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AnyCaseEvent,
  type Envelope,
  caseBoardProjection,
  caseScopesProjection,
  caseSight,
  casesOnBoard,
  deadlineReport,
  deadlinesProjection,
  scopeCaseBoard,
  scopeDeadlines,
  scopeStatistics,
  statisticsProjection,
  statisticsReport,
} from '@casefold/core';
import { type SqliteStore, openSqliteStore } from '@casefold/sqlite';
import { applyEnvelopes, caseEventCodec, chinaCalendar, envelopeOf } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { bearerTokenAuthenticator } from '../src/authenticate.js';
import { XISHAN_UNITS, tenantDirectory } from '../src/directory.js';
import { type Tenant, startTenant } from '../src/tenant.js';
import { type Answer, review, submit, token, tokens } from './support/service.js';

const calendar = chinaCalendar();
/** Who reads: a city dispatcher sees every Xishan case; a clerk sees their sub-district's. */
const readers = {
  city: () => token('city-1', { tenant: 'xishan', assignments: [{ role: 'dispatcher', unit: 'kunming' }] }),
  majieClerk: () => token('clerk-1', { tenant: 'xishan', assignments: [{ role: 'intakeClerk', unit: 'majie' }] }),
  jinbiClerk: () => token('clerk-9', { tenant: 'xishan', assignments: [{ role: 'intakeClerk', unit: 'jinbi' }] }),
};
const dispatcher = () => token('dispatcher-1', { tenant: 'xishan', assignments: [{ role: 'dispatcher', unit: 'majie' }] });
/** The same JSON the service sends (bigints as strings). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));

describe('the HTTP service reads the row read models', () => {
  const fileName = join(mkdtempSync(join(tmpdir(), 'casefold-http-rows-')), 'rows.db');
  let store: SqliteStore;
  let tenant: Tenant;
  let app: ReturnType<typeof createApp>;
  let last = 0;
  const call = async (method: 'GET' | 'POST', path: string, body: unknown, as: string): Promise<Answer> => {
    const response = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const command = async (body: unknown, as: string): Promise<void> => {
    const done = await call('POST', '/commands', { command: body }, as);
    expect(done.status).toBe(201);
    last = Number(done.body['position']);
  };
  const ids = (answer: Answer): string[] => (answer.body['cases'] as Answer['body'][]).map((c) => c['caseId'] as string);
  /** Every page of a board listing, following `next` with `cursor=`. */
  const pages = async (query: string, as: string): Promise<Answer[]> => {
    const got: Answer[] = [];
    for (let cursor: string | null = null; ;) {
      const page = await call('GET', `/board?${query}&after=${last}${cursor === null ? '' : `&cursor=${cursor}`}`, undefined, as);
      expect(page.status).toBe(200);
      got.push(page);
      cursor = page.body['next'] as string | null;
      if (cursor === null) return got;
      expect(got.length).toBeLessThan(20);
    }
  };

  beforeAll(async () => {
    store = await openSqliteStore({ fileName });
    tenant = await startTenant({ shared: store, tenant: { tenantId: 'xishan', units: XISHAN_UNITS } });
    app = createApp({ authenticate: bearerTokenAuthenticator(tokens), tenants: new Map([['xishan', tenant]]), calendar });
    const [majie, jinbi] = [await readers.majieClerk(), await readers.jinbiClerk()];
    // Five cases at Majie, two at Jinbi; R-1 goes to the labour bureau, J-1 is accepted.
    for (const caseId of ['R-1', 'R-2', 'R-3', 'R-4', 'R-5']) await command(submit(caseId), majie);
    for (const caseId of ['J-1', 'J-2']) await command(submit(caseId, { receivingUnit: 'jinbi', area: 'jinbi' }), jinbi);
    await command(review('R-1'), majie);
    await command({ type: 'Dispatch', commandId: 'R-1-dispatch', caseId: 'R-1', to: 'xishan-labour', reason: null }, await dispatcher());
    await command(review('J-1'), jinbi);
  });
  afterAll(async () => {
    await tenant.close();
    await store.close();
  });

  it('pages through the board with the cursor: every case once, in order, for a caller who sees all and for one who sees some', async () => {
    const everyCase = ['R-1', 'R-2', 'R-3', 'R-4', 'R-5', 'J-1', 'J-2'];
    for (const [as, seen] of [
      [await readers.city(), everyCase],
      [await readers.majieClerk(), everyCase.filter((id) => id.startsWith('R-'))],
    ] as const) {
      const got = await pages('limit=2', as);
      expect(got.map((page) => ids(page).length)).toEqual([2, 2, 2, 2, 2, 2, 2, 2].slice(0, Math.floor(seen.length / 2)).concat(seen.length % 2 === 1 ? [1] : [0]));
      expect(got.flatMap(ids)).toEqual(seen);
      for (const page of got) expect(page.body['total']).toBe(seen.length);
      // A cursor names only a case of the caller's page.
      for (const page of got) if (page.body['next'] !== null) expect(Buffer.from(page.body['next'] as string, 'base64url').toString()).toContain(ids(page).at(-1));
      // One page of all: the same order.
      expect(ids(await call('GET', `/board?limit=500&after=${last}`, undefined, as))).toEqual(seen);
    }
    const pending = await pages('status=pending&limit=1', await readers.city());
    expect(pending.flatMap(ids)).toEqual(['R-1', 'J-1']);
  });

  it("refuses a cursor that is not a page's next, a limit out of range and a status that is none, with 400", async () => {
    const as = await readers.city();
    for (const query of ['cursor=not-a-cursor', `cursor=${Buffer.from('[1,2,3]').toString('base64url')}`, 'limit=0', 'limit=501', 'limit=ten', 'status=closed'])
      expect(await call('GET', `/board?${query}`, undefined, as)).toMatchObject({ status: 400, body: { error: { code: 'BadQuery' } } });
    expect(await call('GET', '/statistics?unit=nowhere', undefined, as)).toMatchObject({ status: 400, body: { error: { code: 'BadQuery', message: expect.stringContaining('nowhere') } } });
    expect(await call('GET', '/deadlines?unit=nowhere', undefined, as)).toMatchObject({ status: 400, body: { error: { code: 'BadQuery', message: expect.stringContaining('nowhere') } } });
  });

  it("filters by a unit's subtree on the board, the deadlines and the statistics, within the caller's sight", async () => {
    const city = await readers.city();
    const board = async (query: string, as = city) => call('GET', `/board?${query}&after=${last}`, undefined, as);
    expect(ids(await board('unit=xishan'))).toEqual(['R-1', 'R-2', 'R-3', 'R-4', 'R-5', 'J-1', 'J-2']);
    expect(ids(await board('unit=majie'))).toEqual(['R-2', 'R-3', 'R-4', 'R-5']);
    expect(ids(await board('unit=xishan-labour'))).toEqual(['R-1']);
    expect(await board('unit=jinbi&status=pending')).toMatchObject({ body: { total: 1, cases: [{ caseId: 'J-1' }] } });
    expect(await board('unit=jinbi', await readers.majieClerk())).toMatchObject({ body: { total: 0, cases: [], next: null } });
    const stats = (query: string, as = city) => call('GET', `/statistics?${query}`, undefined, as);
    expect((await stats('unit=jinbi')).body['intake']).toMatchObject({ total: 2 });
    expect((await stats('unit=majie')).body['intake']).toMatchObject({ total: 4 });
    expect((await stats('unit=jinbi', await readers.majieClerk())).body['intake']).toMatchObject({ total: 0 });
    const deadlines = (query: string, as = city) => call('GET', `/deadlines?asOf=2099-01-01T00:00:00Z&${query}`, undefined, as);
    expect((await deadlines('unit=jinbi')).body['openCases']).toBe(2);
    expect((await deadlines('unit=xishan-labour')).body['openCases']).toBe(1);
    expect((await deadlines('unit=jinbi', await readers.jinbiClerk())).body['openCases']).toBe(2);
    expect((await deadlines('unit=majie', await readers.jinbiClerk())).body['openCases']).toBe(0);
  });

  it("answers the figures the core's document projections and scope functions give over the same events, for each caller", async () => {
    const { decode } = caseEventCodec();
    const envelopes: Envelope<AnyCaseEvent>[] = [];
    for await (const recorded of tenant.events.readAll())
      envelopes.push(
        envelopeOf(
          recorded,
          E.getOrElseW((error: Error) => {
            throw error;
          })(decode(recorded)),
        ),
      );
    const [board, deadlines, statistics, scopes] = [caseBoardProjection, deadlinesProjection, statisticsProjection, caseScopesProjection].map((projection) =>
      applyEnvelopes(projection as never, projection.initialState, envelopes),
    ) as [typeof caseBoardProjection.initialState, typeof deadlinesProjection.initialState, typeof statisticsProjection.initialState, typeof caseScopesProjection.initialState];
    const authenticate = bearerTokenAuthenticator(tokens);
    for (const reader of Object.values(readers)) {
      const as = await reader();
      const caller = await authenticate(`Bearer ${as}`);
      if (E.isLeft(caller)) throw new Error(caller.left);
      const sight = caseSight(caller.right.principal, tenant.authorization, scopes);
      const scopedBoard = scopeCaseBoard(board, sight);
      const answered = await call('GET', `/board?limit=500&after=${last}`, undefined, as);
      expect(answered.body['counts']).toEqual(asJson(scopedBoard.counts));
      expect(answered.body['cases']).toEqual(asJson(casesOnBoard(scopedBoard, {})));
      expect((await call('GET', '/board?status=unreviewed&limit=500', undefined, as)).body['cases']).toEqual(asJson(casesOnBoard(scopedBoard, { status: 'unreviewed' })));
      for (const asOf of ['2099-01-01T00:00:00Z', new Date().toISOString()])
        expect((await call('GET', `/deadlines?asOf=${asOf}`, undefined, as)).body).toEqual(asJson(deadlineReport(scopeDeadlines(deadlines, sight), asOf, calendar)));
      for (const options of [{}, { unit: 'jinbi' }, { unit: 'majie', from: '2000-01-01' }, { to: '2000-01-01' }] as const) {
        const query = new URLSearchParams(options).toString();
        const expected = statisticsReport(scopeStatistics(statistics, sight), calendar, { ...options, ...('unit' in options ? { directory: tenantDirectory('xishan', XISHAN_UNITS) } : {}) });
        expect((await call('GET', `/statistics?${query}`, undefined, as)).body).toEqual(asJson(expected));
      }
    }
  });
});
