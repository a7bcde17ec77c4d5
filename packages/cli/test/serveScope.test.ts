/**
 * The dashboard's access hook over the real data access of `casefold serve` (serveSource) on a
 * copy of the demo database, at the HTTP level, as an embedding system would wire it: its
 * sign-in (here a session table by bearer token) gives the principal, the shipped policies say
 * what they see. A sub-district's intake clerk gets the figures of their cases alone (the
 * core's scoped reads over the same read model), another unit's case answered as a missing
 * one, an accusation's timeline without its material, and the accused not even that.
 */
import { randomUUID } from 'node:crypto';
import {
  type Authorization,
  type Principal,
  caseScopeIn,
  caseSight,
  casesOnBoard,
  createAuthorization,
  scopeCaseBoard,
  scopeDeadlines,
  shippedAuthorizationPolicies,
  shippedWorkflows,
  deadlineReport,
  WITHHELD,
} from '@casefold/core';
import { type RunningDashboard, isUnscopedRemoteAccessError, startDashboard } from '@casefold/dashboard';
import { chinaCalendar } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestEventAt } from '../src/dashboards/dashboards.js';
import { dashboardSourceOf } from '../src/commands/serveSource.js';
import { createOutput, openStore, parseStoreLocation } from '../src/index.js';
import type { DashboardState } from '../src/projections/dashboardProjection.js';
import { currentDashboards } from '../src/session/currentDashboards.js';
import type { OpenedStore } from '../src/store/openStore.js';
import { demoCopy } from './support/demoDatabase.js';

const quiet = { write: () => true };
const quietOutput = () => createOutput({ stdout: quiet, stderr: quiet, json: false });

let store: OpenedStore;
let state: DashboardState;
let authorization: Authorization;
let dashboard: RunningDashboard;
/** The embedding system's sessions: a bearer token it issued at sign-in, and who signed in. */
const sessions = new Map<string, unknown>();
let clerk: Principal;

/** Signs a principal in: the token a request then carries. */
const signIn = (principal: unknown): string => {
  const token = randomUUID();
  sessions.set(token, principal);
  return token;
};

const get = (path: string, token?: string) => fetch(new URL(path, dashboard.url), token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

/** The text of the one element a page marks with this figure (`data-figure`). */
const figure = (page: string, keys: readonly string[]): string => {
  const marked = `data-figure="${JSON.stringify(keys).replaceAll('"', '&quot;')}"`;
  const at = page.indexOf(marked);
  expect(at, marked).toBeGreaterThan(0);
  return page.slice(page.indexOf('>', at) + 1, page.indexOf('<', at)).trim();
};

beforeAll(async () => {
  const { dir, db } = demoCopy();
  store = await openStore(parseStoreLocation({ db }), { cwd: dir });
  const source = dashboardSourceOf(store, quietOutput());
  const { directory } = await source.readModels();
  state = (await currentDashboards(store, quietOutput())).state;
  const checked = createAuthorization({ policies: shippedAuthorizationPolicies, workflows: shippedWorkflows, directory });
  if (E.isLeft(checked)) throw new Error('the shipped policies do not check');
  authorization = checked.right;
  // The sub-district whose clerk sees the most cases.
  const seenBy = (principal: Principal) => scopeCaseBoard(state.caseBoard, caseSight(principal, authorization, state.caseScopes)).counts.total;
  const clerks = [...directory.units.values()]
    .filter((unit) => unit.level === 'subDistrict')
    .map((unit): Principal => ({ id: `clerk@${unit.id}`, assignments: [{ role: 'intakeClerk', unit: unit.id }] }));
  clerk = clerks.sort((a, b) => seenBy(b) - seenBy(a))[0]!;
  dashboard = await startDashboard({
    source,
    language: 'en',
    port: 0,
    access: { authorization, principalOf: (request) => sessions.get(request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '') ?? null },
  });
});

afterAll(async () => {
  await dashboard?.close();
  await store?.close();
});

describe('the dashboard with an access policy, over HTTP', () => {
  it("shows a sub-district clerk the figures of their cases alone: the core's scoped reads", async () => {
    const token = signIn(clerk);
    const sight = caseSight(clerk, authorization, state.caseScopes);
    const board = scopeCaseBoard(state.caseBoard, sight).counts;
    expect(board.total).toBeGreaterThan(0);
    expect(board.total).toBeLessThan(state.caseBoard.counts.total);
    const boardPage = await (await get('/board', token)).text();
    expect(figure(boardPage, ['caseBoard', 'total'])).toBe(String(board.total));
    expect(figure(boardPage, ['caseBoard', 'open'])).toBe(String(board.open));
    expect(boardPage).toContain(`(${board.total} cases)`);
    const deadlines = deadlineReport(scopeDeadlines(state.deadlines, sight), latestEventAt(state)!, chinaCalendar());
    const deadlinesPage = await (await get('/deadlines', token)).text();
    expect(figure(deadlinesPage, ['deadlines', 'openCases'])).toBe(String(deadlines.openCases));
    expect(figure(deadlinesPage, ['deadlines', 'totals', 'running'])).toBe(String(deadlines.totals.running));
  });

  it("answers another unit's case exactly as a missing one (404, the same page)", async () => {
    const token = signIn(clerk);
    const sight = caseSight(clerk, authorization, state.caseScopes);
    const ids = casesOnBoard(state.caseBoard).map((entry) => entry.caseId);
    const own = ids.find((id) => sight(id, 'case'))!;
    const other = ids.find((id) => !sight(id, 'case'))!;
    expect((await get(`/cases/${own}`, token)).status).toBe(200);
    const hidden = await get(`/cases/${other}`, token);
    const missing = await get('/cases/NO-SUCH-CASE', token);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await hidden.text()).toBe((await missing.text()).replaceAll('NO-SUCH-CASE', other));
  });

  it("withholds an accusation's material from the one-window clerk, and the whole case from the accused", async () => {
    const accusation = casesOnBoard(state.caseBoard, { kind: 'petition' })
      .map((entry) => caseScopeIn(state.caseScopes, entry.caseId)!)
      .find((scope) => scope.category === 'accusation');
    expect(accusation, 'the demo has an accusation petition').toBeDefined();
    const { caseId, holder } = accusation!;
    const windowClerk = signIn({ id: 'window-1', assignments: [{ role: 'intakeClerk', unit: holder }] });
    const page = await (await get(`/cases/${caseId}`, windowClerk)).text();
    const lines = [...page.matchAll(/<tr>\s*<td class="number">\d+<\/td>(?:.|\n)*?<\/tr>/g)].map(([row]) => row);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain(`<td>${WITHHELD}</td>`);
    const officer = { id: 'officer-1', assignments: [{ role: 'petitionOfficer', unit: holder }] };
    expect(await (await get(`/cases/${caseId}`, signIn(officer))).text()).not.toContain(WITHHELD);
    const accused = signIn({ ...officer, accusedIn: [caseId] });
    const refused = await get(`/cases/${caseId}`, accused);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toBe((await (await get('/cases/NO-SUCH-CASE', accused)).text()).replaceAll('NO-SUCH-CASE', caseId));
  });

  it("says a case's timeline in the page's language: Chinese lines with ?lang=zh-CN, withheld ones too; the stored English summaries in English", async () => {
    const token = signIn(clerk);
    const sight = caseSight(clerk, authorization, state.caseScopes);
    const own = casesOnBoard(state.caseBoard).find((entry) => sight(entry.caseId, 'summary'))!.caseId;
    const linesOf = (page: string) => [...page.matchAll(/<tr>\s*<td class="number">\d+<\/td>(?:.|\n)*?<\/tr>/g)].map(([row]) => row);
    const zh = await (await get(`/cases/${own}?lang=zh-CN`, token)).text();
    expect(linesOf(zh)[0]).toMatch(/<td>经 \S+ 渠道提交至 \S+（[^）]+）：[^<]*<\/td>/);
    expect(zh).not.toContain('Submitted through');
    const en = await (await get(`/cases/${own}`, token)).text();
    expect(linesOf(en)[0]).toMatch(/<td>Submitted through \S+ to /);
    const accusation = casesOnBoard(state.caseBoard, { kind: 'petition' })
      .map((entry) => caseScopeIn(state.caseScopes, entry.caseId)!)
      .find((scope) => scope.category === 'accusation')!;
    const windowClerk = signIn({ id: 'window-1', assignments: [{ role: 'intakeClerk', unit: accusation.holder }] });
    const withheld = linesOf(await (await get(`/cases/${accusation.caseId}?lang=zh-CN`, windowClerk)).text());
    expect(withheld.length).toBeGreaterThan(0);
    for (const line of withheld) expect(line).toContain('<td>（不予显示）</td>');
  });

  it('refuses a request not signed in (401), the live stream too; a malformed principal from the hook is a 500 naming the field', async () => {
    for (const path of ['/board', '/deadlines', '/statistics', `/cases/${casesOnBoard(state.caseBoard)[0]!.caseId}`, '/live']) expect((await get(path)).status, path).toBe(401);
    const malformed = await get('/board', signIn({ id: 'x', assignments: [{ role: 'intakeClerk' }] }));
    expect(malformed.status).toBe(500);
    expect(await malformed.text()).toContain('principal.assignments.0.unit');
  });

  it('serves an address other computers can reach with access, and refuses one without it, starting nothing', async () => {
    const source = dashboardSourceOf(store, quietOutput());
    const remote = await startDashboard({ source, language: 'en', host: '0.0.0.0', port: 0, access: { authorization, principalOf: () => clerk } });
    try {
      expect((await fetch(new URL('/board', remote.url.replace('0.0.0.0', '127.0.0.1')))).status).toBe(200);
    } finally {
      await remote.close();
    }
    const refused = await startDashboard({ source, language: 'en', host: '0.0.0.0', port: 0 }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUnscopedRemoteAccessError(refused)).toBe(true);
  });
});
