import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium; never a downloaded browser (STACK.md). `.ci/run` installs it. */
export const chromiumPath = process.env['KPX_CHROMIUM'] ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * One browser per test file. `launch` gives the browser a fresh temporary user-data-dir of its
 * own (removed on close); every officer gets a separate context (own cookies).
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export const screenshotDir = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(screenshotDir, { recursive: true });

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 375, height: 812 };

/** A context whose pages record every CSP violation and uncaught error (the test asserts none). */
export async function newContext(browser: Browser, locale = 'en-GB'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: desktop, locale, acceptDownloads: true });
  await context.addInitScript(() => {
    const w = window as unknown as { __kpxViolations: string[] };
    w.__kpxViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__kpxViolations.push(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${String(e.lineNumber)}`,
      );
    });
  });
  return context;
}

/** Errors a page logged: uncaught exceptions and console errors other than expected HTTP ones. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // A 4xx the page asked for on purpose (401 before sign-in, 404 of an absent resource).
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    errors.push(`console: ${text}`);
  });
  return errors;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __kpxViolations?: string[] }).__kpxViolations ?? [],
  );
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown }[];
};

/** axe-core on the page as it is: no serious or critical violation may remain. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Evaluated through the DevTools protocol: not an inline script, so the page's CSP stays on.
  // Once per document (the single-page app keeps it across its own navigations).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe on ${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/** No horizontal scrolling of the document at the current viewport. */
export async function expectNoHorizontalOverflow(page: Page, name: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The widest elements past the edge, to say what overflows.
    const culprits = [...document.querySelectorAll('body *')]
      .map((e) => ({ e, right: e.getBoundingClientRect().right }))
      .filter(({ right }) => right > client + 0.5)
      .slice(0, 5)
      .map(
        ({ e, right }) =>
          `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${String(Math.round(right))}`,
      );
    return {
      scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      client,
      culprits,
    };
  });
  expect(
    widths.scroll,
    `${name} overflows at ${String(widths.client)} px: ${widths.culprits.join('; ')}`,
  ).toBeLessThanOrEqual(widths.client);
}

/**
 * The checks every page gets: axe and a screenshot at desktop width, then at 375 px no
 * horizontal overflow (and a second screenshot when `phoneShot`). Restores the desktop viewport.
 */
export async function checkPage(
  page: Page,
  name: string,
  options: { phoneShot?: boolean; axe?: boolean } = {},
): Promise<void> {
  await page.setViewportSize(desktop);
  // `axe: false` only for another state of a page already checked (same components).
  if (options.axe !== false) await expectAccessible(page, name);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  await page.setViewportSize(phone);
  await page.waitForTimeout(50);
  await expectNoHorizontalOverflow(page, name);
  if (options.phoneShot === true) {
    await page.screenshot({ path: join(screenshotDir, `${name}-375.png`), fullPage: true });
  }
  await page.setViewportSize(desktop);
}
