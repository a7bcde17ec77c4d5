/**
 * The dashboard with an access policy, in a real browser: `casefold serve --principal` (the
 * real CLI, a child process) over a demo store, driven in Debian's headless Chromium. A
 * sub-district's intake clerk sees only the figures of the cases the shipped policy shows
 * them — checked against the core's scoped reads over the same store's events, computed
 * without the CLI — and another unit's case is answered exactly as a missing one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@casefold/core';
import { type ServeProcess, runCasefold, startServe } from './support/casefoldProcess.js';
import { launchChromium } from './support/chromium.js';
import { expectFigures } from './support/pageFigures.js';
import { type ScopedFigures, scopedFigures } from './support/scopedFigures.js';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

let dir: string;
let serve: ServeProcess;
let browser: Browser;
let principal: Principal;
let expected: ScopedFigures;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'casefold-dashboard-policy-'));
  const db = join(dir, 'demo.db');
  const demo = await runCasefold(['demo', '--db', db, '--cases', '300', '--seed', 'dashboard-policy-tests'], dir);
  expect(demo.code, demo.stderr).toBe(0);
  // The sub-district with the most cases: its intake clerk sees what is held or was received within it.
  const probe = await scopedFigures(db, { id: 'probe', assignments: [] });
  const subDistricts = [...probe.directory.units.values()].filter((unit) => unit.level === 'subDistrict');
  const clerkOf = (unit: string): Principal => ({ id: `clerk@${unit}`, assignments: [{ role: 'intakeClerk', unit }] });
  const sizes = await Promise.all(subDistricts.map(async (unit) => [unit.id, (await scopedFigures(db, clerkOf(unit.id))).seen.length] as const));
  principal = clerkOf([...sizes].sort((a, b) => b[1] - a[1])[0]![0]);
  expected = await scopedFigures(db, principal);
  writeFileSync(join(dir, 'principal.json'), JSON.stringify(principal));
  serve = await startServe(['--db', db, '--lang', 'en', '--principal', 'principal.json'], dir);
});

afterAll(async () => {
  await browser?.close();
  if (serve !== undefined) expect(await serve.stop(), serve.stderr()).toBe(0);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** A page, with the console errors it logs; `status` is the answer expected. */
const openPage = async (path: string, status = 200): Promise<{ readonly page: Page; readonly errors: string[] }> => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !(status !== 200 && message.text().includes(`status of ${status}`))) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const response = await page.goto(new URL(path, serve.url).href);
  expect(response?.status(), path).toBe(status);
  return { page, errors };
};

describe('casefold serve --principal in Chromium', () => {
  it('says whose pages it serves', () => {
    expect(serve.stderr()).toContain(`Every page shows only what the shipped policies let principal "${principal.id}" see`);
    expect(expected.seen.length).toBeGreaterThan(0);
    expect(expected.hidden.length).toBeGreaterThan(0);
  });

  it.each([
    ['board', '/board', 10],
    ['deadlines', '/deadlines', 6],
    ['escalation', '/escalation', 10],
    ['statistics', '/statistics', 15],
  ])("the %s page shows the figures of the principal's cases alone (the core's scoped reads)", async (name, path, atLeast) => {
    const { page, errors } = await openPage(path);
    expect(await expectFigures(page, expected.dashboards)).toBeGreaterThanOrEqual(atLeast);
    await page.screenshot({ path: join(ARTIFACTS, `policy-${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lists only the principal's cases on the board, fewer than the store holds", async () => {
    const total = (expected.dashboards['caseBoard'] as { total: number }).total;
    expect(total).toBe(expected.seen.length);
    expect(total).toBeLessThan(expected.wholeBoard.total);
    const { page, errors } = await openPage('/board');
    expect(await page.textContent('#board-page')).toContain(`(${total} cases)`);
    const listed = await page.locator('#board-cases tbody a').allTextContents();
    expect(listed.length).toBeGreaterThan(0);
    for (const caseId of listed) expect(expected.seen).toContain(caseId.trim());
    // Served to other computers too: the footer does not say "this computer only".
    expect(await page.textContent('footer')).not.toContain('this computer only');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("serves the principal's case, and answers another unit's case exactly as a missing one", async () => {
    const own = await openPage(`/cases/${expected.seen[0]}`);
    expect(await own.page.locator('#timeline tbody tr').count()).toBeGreaterThan(0);
    expect(own.errors).toEqual([]);
    await own.page.close();
    const other = expected.hidden[0]!;
    const refused = await openPage(`/cases/${other}`, 404);
    const missing = await openPage('/cases/NO-SUCH-CASE', 404);
    expect(await refused.page.textContent('main')).toBe((await missing.page.textContent('main'))!.replaceAll('NO-SUCH-CASE', other));
    await refused.page.screenshot({ path: join(ARTIFACTS, 'policy-refused-case.png'), fullPage: true });
    expect([...refused.errors, ...missing.errors]).toEqual([]);
    await refused.page.close();
    await missing.page.close();
  });
});
