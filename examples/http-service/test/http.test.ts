import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import { type Answer, TENANTS, caller, review, submit, token, tokens } from './support/service.js';

/** Staff of the Xishan tenant. */
const clerk = () => token('clerk-1', { tenant: 'xishan', assignments: [{ role: 'intakeClerk', unit: 'majie' }] });
const dispatcher = () => token('dispatcher-1', { tenant: 'xishan', assignments: [{ role: 'dispatcher', unit: 'majie' }] });
/** A clerk of another sub-district of the same tenant. */
const jinbiClerk = () => token('clerk-9', { tenant: 'xishan', assignments: [{ role: 'intakeClerk', unit: 'jinbi' }] });

describe('the HTTP service, end to end over real HTTP on 127.0.0.1', () => {
  const fileName = join(mkdtempSync(join(tmpdir(), 'casefold-http-')), 'service.db');
  let server: RunningServer;
  const call = caller(() => server.url);

  beforeAll(async () => {
    server = await startServer({ fileName, tenants: TENANTS, port: 0, hostname: '127.0.0.1', readYourWritesTimeoutMs: 500, tokens });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on an ephemeral port of 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('takes commands, refuses what the workflow forbids, and reads its own writes', async () => {
    const submitted = await call('POST', '/commands', { command: submit('H-1') }, await clerk());
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ streamId: 'case-H-1', replayed: false, events: [{ type: 'Submitted', revision: '0' }] });

    const board = await call('GET', `/board?after=${submitted.body['position']}`, undefined, await clerk());
    expect(board.status).toBe(200);
    expect(board.body['counts']).toMatchObject({ total: 1, open: 1, byStatus: { unreviewed: 1 } });
    expect(board.body['cases']).toEqual([expect.objectContaining({ caseId: 'H-1', status: 'unreviewed', unit: 'majie' })]);

    const accepted = await call('POST', '/commands', { command: review('H-1') }, await clerk());
    expect(accepted.status).toBe(201);
    const again = await call('POST', '/commands', { command: review('H-1', 'H-1-review-2') }, await clerk());
    expect(again.status).toBe(422);
    expect(again.body['error']).toMatchObject({ code: 'NotAllowedInStage', message: expect.stringContaining('not allowed while the case is accepted') });

    const retried = await call('POST', '/commands', { command: review('H-1') }, await clerk());
    expect(retried.status).toBe(201);
    expect(retried.body['replayed']).toBe(true);

    const dispatched = await call('POST', '/commands', { command: { type: 'Dispatch', commandId: 'H-1-dispatch', caseId: 'H-1', to: 'xishan-labour', reason: null } }, await dispatcher());
    expect(dispatched.status).toBe(201);

    const pending = await call('GET', `/board?status=pending&after=${dispatched.body['position']}`, undefined, await clerk());
    expect(pending.body['cases']).toEqual([expect.objectContaining({ caseId: 'H-1', unit: 'xishan-labour', level: 'department' })]);

    const stats = await call('GET', `/statistics?after=${dispatched.body['position']}`, undefined, await clerk());
    expect(stats.status).toBe(200);
    expect(stats.body['intake']).toMatchObject({ total: 1, labour: 1, byChannel: { window: 1 } });
    expect(stats.body['review']).toMatchObject({ accepted: 1, rejected: 0 });

    const deadlines = await call('GET', `/deadlines?asOf=2099-01-01T00:00:00Z&after=${dispatched.body['position']}`, undefined, await clerk());
    expect(deadlines.status).toBe(200);
    expect(deadlines.body['byRule']['mediation.labour']).toMatchObject({ running: 1, breached: 1 });

    const timeline = await call('GET', '/cases/H-1', undefined, await clerk());
    expect(timeline.status).toBe(200);
    expect((timeline.body['items'] as Answer['body'][]).map((i) => i['type'])).toEqual(['Submitted', 'Reviewed', 'Routed']);
    expect(JSON.stringify(timeline.body)).not.toContain('王伟');
  });

  it('answers bad requests with a clear error', async () => {
    const as = await clerk();
    expect(await call('GET', '/cases/NOPE', undefined, as)).toMatchObject({ status: 404, body: { error: { code: 'CaseNotFound' } } });
    expect(await call('POST', '/commands', 'this is not json', as)).toMatchObject({ status: 400, body: { error: { code: 'BadJson' } } });
    expect(await call('POST', '/commands', { command: { type: 'Submit', caseId: 'H-2', commandId: 'H-2-submit' } }, as)).toMatchObject({ status: 422, body: { error: { code: 'MalformedCommand' } } });
    expect(await call('GET', '/statistics?from=yesterday', undefined, as)).toMatchObject({ status: 400, body: { error: { code: 'BadQuery', message: expect.stringContaining('from') } } });
    expect(await call('GET', '/board?after=soon', undefined, as)).toMatchObject({ status: 400, body: { error: { code: 'BadQuery' } } });
    expect(await call('GET', '/board?after=999999', undefined, as)).toMatchObject({ status: 504, body: { error: { code: 'NotYetProjected' } } });
  });

  it('authenticates every request from a signed token, and never takes the actor from the body', async () => {
    const unauthenticated = { status: 401, body: { error: { code: 'Unauthenticated' } } };
    expect(await call('GET', '/board', undefined, null)).toMatchObject(unauthenticated);
    expect(await call('GET', '/board', undefined, 'not.a.token')).toMatchObject(unauthenticated);
    const forged = await token(
      'clerk-1',
      { tenant: 'xishan', assignments: [{ role: 'intakeClerk', unit: 'majie' }] },
      { secret: new TextEncoder().encode('another secret of at least thirty-two bytes') },
    );
    expect(await call('GET', '/board', undefined, forged)).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('ERR_JWS_SIGNATURE_VERIFICATION_FAILED') } } });
    const expired = await token('clerk-1', { tenant: 'xishan', assignments: [{ role: 'intakeClerk', unit: 'majie' }] }, { expiresIn: '-1m' });
    expect(await call('GET', '/board', undefined, expired)).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('ERR_JWT_EXPIRED') } } });
    const otherAudience = await token('clerk-1', { tenant: 'xishan', assignments: [] }, { audience: 'another-service' });
    expect(await call('GET', '/board', undefined, otherAudience)).toMatchObject(unauthenticated);
    const noAssignments = await token('clerk-1', { tenant: 'xishan', assignments: 'all' });
    expect(await call('GET', '/board', undefined, noAssignments)).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('assignments') } } });
    // An actor in the body is refused, whoever it names: the token says who acts.
    expect(await call('POST', '/commands', { command: submit('H-4'), actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' } }, await jinbiClerk())).toMatchObject({
      status: 400,
      body: { error: { code: 'BadRequest' } },
    });
  });

  it('serves a clerk of another sub-district nothing of the case: the same 404 and 422 as for a missing case, and reads without it', async () => {
    const as = await jinbiClerk();
    const missing = await call('GET', '/cases/H-404', undefined, as);
    const hidden = await call('GET', '/cases/H-1', undefined, as);
    expect(hidden).toEqual({ status: 404, body: { error: { code: 'CaseNotFound', message: 'There is no case "H-1".' } } });
    expect(missing.body['error']['code']).toBe('CaseNotFound');
    const reviewing = (caseId: string) => ({ command: review(caseId, `${caseId}-review-9`) });
    expect(await call('POST', '/commands', reviewing('H-1'), as)).toEqual({ status: 422, body: { error: { code: 'CaseNotFound', message: 'Case "H-1" has no history yet; submit it first.' } } });
    expect(await call('POST', '/commands', reviewing('H-404'), as)).toEqual({ status: 422, body: { error: { code: 'CaseNotFound', message: 'Case "H-404" has no history yet; submit it first.' } } });
    const board = await call('GET', '/board', undefined, as);
    expect(board.body).toMatchObject({ counts: { total: 0 }, cases: [] });
    expect((await call('GET', '/statistics', undefined, as)).body['intake']).toMatchObject({ total: 0 });
    expect((await call('GET', '/deadlines?asOf=2099-01-01T00:00:00Z', undefined, as)).body['openCases']).toBe(0);
  });

  it('resumes its read models from their checkpoints after a restart', async () => {
    await server.close();
    server = await startServer({ fileName, tenants: TENANTS, port: 0, hostname: '127.0.0.1', readYourWritesTimeoutMs: 500, tokens });
    const board = await call('GET', '/board?after=1', undefined, await clerk());
    expect(board.body['counts']).toMatchObject({ total: 1, byStatus: { pending: 1 } });
  });
});
