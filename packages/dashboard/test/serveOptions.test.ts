/**
 * `casefold serve`'s options and answers without a browser: the refusals on the command
 * line, the language taken from the environment, and the answers to addresses a page does not have.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageFromEnvironment } from '@casefold/dashboard';
import { type ServeProcess, runCasefold, startServe } from './support/casefoldProcess.js';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefold-serve-'));
  db = join(dir, 'demo.db');
  const demo = await runCasefold(['demo', '--db', db, '--cases', '40', '--seed', 'serve-options'], dir);
  expect(demo.code, demo.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `work` against a serve started with `env`, stopping it afterwards (it must exit 0). */
const withServe = async (args: readonly string[], env: Readonly<Record<string, string>>, work: (serve: ServeProcess) => Promise<void>): Promise<void> => {
  const serve = await startServe(['--db', db, ...args], dir, env);
  try {
    await work(serve);
  } finally {
    expect(await serve.stop(), serve.stderr()).toBe(0);
  }
};

describe('casefold serve', () => {
  it('refuses an address other computers can reach while no access policy is configured (exit 2)', async () => {
    const run = await runCasefold(['serve', '--db', db, '--host', '0.0.0.0', '--port', '0'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--host "0.0.0.0" can be reached from other computers, but no access policy is configured');
    expect(run.stdout).not.toContain('http://');
  });

  it('refuses a language it does not speak (exit 2)', async () => {
    const run = await runCasefold(['serve', '--db', db, '--lang', 'fr', '--port', '0'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--lang must be zh-CN or en, got "fr"');
  });

  it('refuses a database that does not exist (exit 4), serving nothing', async () => {
    const run = await runCasefold(['serve', '--db', join(dir, 'missing.db'), '--port', '0'], dir);
    expect(run.code).toBe(4);
    expect(run.stdout).not.toContain('http://');
  });

  it('refuses a port another program listens on (exit 2), saying to choose another', async () => {
    await withServe([], {}, async (serve) => {
      const port = new URL(serve.url).port;
      const run = await runCasefold(['serve', '--db', db, '--port', port], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1 port ${port} (EADDRINUSE)`);
    });
  });

  it('speaks the language of LC_ALL, LC_MESSAGES or LANG when --lang is not given', async () => {
    await withServe([], { LANG: 'zh_CN.UTF-8' }, async (serve) => {
      expect(await (await fetch(new URL('/board', serve.url))).text()).toContain('<html lang="zh-CN">');
    });
    await withServe([], { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }, async (serve) => {
      expect(await (await fetch(new URL('/board', serve.url))).text()).toContain('<html lang="en">');
    });
    expect(languageFromEnvironment({ LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_GB.UTF-8' })).toBe('zh-CN');
    expect(languageFromEnvironment({ LC_ALL: '', LANG: 'C' })).toBe('en');
  });

  it('answers an address it cannot use with 400, an unknown case or page with 404, and serves its own assets', async () => {
    await withServe(['--lang', 'en'], {}, async (serve) => {
      const get = (path: string) => fetch(new URL(path, serve.url));
      const badStatus = await get('/board?status=closedish');
      expect(badStatus.status).toBe(400);
      expect(await badStatus.text()).toContain('status=closedish: expected one of unreviewed, pending, handled, rejected');
      expect((await get('/board?page=0')).status).toBe(400);
      expect((await get('/board?unit=nowhere')).status).toBe(400);
      expect((await get('/statistics?from=2025-10-01&to=2025-07-01')).status).toBe(400);
      const missing = await get('/cases/NO-SUCH-CASE');
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('There is no case NO-SUCH-CASE in this store.');
      expect((await get('/nothing-here')).status).toBe(404);
      expect((await get('/')).url).toMatch(/\/board$/);
      const script = await get('/assets/live.js');
      expect(script.headers.get('content-type')).toContain('text/javascript');
      expect(await script.text()).toContain("new EventSource('/live')");
    });
  });
});
