import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInvalidTenantError } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import { XISHAN_UNITS } from '../src/directory.js';
import { type Answer, TENANTS, caller, review, submit, token, tokens } from './support/service.js';

/** Staff of each tenant, each at the sub-district receiving its cases. */
const xishanClerk = () => token('clerk-x', { tenant: 'xishan', assignments: [{ role: 'intakeClerk', unit: 'majie' }] });
const guanduClerk = () => token('clerk-g', { tenant: 'guandu', assignments: [{ role: 'intakeClerk', unit: 'guandu-jinma' }] });
/**
 * A city dispatcher: Kunming is above every unit of both tenants' directories, so within a
 * tenant they see all of its cases; the tenant their token names decides which cases those are.
 */
const cityDispatcher = (tenant: string) => token('city-1', { tenant, assignments: [{ role: 'dispatcher', unit: 'kunming' }] });
/** A Guandu case, received at its own sub-district, with an applicant of its own. */
const guanduSubmit = (caseId: string) => submit(caseId, { receivingUnit: 'guandu-jinma', area: 'guandu-jinma-c1', name: '李娜', summary: 'Deposit not returned by the landlord' });

describe('the HTTP service serving two tenants (districts) from one SQLite file', () => {
  const fileName = join(mkdtempSync(join(tmpdir(), 'casefold-http-tenants-')), 'city.db');
  let server: RunningServer;
  const call = caller(() => server.url);
  const start = (): Promise<RunningServer> => startServer({ fileName, tenants: TENANTS, port: 0, hostname: '127.0.0.1', readYourWritesTimeoutMs: 500, tokens });
  /** The positions of the last command of each tenant. */
  const last = { xishan: 0, guandu: 0 };
  const caseIdsOn = (board: Answer) => (board.body['cases'] as Answer['body'][]).map((c) => c['caseId'] as string).sort();

  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes the same case ids in both tenants, and each sees only its own on the board, in the statistics, deadlines and timelines', async () => {
    const xishan = await xishanClerk();
    const guandu = await guanduClerk();
    const x1 = await call('POST', '/commands', { command: submit('T-1') }, xishan);
    const g1 = await call('POST', '/commands', { command: guanduSubmit('T-1') }, guandu);
    const x2 = await call('POST', '/commands', { command: submit('T-2') }, xishan);
    for (const done of [x1, g1, x2]) expect(done.status).toBe(201);
    expect([x1.body['streamId'], g1.body['streamId']]).toEqual(['case-T-1', 'case-T-1']);
    // One store: its positions run across both tenants.
    expect(Number(x1.body['position'])).toBeLessThan(Number(g1.body['position']));
    expect(Number(g1.body['position'])).toBeLessThan(Number(x2.body['position']));
    // A command on Guandu's T-1 changes Guandu's case, not Xishan's.
    const reviewed = await call('POST', '/commands', { command: review('T-1') }, guandu);
    expect(reviewed).toMatchObject({ status: 201, body: { streamId: 'case-T-1', replayed: false, events: [{ type: 'Reviewed', revision: '1' }] } });
    last.xishan = Number(x2.body['position']);
    last.guandu = Number(reviewed.body['position']);

    const xishanBoard = await call('GET', `/board?after=${last.xishan}`, undefined, xishan);
    expect(xishanBoard.body['counts']).toMatchObject({ total: 2, byStatus: { unreviewed: 2 } });
    expect(caseIdsOn(xishanBoard)).toEqual(['T-1', 'T-2']);
    expect(xishanBoard.body['cases']).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: 'T-1', status: 'unreviewed', unit: 'majie' })]));
    const guanduBoard = await call('GET', `/board?after=${last.guandu}`, undefined, guandu);
    expect(guanduBoard.body['counts']).toMatchObject({ total: 1, byStatus: { pending: 1 } });
    expect(guanduBoard.body['cases']).toEqual([expect.objectContaining({ caseId: 'T-1', status: 'pending', unit: 'guandu-jinma' })]);

    expect((await call('GET', `/statistics?after=${last.xishan}`, undefined, xishan)).body).toMatchObject({ intake: { total: 2 }, review: { accepted: 0 } });
    expect((await call('GET', `/statistics?after=${last.guandu}`, undefined, guandu)).body).toMatchObject({ intake: { total: 1 }, review: { accepted: 1 } });

    expect((await call('GET', `/deadlines?asOf=2099-01-01T00:00:00Z&after=${last.xishan}`, undefined, xishan)).body['openCases']).toBe(2);
    expect((await call('GET', `/deadlines?asOf=2099-01-01T00:00:00Z&after=${last.guandu}`, undefined, guandu)).body['openCases']).toBe(1);

    const xishanT1 = await call('GET', '/cases/T-1', undefined, xishan);
    const guanduT1 = await call('GET', '/cases/T-1', undefined, guandu);
    expect((xishanT1.body['items'] as Answer['body'][]).map((i) => i['type'])).toEqual(['Submitted']);
    expect((guanduT1.body['items'] as Answer['body'][]).map((i) => i['type'])).toEqual(['Submitted', 'Reviewed']);
    expect(xishanT1.body['items'][0]).toMatchObject({ actor: { id: 'clerk-x', unit: 'majie' } });
    expect(guanduT1.body['items'][0]).toMatchObject({ actor: { id: 'clerk-g', unit: 'guandu-jinma' } });
    expect(JSON.stringify(xishanT1.body)).not.toMatch(/clerk-g|guandu/);
    expect(JSON.stringify(guanduT1.body)).not.toMatch(/clerk-x|majie/);
    expect(await call('GET', '/cases/T-2', undefined, guandu)).toEqual({ status: 404, body: { error: { code: 'CaseNotFound', message: 'There is no case "T-2".' } } });
  });

  it("answers a principal of one tenant asking for another's case exactly as for a missing case, even one above both tenants' units", async () => {
    const outsider = await cityDispatcher('xishan');
    const reviewG7 = { command: review('G-7', 'G-7-review-x') };
    // Before Guandu has a case G-7, and after: the same answers to Xishan's city dispatcher.
    const before = { read: await call('GET', '/cases/G-7', undefined, outsider), act: await call('POST', '/commands', reviewG7, outsider) };
    expect(before).toEqual({
      read: { status: 404, body: { error: { code: 'CaseNotFound', message: 'There is no case "G-7".' } } },
      act: { status: 422, body: { error: { code: 'CaseNotFound', message: 'Case "G-7" has no history yet; submit it first.' } } },
    });
    const submitted = await call('POST', '/commands', { command: guanduSubmit('G-7') }, await guanduClerk());
    expect(submitted.status).toBe(201);
    last.guandu = Number(submitted.body['position']);
    const after = { read: await call('GET', '/cases/G-7', undefined, outsider), act: await call('POST', '/commands', reviewG7, outsider) };
    expect(after).toEqual(before);
    // The same assignment in Guandu's service sees the case: only the tenant kept it out.
    const insider = await cityDispatcher('guandu');
    expect(await call('GET', '/cases/G-7', undefined, insider)).toMatchObject({ status: 200, body: { caseId: 'G-7' } });
    expect(caseIdsOn(await call('GET', `/board?after=${last.guandu}`, undefined, insider))).toEqual(['G-7', 'T-1']);
    // Xishan's reads hold nothing of it; its own cases only. A tenant named in the URL is not read.
    expect(caseIdsOn(await call('GET', '/board?tenant=guandu', undefined, outsider))).toEqual(['T-1', 'T-2']);
    expect((await call('GET', '/statistics?tenant=guandu', undefined, outsider)).body['intake']).toMatchObject({ total: 2 });
  });

  it('refuses a token without a tenant (401) and one for a tenant the service does not serve (403), and a tenant in the body (400); nothing is written', async () => {
    const noTenant = await token('clerk-x', { assignments: [{ role: 'intakeClerk', unit: 'majie' }] });
    for (const [method, path, body] of [
      ['GET', '/board', undefined],
      ['POST', '/commands', { command: submit('P-1') }],
    ] as const)
      expect(await call(method, path, body, noTenant)).toEqual({
        status: 401,
        body: {
          error: { code: 'Unauthenticated', message: 'The token names no tenant: its "casefold" claim needs "tenant", the district the caller works in (e.g. "xishan"); get a token that names it.' },
        },
      });
    const notATenantId = await token('clerk-x', { tenant: 42, assignments: [{ role: 'intakeClerk', unit: 'majie' }] });
    expect(await call('GET', '/board', undefined, notATenantId)).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('names no tenant') } } });

    const notServed = await token('clerk-p', { tenant: 'panlong', assignments: [{ role: 'intakeClerk', unit: 'majie' }] });
    const refused = {
      status: 403,
      body: { error: { code: 'TenantNotServed', message: 'This service does not serve the token\'s tenant "panlong"; call your own district\'s service, or get a token for a tenant served here.' } },
    };
    expect(await call('POST', '/commands', { command: submit('P-1') }, notServed)).toEqual(refused);
    expect(await call('GET', '/cases/T-1', undefined, notServed)).toEqual(refused);
    expect(await call('GET', '/board', undefined, notServed)).toEqual(refused);
    // The tenant comes from the token only: a body naming one is refused, whichever it names.
    expect(await call('POST', '/commands', { command: submit('P-1'), tenant: 'xishan' }, await guanduClerk())).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });

    // Nothing of P-1 was written, under any tenant or none.
    const shared = await openSqliteStore({ fileName });
    try {
      const streams = new Set<string>();
      for await (const event of shared.events.readAll()) streams.add(event.streamId);
      expect([...streams].sort()).toEqual(['guandu/case-G-7', 'guandu/case-T-1', 'xishan/case-T-1', 'xishan/case-T-2']);
    } finally {
      await shared.close();
    }
  });

  it('reads its writes per tenant: each waits for its own positions of the shared store, and never on the other tenant', async () => {
    const xishan = await xishanClerk();
    const guandu = await guanduClerk();
    const x = await call('POST', '/commands', { command: submit('T-3') }, xishan);
    const g = await call('POST', '/commands', { command: guanduSubmit('T-3') }, guandu);
    const g2 = await call('POST', '/commands', { command: review('T-3') }, guandu);
    const [xAt, gAt] = [Number(x.body['position']), Number(g2.body['position'])];
    expect(xAt).toBeLessThan(Number(g.body['position']));
    last.xishan = xAt;
    last.guandu = gAt;
    const xishanUnreviewed = await call('GET', `/board?status=unreviewed&after=${xAt}`, undefined, xishan);
    expect(xishanUnreviewed.status).toBe(200);
    expect(caseIdsOn(xishanUnreviewed)).toEqual(['T-1', 'T-2', 'T-3']);
    expect(caseIdsOn(await call('GET', `/board?status=pending&after=${gAt}`, undefined, guandu))).toEqual(['T-1', 'T-3']);
    // Guandu's position is past every Xishan event: Xishan's read models never reach it through Guandu's events.
    expect(await call('GET', `/board?after=${gAt}`, undefined, xishan)).toMatchObject({ status: 504, body: { error: { code: 'NotYetProjected' } } });
  });

  it("resumes each tenant's read models from its own checkpoints after a restart", async () => {
    await server.close();
    server = await start();
    expect(caseIdsOn(await call('GET', `/board?after=${last.xishan}`, undefined, await xishanClerk()))).toEqual(['T-1', 'T-2', 'T-3']);
    expect(caseIdsOn(await call('GET', `/board?after=${last.guandu}`, undefined, await guanduClerk()))).toEqual(['G-7', 'T-1', 'T-3']);
  });
});

describe('the tenants the service is started with', () => {
  const options = (fileName: string, tenants: Parameters<typeof startServer>[0]['tenants']) => ({ fileName, tenants, port: 0, hostname: '127.0.0.1', tokens });

  it('are checked before the store is opened: none, one given twice, an invalid id or directory is refused, and no file is created', async () => {
    const fileName = join(mkdtempSync(join(tmpdir(), 'casefold-http-tenants-')), 'never.db');
    await expect(startServer(options(fileName, []))).rejects.toThrow('the service serves no tenant: give at least one in `tenants`');
    await expect(startServer(options(fileName, [...TENANTS, { tenantId: 'xishan', units: XISHAN_UNITS }]))).rejects.toThrow('tenant "xishan" is given twice in `tenants`; give each tenant once');
    const invalidId = await startServer(options(fileName, [{ tenantId: 'Xi Shan', units: XISHAN_UNITS }])).catch((error: unknown) => error);
    expect(isInvalidTenantError(invalidId)).toBe(true);
    const orphan = { id: 'orphan', name: '无上级街道', level: 'subDistrict', parent: 'nowhere', departmentKind: null } as const;
    await expect(startServer(options(fileName, [{ tenantId: 'xishan', units: [...XISHAN_UNITS, orphan] }]))).rejects.toThrow(/^the directory of tenant "xishan" is invalid: .*nowhere/);
    expect(existsSync(fileName)).toBe(false);
  });
});
