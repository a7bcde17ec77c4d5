import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';

const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const dispatcher = { id: 'dispatcher-1', role: 'dispatcher', unit: 'majie' };
const submit = (caseId: string) => ({
  type: 'Submit',
  commandId: `${caseId}-submit`,
  caseId,
  channel: 'window',
  category: 'labour',
  summary: 'Unpaid wages for site work',
  receivingUnit: 'majie',
  area: 'majie-north',
  claimedAmountFen: 4_200_000,
  parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: '王伟', phone: '13800001234', idNumber: null } }],
});

type Body = Record<string, any>;

describe('the HTTP service, end to end over real HTTP on 127.0.0.1', () => {
  const fileName = join(mkdtempSync(join(tmpdir(), 'casefold-http-')), 'service.db');
  let server: RunningServer;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Body }> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };

  beforeAll(async () => {
    server = await startServer({ fileName, port: 0, hostname: '127.0.0.1', readYourWritesTimeoutMs: 500 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on an ephemeral port of 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('takes commands, refuses what the workflow forbids, and reads its own writes', async () => {
    const submitted = await call('POST', '/commands', { command: submit('H-1'), actor: clerk });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ streamId: 'case-H-1', replayed: false, events: [{ type: 'Submitted', revision: '0' }] });

    const board = await call('GET', `/board?after=${submitted.body['position']}`);
    expect(board.status).toBe(200);
    expect(board.body['counts']).toMatchObject({ total: 1, open: 1, byStatus: { unreviewed: 1 } });
    expect(board.body['cases']).toEqual([expect.objectContaining({ caseId: 'H-1', status: 'unreviewed', unit: 'majie' })]);

    const accepted = await call('POST', '/commands', { command: { type: 'Review', commandId: 'H-1-review', caseId: 'H-1', decision: { outcome: 'accepted', note: null } }, actor: clerk });
    expect(accepted.status).toBe(201);
    const again = await call('POST', '/commands', { command: { type: 'Review', commandId: 'H-1-review-2', caseId: 'H-1', decision: { outcome: 'accepted', note: null } }, actor: clerk });
    expect(again.status).toBe(422);
    expect(again.body['error']).toMatchObject({ code: 'NotAllowedInStage', message: expect.stringContaining('not allowed while the case is accepted') });

    const retried = await call('POST', '/commands', { command: { type: 'Review', commandId: 'H-1-review', caseId: 'H-1', decision: { outcome: 'accepted', note: null } }, actor: clerk });
    expect(retried.status).toBe(201);
    expect(retried.body['replayed']).toBe(true);

    const dispatched = await call('POST', '/commands', { command: { type: 'Dispatch', commandId: 'H-1-dispatch', caseId: 'H-1', to: 'xishan-labour', reason: null }, actor: dispatcher });
    expect(dispatched.status).toBe(201);

    const pending = await call('GET', `/board?status=pending&after=${dispatched.body['position']}`);
    expect(pending.body['cases']).toEqual([expect.objectContaining({ caseId: 'H-1', unit: 'xishan-labour', level: 'department' })]);

    const stats = await call('GET', `/statistics?after=${dispatched.body['position']}`);
    expect(stats.status).toBe(200);
    expect(stats.body['intake']).toMatchObject({ total: 1, labour: 1, byChannel: { window: 1 } });
    expect(stats.body['review']).toMatchObject({ accepted: 1, rejected: 0 });

    const deadlines = await call('GET', `/deadlines?asOf=2099-01-01T00:00:00Z&after=${dispatched.body['position']}`);
    expect(deadlines.status).toBe(200);
    expect(deadlines.body['byRule']['mediation.labour']).toMatchObject({ running: 1, breached: 1 });

    const timeline = await call('GET', '/cases/H-1');
    expect(timeline.status).toBe(200);
    expect((timeline.body['items'] as Body[]).map((i) => i['type'])).toEqual(['Submitted', 'Reviewed', 'Routed']);
    expect(JSON.stringify(timeline.body)).not.toContain('王伟');
  });

  it('answers bad requests with a clear error', async () => {
    expect(await call('GET', '/cases/NOPE')).toMatchObject({ status: 404, body: { error: { code: 'CaseNotFound' } } });
    expect(await call('POST', '/commands', 'this is not json')).toMatchObject({ status: 400, body: { error: { code: 'BadJson' } } });
    expect(await call('POST', '/commands', { command: { type: 'Submit', caseId: 'H-2' }, actor: clerk })).toMatchObject({ status: 422, body: { error: { code: 'MalformedCommand' } } });
    expect(await call('POST', '/commands', { command: submit('H-3') })).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
    expect(await call('GET', '/statistics?from=yesterday')).toMatchObject({ status: 400, body: { error: { code: 'BadQuery', message: expect.stringContaining('from') } } });
    expect(await call('GET', '/board?after=soon')).toMatchObject({ status: 400, body: { error: { code: 'BadQuery' } } });
    expect(await call('GET', '/board?after=999999')).toMatchObject({ status: 504, body: { error: { code: 'NotYetProjected' } } });
  });

  it('resumes its read models from their checkpoints after a restart', async () => {
    await server.close();
    server = await startServer({ fileName, port: 0, hostname: '127.0.0.1', readYourWritesTimeoutMs: 500 });
    const board = await call('GET', '/board?after=1');
    expect(board.body['counts']).toMatchObject({ total: 1, byStatus: { pending: 1 } });
  });
});
