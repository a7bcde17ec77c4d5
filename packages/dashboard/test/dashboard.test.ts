/**
 * The dashboard in a real browser: `casefold serve` (the real CLI, a child process) over a
 * demo store that the real `casefold demo` generated, driven in Debian's headless Chromium
 * by playwright-core. Screenshots of every page go to test-artifacts/ (gitignored).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JurisdictionDirectory, ancestry, createDirectory } from '@casefold/core';
import { caseCommandHandler } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { type ServeProcess, runCasefold, startServe } from './support/casefoldProcess.js';
import { launchChromium } from './support/chromium.js';
import { expectFigures } from './support/pageFigures.js';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PAGE_SIZE = 50;

let dir: string;
let db: string;
let serve: ServeProcess;
let browser: Browser;
/** `casefold dashboards --json`'s `dashboards`, for the same store before any test adds an event. */
let expected: Record<string, unknown>;

const json = async (args: readonly string[]): Promise<Record<string, unknown>> => {
  const run = await runCasefold([...args, '--db', db, '--json'], dir);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

beforeAll(async () => {
  // First, so that a machine without Chromium fails at once, saying how to install it.
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'casefold-dashboard-'));
  db = join(dir, 'demo.db');
  const demo = await runCasefold(['demo', '--db', db, '--cases', '300', '--seed', 'dashboard-tests'], dir);
  expect(demo.code, demo.stderr).toBe(0);
  expected = (await json(['dashboards']))['dashboards'] as Record<string, unknown>;
  serve = await startServe(['--db', db, '--lang', 'zh-CN'], dir);
});

afterAll(async () => {
  await browser?.close();
  if (serve !== undefined) expect(await serve.stop(), serve.stderr()).toBe(0);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The demo store's jurisdiction directory, as the CLI keeps it beside the events. */
const demoDirectory = async (): Promise<JurisdictionDirectory> => {
  const store = await openSqliteStore({ fileName: db });
  try {
    const directory = createDirectory((await store.settings.read('directory')) ?? []);
    if (E.isLeft(directory)) throw new Error('the demo store has no valid directory');
    return directory.right;
  } finally {
    await store.close();
  }
};

/** A page that records console errors and uncaught exceptions. */
const openPage = async (path: string): Promise<{ readonly page: Page; readonly errors: string[] }> => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const response = await page.goto(new URL(path, serve.url).href);
  expect(response?.status(), path).toBe(200);
  return { page, errors };
};

describe('casefold serve in Chromium', () => {
  it('starts on 127.0.0.1 only and says so', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // Started with --lang zh-CN: the command's own notes are in Chinese too.
    expect(serve.stderr()).toContain('未配置访问策略：只在本机提供（127.0.0.1）');
  });

  it.each([
    ['board', '/board', 10],
    ['deadlines', '/deadlines', 20],
    ['escalation', '/escalation', 20],
    ['statistics', '/statistics', 15],
  ])('the %s page loads without console errors and shows the figures of casefold dashboards --json', async (name, path, atLeast) => {
    const { page, errors } = await openPage(path);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await expectFigures(page, expected)).toBeGreaterThanOrEqual(atLeast);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("one kind's deadlines equal casefold dashboards --kind gridEvent --json", async () => {
    const byKind = (await json(['dashboards', '--kind', 'gridEvent']))['dashboards'];
    const { page, errors } = await openPage('/deadlines?kind=gridEvent');
    expect(await expectFigures(page, byKind)).toBeGreaterThanOrEqual(6);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a period's statistics equal casefold stats --from --to --json", async () => {
    const stats = await json(['stats', '--from', '2025-07-01', '--to', '2025-10-01']);
    const { page, errors } = await openPage('/statistics?from=2025-07-01&to=2025-10-01');
    expect(await expectFigures(page, stats, 'statistics')).toBeGreaterThanOrEqual(15);
    expect(await page.textContent('#statistics-period')).toContain('2025-07-01');
    // Printed, the page is its table: no navigation, forms or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.locator('form.filters').isVisible()).toBe(false);
    expect(await page.locator('.printable table').first().isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a case's timeline shows its events and deadlines", async () => {
    const { page, errors } = await openPage('/board?status=pending');
    const link = page.locator('#board-cases a').first();
    const caseId = (await link.textContent())!.trim();
    await link.click();
    await page.waitForURL(`**/cases/${caseId}`);
    const timeline = await json(['timeline', caseId]);
    expect(await page.locator('#timeline tbody tr').count()).toBe((timeline['items'] as unknown[]).length);
    expect(await page.textContent('#case-status')).toBe('待办理');
    expect(await page.locator('#case-deadlines tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'timeline.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches language, and the other pages keep it', async () => {
    const { page, errors } = await openPage('/board');
    expect(await page.textContent('h1')).toBe('案件总览');
    for (const word of ['未审核', '待办理', '已处理', '已拒绝']) expect(await page.locator('#content').textContent()).toContain(word);
    await page.click('#switch-language');
    await page.waitForURL('**/board?lang=en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Case board');
    for (const word of ['Unreviewed', 'Pending', 'Handled', 'Rejected']) expect(await page.locator('#content').textContent()).toContain(word);
    await page.screenshot({ path: join(ARTIFACTS, 'board-en.png'), fullPage: true });
    await page.click('nav a[href="/deadlines?lang=en"]');
    expect(await page.textContent('h1')).toBe('Deadlines and supervision');
    await page.click('#switch-language');
    expect(await page.textContent('h1')).toBe('时限与督办');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("pages through the board, and filters it by a unit's subtree and by status", async () => {
    const caseBoard = expected['caseBoard'] as { total: number; byStatus: Record<string, number> };
    const pages = Math.ceil(caseBoard.total / PAGE_SIZE);
    const { page, errors } = await openPage('/board?lang=en');
    expect(await page.textContent('#board-page')).toBe(`Page 1 of ${pages} (${caseBoard.total} cases)`);
    const idsOn = async () => page.locator('#board-cases tbody a').allTextContents();
    const first = await idsOn();
    expect(first).toHaveLength(PAGE_SIZE);
    await page.click('#page-next');
    expect(await page.textContent('#board-page')).toBe(`Page 2 of ${pages} (${caseBoard.total} cases)`);
    const second = await idsOn();
    expect(second).toHaveLength(PAGE_SIZE);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await page.click('#page-prev');
    expect(await idsOn()).toEqual(first);
    // A sub-district's subtree: the cases held by it or any unit under it, counted from the board's byUnit.
    const directory = await demoDirectory();
    const byUnit = (expected['caseBoard'] as { byUnit: Record<string, number> }).byUnit;
    const inSubtree = (root: string) => Object.entries(byUnit).reduce((sum, [unit, n]) => sum + (ancestry(directory, unit).some((u) => u.id === root) ? n : 0), 0);
    const subDistrict = [...directory.units.values()].filter((unit) => unit.level === 'subDistrict').sort((a, b) => inSubtree(b.id) - inSubtree(a.id))[0]!;
    expect(inSubtree(subDistrict.id)).toBeGreaterThan(byUnit[subDistrict.id] ?? 0);
    await page.selectOption('#f-unit', subDistrict.id);
    await page.click('form.filters button[type="submit"]');
    expect(await page.textContent('#board-page')).toContain(`(${inSubtree(subDistrict.id)} cases)`);
    await page.selectOption('#f-unit', '');
    await page.selectOption('#f-status', 'pending');
    await page.click('form.filters button[type="submit"]');
    expect(await page.textContent('#board-page')).toContain(`(${caseBoard.byStatus['pending']} cases)`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations on any page (axe-core)', async () => {
    const board = await openPage('/board');
    const caseId = (await board.page.locator('#board-cases tbody a').first().textContent())!.trim();
    await board.page.close();
    for (const path of ['/board', '/board?lang=en', '/deadlines', '/escalation', '/statistics', '/statistics?lang=en', `/cases/${caseId}`]) {
      const { page } = await openPage(path);
      await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(
        `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
      )) as { id: string; impact: string }[];
      expect(
        violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
        path,
      ).toEqual([]);
      await page.close();
    }
  });

  // Last: it adds an event, which the figure checks above must not see.
  it('follows a new event within 2 s without reloading', async () => {
    const total = (expected['caseBoard'] as { total: number }).total;
    const { page, errors } = await openPage('/board');
    const totalCard = `[data-figure='${JSON.stringify(['caseBoard', 'total'])}']`;
    expect(await page.textContent(totalCard)).toBe(String(total));
    await page.evaluate('window.notReloaded = true');
    const directory = await demoDirectory();
    const store = await openSqliteStore({ fileName: db });
    let appendedAt: number;
    try {
      const subDistrict = [...directory.units.values()].find((unit) => unit.level === 'subDistrict')!;
      const community = [...directory.units.values()].find((unit) => unit.parent === subDistrict.id && unit.level === 'community')!;
      const execute = caseCommandHandler({ store: store.events, directory, clock: () => '2026-01-05T02:00:00.000Z' });
      const submitted = await execute(
        {
          type: 'Submit',
          commandId: 'live-test/submit',
          caseId: 'LIVE-1',
          channel: 'window',
          category: 'neighbour',
          summary: 'Noise at night',
          receivingUnit: subDistrict.id,
          area: community.id,
          claimedAmountFen: null,
          parties: [{ subjectId: 'resident-live', side: 'applicant', pii: { name: '测试', phone: null, idNumber: null } }],
        },
        { actor: { id: 'clerk-live', role: 'intakeClerk', unit: subDistrict.id } },
      );
      expect(E.isRight(submitted), JSON.stringify(E.isLeft(submitted) ? submitted.left : null)).toBe(true);
      appendedAt = performance.now();
    } finally {
      await store.close();
    }
    await page.waitForFunction(`document.querySelector(${JSON.stringify(totalCard)}).textContent === '${total + 1}'`, undefined, { timeout: 2_000 });
    expect(performance.now() - appendedAt).toBeLessThanOrEqual(2_000);
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
