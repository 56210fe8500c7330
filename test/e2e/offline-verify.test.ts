// The public verification page verifies a KP1 QR offline, in real Chromium: it loads /verify
// from a real node (registry + RU node on loopback, the built console), which fetches the
// node's signed trust list, verifies it against the registry root with WebCrypto and keeps it
// in localStorage. Then the browser goes offline (playwright's setOffline), and later the node
// itself is stopped: a genuine QR is still genuine with every named check, "verified offline
// with trust list version N", and the status lookup says the node cannot be reached; a tampered
// QR fails naming the check. Requests are recorded: after going offline the page asks the
// node nothing but the status lookup.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import { silentLogger, startNetwork, type RunningNetwork } from '@kpx/node';
import { qrCheckNames } from '@kpx/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import {
  checkPage,
  cspViolations,
  launchBrowser,
  newContext,
  watchErrors,
} from './support/browser.js';
import { tamperQr } from './support/qr.js';

const webDist = join(process.cwd(), 'packages', 'web', 'dist', 'index.html');

let net: RunningNetwork | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[] = [];
let nodeUrl = '';
let number = '';
let qr = '';
let version = 0;
const requests: string[] = [];

const qrInput = () => page.getByLabel('QR text (KP1:…) or signed document');
const check = () => page.getByTestId('verify-qr').getByRole('button', { name: 'Check' });

beforeAll(async () => {
  if (!existsSync(webDist)) {
    throw new Error(`${webDist} is missing: build the console first (npm run build -w @kpx/web)`);
  }
  net = await startNetwork({
    dir: tempDir('kpx-e2e-offline-'),
    participants: ['RU'],
    basePort: 0,
    logger: silentLogger(),
    scryptCost: { N: 2 ** 10, r: 8, p: 1 },
  });
  const ru = net.nodes['RU'];
  if (ru === undefined) throw new Error('no RU node');
  nodeUrl = ru.url;
  const issued = await fetch(`${nodeUrl}/api/v1/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ru.tokens.issuer}`, 'content-type': 'application/json' },
    body: JSON.stringify(sampleDraft),
  });
  expect(issued.status).toBe(201);
  number = ((await issued.json()) as { number: string }).number;
  // The QR text the node made at issue: exactly what its PDF prints.
  const row = await ru.node.context.storage.db
    .selectFrom('certificates')
    .select('qr_text')
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  qr = row.qr_text ?? '';
  version = ((await (await fetch(`${nodeUrl}/api/v1/trust-list`)).json()) as { version: number })
    .version;
  browser = await launchBrowser();
  context = await newContext(browser);
  page = await context.newPage();
  errors = watchErrors(page);
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await net?.stop();
}, 60_000);

describe('offline QR verification on /verify (real Chromium)', () => {
  it('verifies and keeps the node’s trust list on first load', async () => {
    await page.goto(`${nodeUrl}/verify`);
    await page.getByRole('heading', { name: 'Verify a KP certificate' }).waitFor();
    await page.locator('[data-testid="trust-status"][data-state="verified"]').waitFor();
    expect(await page.getByTestId('trust-status').textContent()).toContain(
      `Trust list version ${String(version)} of`,
    );
    const kept = await page.evaluate(() => ({
      list: localStorage.getItem('kpx.verify.trustList'),
      root: localStorage.getItem('kpx.verify.trustRoot'),
    }));
    expect(kept.list).toContain('"signed":"ey');
    expect(kept.root).toContain('"kid"');
    // The page itself is kept for a visit without a network (its service worker's cache).
    await page.locator('[data-testid="page-offline"][data-state="kept"]').waitFor();
    await checkPage(page, 'verify-trust-loaded');

    // Online, the status from the node comes with it.
    await qrInput().fill(qr);
    await check().click();
    await page.locator('[data-testid="verdict"][data-valid="yes"]').waitFor();
    await page.getByTestId('public-status').waitFor();
  }, 60_000);

  it('with the browser offline: a genuine QR is genuine, every check named, verified offline', async () => {
    await context.setOffline(true);
    const before = requests.length;
    await qrInput().fill('');
    await qrInput().fill(qr);
    await check().click();
    await page.locator('[data-testid="verdict"][data-valid="yes"]').waitFor();
    expect(await page.getByTestId('claims-number').textContent()).toBe(number);
    const names = await page
      .locator('[data-check]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-check')));
    expect(names).toStrictEqual([...qrCheckNames]);
    expect(await page.locator('[data-check].check-ok').count()).toBe(qrCheckNames.length);
    expect(await page.getByTestId('offline-basis').textContent()).toContain(
      `Verified offline with trust list version ${String(version)} of`,
    );
    await page.getByTestId('status-offline').waitFor();
    // The verification asked the node nothing: no trust list, no server-side verify. Only the
    // status lookup was tried (and failed: offline).
    const asked = requests.slice(before);
    expect(asked.filter((r) => r.includes('/api/v1/trust-list'))).toStrictEqual([]);
    expect(asked.filter((r) => r.startsWith('POST '))).toStrictEqual([]);
    expect(asked).toContain(`GET ${nodeUrl}/api/v1/verify/${encodeURIComponent(number)}`);
    await checkPage(page, 'verify-offline-genuine', { phoneShot: true });
  }, 60_000);

  it('with the node stopped: a tampered QR fails, naming the check', async () => {
    await net?.stop();
    net = undefined;
    const digits = number.slice(-6);
    const other = digits.replace(/.$/, (d) => (d === '9' ? '8' : String(Number(d) + 1)));
    const tampered = tamperQr(qr, number, number.slice(0, -6) + other);
    await qrInput().fill(tampered);
    await check().click();
    await page.locator('[data-testid="verdict"][data-valid="no"]').waitFor();
    expect(await page.locator('[data-check="signature"]').getAttribute('class')).toContain(
      'check-failed',
    );
    expect(await page.locator('[data-check="signature"] code').textContent()).toBe(
      'KPX_SIGNATURE_INVALID',
    );
    // The first failed check is the cause the verdict names.
    expect(await page.locator('[data-check].check-failed').first().getAttribute('data-check')).toBe(
      'signature',
    );
    await checkPage(page, 'verify-offline-tampered', { axe: false });

    // And the genuine one, still, with the node gone.
    await qrInput().fill(qr);
    await check().click();
    await page.locator('[data-testid="verdict"][data-valid="yes"]').waitFor();
  }, 60_000);

  it('opens again with the browser offline and the node gone: the page comes from its cache', async () => {
    expect(net).toBeUndefined(); // stopped by the test before
    const before = requests.length;
    await page.reload();
    await page.getByRole('heading', { name: 'Verify a KP certificate' }).waitFor();
    // The trust list kept in this browser, as verified against the pinned root.
    await page.locator('[data-testid="trust-status"][data-state="cached"]').waitFor();
    await qrInput().fill(qr);
    await check().click();
    await page.locator('[data-testid="verdict"][data-valid="yes"]').waitFor();
    expect(await page.getByTestId('claims-number').textContent()).toBe(number);
    expect(await page.locator('[data-check].check-ok').count()).toBe(qrCheckNames.length);
    // Nothing reached a server: the page and its files came from the service worker's cache.
    const served = await page.evaluate(() =>
      performance
        .getEntriesByType('navigation')
        .map((e) => (e as PerformanceNavigationTiming).workerStart > 0),
    );
    expect(served).toEqual([true]);
    expect(requests.slice(before).filter((r) => r.startsWith('POST '))).toStrictEqual([]);
    await checkPage(page, 'verify-offline-reloaded', { axe: false });
  }, 60_000);

  it('ran without CSP violations or script errors', async () => {
    expect(await cspViolations(page)).toEqual([]);
    // The failed status lookups while offline are the only console errors expected.
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});
