// The officer console and the public verification page in real Chromium against two real
// nodes (RU-MINFIN, EU-BE-ANTWERP) serving the built @kpx/web: sign in, issue in the browser,
// delivery to the EU node, import confirmation there, the confirmation back at RU; role limits;
// public verification by number, pasted QR, photo of the QR, and a tampered QR. Every page is
// checked with axe-core (no serious or critical violation), for horizontal overflow at 375 px,
// for CSP violations and errors, and screenshotted to test-results/screenshots/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDirectory, sampleDraft, validateDraft } from '@kpx/domain';
import type { RunningNetwork } from '@kpx/node';
import { encodeQrPayload } from '@kpx/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPage,
  cspViolations,
  launchBrowser,
  newContext,
  screenshotDir,
  watchErrors,
} from './support/browser.js';
import { startConsoleNetwork, type Officer, type Role } from './support/network.js';
import { photoOf, qrPng, tamperQr, totpCode } from './support/qr.js';

type Detail = {
  number: string;
  status: string;
  signed: string | null;
  certificate: Parameters<typeof encodeQrPayload>[0];
};

let browser: Browser;
let net: RunningNetwork;
let officer: (code: 'RU' | 'EU', role: Role) => Officer;
let url: (code: 'RU' | 'EU') => string;
const contexts: { context: BrowserContext; page: Page; errors: string[] }[] = [];

async function openPage(): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  contexts.push({ context, page, errors: watchErrors(page) });
  return page;
}

async function signIn(page: Page, code: 'RU' | 'EU', who: Officer, path = '/'): Promise<void> {
  await page.goto(`${url(code)}${path}`);
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('officer').waitFor();
}

async function api<T>(
  code: 'RU' | 'EU',
  role: Role,
  path: string,
  init: RequestInit = {},
): Promise<T> {
  const token = net.nodes[code]?.tokens[role] ?? '';
  const response = await fetch(`${url(code)}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  if (!response.ok) throw new Error(`${path}: ${String(response.status)} ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitForStatus(code: 'RU' | 'EU', number: string, status: string): Promise<Detail> {
  let last = '';
  for (let i = 0; i < 100; i++) {
    try {
      const detail = await api<Detail>(
        code,
        'auditor',
        `/api/v1/certificates/${encodeURIComponent(number)}`,
      );
      last = detail.status;
      if (detail.status === status) return detail;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${number} at ${code} never became ${status} (last: ${last})`);
}

beforeAll(async () => {
  const started = await startConsoleNetwork();
  net = started.net;
  officer = started.officer;
  url = started.url;
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  for (const { context } of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await net?.stop();
}, 60_000);

describe('officer console and public verification (real Chromium, two nodes)', () => {
  let issued = '';
  let second = '';
  let ruIssuer: Page;
  let ruImporter: Page;

  it('signs in at RU, issues in the browser with live validation and preview', async () => {
    ruIssuer = await openPage();
    await ruIssuer.goto(`${url('RU')}/`);
    await ruIssuer.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkPage(ruIssuer, 'sign-in', { phoneShot: true });
    const who = officer('RU', 'issuer');
    await ruIssuer.getByLabel('Username').fill(who.username);
    await ruIssuer.getByLabel('Password').fill('not the password');
    await ruIssuer.getByRole('button', { name: 'Sign in' }).click();
    await ruIssuer.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
    await ruIssuer.getByLabel('Password').fill(who.password);
    await ruIssuer.getByRole('button', { name: 'Sign in' }).click();
    await ruIssuer.getByTestId('officer').waitFor();
    await ruIssuer.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await ruIssuer.getByTestId('outgoing-issued').waitFor();

    await ruIssuer.getByTestId('issue-button').click();
    await ruIssuer.getByRole('heading', { name: 'Issue a certificate' }).waitFor();
    // Submitting the empty form shows every problem, with the domain's own messages, by field.
    await ruIssuer.getByTestId('preview-button').click();
    const summary = ruIssuer.getByTestId('problem-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('/importingParticipant');
    expect(await ruIssuer.locator('.field-errors[data-path="/exporter/name"]').count()).toBe(1);
    await checkPage(ruIssuer, 'issue-problems');

    const form = ruIssuer.getByTestId('issue-form');
    await form.locator('select[name=importingParticipant]').selectOption('EU');
    await form.locator('[name="exporter.name"]').fill('Lena Rough Diamonds JSC');
    await form
      .locator('[name="exporter.address"]')
      .fill('12 Lenina Avenue, Yakutsk 677000, Russian Federation');
    await form.locator('[name="exporter.licence"]').fill('RU-EXP-2026-0042');
    await form.locator('[name="importer.name"]').fill('Schupstraat Rough Trading BV');
    await form.locator('[name="importer.address"]').fill('Schupstraat 9, 2018 Antwerpen, Belgium');
    await form.locator('[name=origin]').fill('RU');
    await form.locator('[name="items.0.hs"]').selectOption('7102.31');
    await form.locator('[name="items.0.carats"]').fill('1520.35');
    // A typed amount without decimals is normalised by text on leaving the field.
    await form.locator('[name="items.0.valueUsd"]').fill('2450000');
    await form.locator('[name="items.0.valueUsd"]').blur();
    expect(await form.locator('[name="items.0.valueUsd"]').inputValue()).toBe('2450000.00');
    await ruIssuer.getByTestId('add-line').click();
    await form.locator('[name="items.1.hs"]').selectOption('7102.21');
    await form.locator('[name="items.1.carats"]').fill('0.00');
    await form.locator('[name="items.1.carats"]').blur();
    // Live validation: carats must be more than zero — the domain's rule and its very message.
    const zero = ruIssuer.locator('.field-errors[data-path="/items/1/carats"] li');
    await zero.waitFor();
    const domain = validateDraft(
      {
        ...sampleDraft,
        items: [
          { hs: '7102.31', carats: '1520.35', valueUsd: '2450000.00' },
          { hs: '7102.21', carats: '0.00', valueUsd: '1.00' },
        ],
      },
      {
        directory: defaultDirectory,
        issuingAuthority: 'RU-MINFIN',
        today: new Date().toISOString().slice(0, 10),
      },
    );
    const expected = domain.ok
      ? undefined
      : domain.problems.find((p) => p.path === '/items/1/carats');
    expect(expected).toBeDefined();
    expect(await zero.textContent()).toBe(`${expected?.message ?? ''} ${expected?.code ?? ''}`);
    await form.locator('[name="items.1.carats"]').fill('310.50');
    await form.locator('[name="items.1.valueUsd"]').fill('12000.00');
    await form.locator('[name=parcels]').fill('4');
    await form.locator('[name=seals]').fill('RU-S-000123\nRU-S-000124');
    await ruIssuer.getByTestId('live-status').filter({ hasText: 'Ready' }).waitFor();
    expect(await ruIssuer.locator('.field-errors').count()).toBe(0);
    await checkPage(ruIssuer, 'issue-form', { phoneShot: true, axe: false });

    await ruIssuer.getByTestId('preview-button').click();
    await ruIssuer.getByRole('heading', { name: 'Check before signing' }).waitFor();
    expect(await ruIssuer.getByTestId('certificate-view').textContent()).toContain('1,830.85 ct');
    await checkPage(ruIssuer, 'issue-preview');
    await ruIssuer.getByTestId('issue-submit').click();
    await ruIssuer.getByTestId('issue-result').waitFor();
    issued = (await ruIssuer.getByTestId('issued-number').textContent()) ?? '';
    expect(issued).toMatch(/^RU-\d{4}-\d{6}$/);
    expect(await ruIssuer.getByTestId('issued-delivery').textContent()).toBe('Electronic');
    await checkPage(ruIssuer, 'issue-done');
  }, 90_000);

  it('lists it in RU outgoing and shows the detail with every check passed', async () => {
    await waitForStatus('RU', issued, 'delivered');
    await ruIssuer
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Outgoing' })
      .click();
    await ruIssuer.locator(`tr[data-number="${issued}"]`).waitFor();
    await checkPage(ruIssuer, 'outgoing');
    // Find by number goes straight to the certificate.
    await ruIssuer.getByRole('searchbox', { name: 'Find a certificate by number' }).fill(issued);
    await ruIssuer.getByRole('button', { name: 'Find' }).click();
    await ruIssuer.getByTestId('detail-verdict').filter({ hasText: 'Signature valid' }).waitFor();
    expect(await ruIssuer.locator('[data-check].check-failed').count()).toBe(0);
    expect(await ruIssuer.getByTestId('action-cancel').count()).toBe(1);
    const pdfHref = (await ruIssuer.getByTestId('action-pdf').getAttribute('href')) ?? '';
    expect(pdfHref).toContain('/pdf?lang=en');
    // The link works with the session cookie alone (no token): the printable certificate.
    const pdf = await ruIssuer.request.get(`${url('RU')}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await ruIssuer.getByTestId('receipts').waitFor();
    await checkPage(ruIssuer, 'detail-outgoing');
  }, 60_000);

  it('appears in the EU node’s incoming list; the EU importer confirms with per-HS figures', async () => {
    const eu = await openPage();
    await signIn(eu, 'EU', officer('EU', 'importer'), '/incoming');
    await eu.locator(`tr[data-number="${issued}"]`).waitFor();
    await checkPage(eu, 'incoming', { phoneShot: true });
    await eu.locator(`tr[data-number="${issued}"] a`).click();
    await eu.getByTestId('action-confirm').click();
    const dialog = eu.getByTestId('confirm-dialog');
    await dialog.getByRole('heading', { name: `Confirm import of ${issued}` }).waitFor();
    const gem = dialog.getByTestId('confirm-line-7102.31').locator('input').first();
    await gem.fill('1519.35');
    await gem.blur();
    await dialog.getByTestId('discrepancy-preview').filter({ hasText: 'discrepancy' }).waitFor();
    await checkPage(eu, 'confirm-dialog');
    await dialog.getByTestId('confirm-submit').click();
    await eu.locator('h1 [data-status="confirmed"]').waitFor();
    await eu.getByTestId('discrepancy-count').filter({ hasText: '2 discrepancy' }).waitFor();
    expect(await eu.locator('[data-testid="confirmation"] tr[data-differs="yes"]').count()).toBe(2);
    await checkPage(eu, 'detail-confirmed-eu');
  }, 60_000);

  it('shows the confirmation at RU, discrepancies highlighted', async () => {
    await waitForStatus('RU', issued, 'confirmed');
    await ruIssuer.reload();
    await ruIssuer.locator('h1 [data-status="confirmed"]').waitFor();
    await ruIssuer.getByTestId('discrepancy-count').filter({ hasText: '2 discrepancy' }).waitFor();
    expect(await ruIssuer.getByTestId('action-cancel').count()).toBe(0);
    expect(await ruIssuer.locator('.items-table td.diff').count()).toBe(1);
    await checkPage(ruIssuer, 'detail-confirmed-ru', { phoneShot: true });
    await ruIssuer.getByRole('link', { name: 'Dashboard' }).click();
    await ruIssuer.getByText(issued).first().waitFor();
    await checkPage(ruIssuer, 'dashboard');
    await ruIssuer.getByTestId('language').selectOption('ru');
    await ruIssuer.getByRole('heading', { name: 'Сводка' }).waitFor();
    expect(await ruIssuer.evaluate(() => document.documentElement.lang)).toBe('ru');
    await checkPage(ruIssuer, 'dashboard-ru', { phoneShot: true, axe: false });
    await ruIssuer.getByTestId('language').selectOption('en');
  }, 60_000);

  it('limits actions by role: importer cannot cancel, issuer can amend and cancel', async () => {
    second = (
      await api<{ number: string }>('RU', 'issuer', '/api/v1/certificates', {
        method: 'POST',
        body: JSON.stringify(sampleDraft),
      })
    ).number;
    await waitForStatus('RU', second, 'delivered');
    const importer = await openPage();
    ruImporter = importer;
    await signIn(importer, 'RU', officer('RU', 'importer'), `/certificates/${second}`);
    await importer.getByTestId('detail-actions').waitFor();
    await importer.locator('h1 [data-status="delivered"]').waitFor();
    expect(await importer.getByTestId('action-cancel').count()).toBe(0);
    expect(await importer.getByTestId('action-amend').count()).toBe(0);
    expect(await importer.getByTestId('action-confirm').count()).toBe(0); // outgoing: not theirs to confirm
    expect(await importer.getByRole('link', { name: 'Issue', exact: true }).count()).toBe(0);
    await checkPage(importer, 'detail-importer-view');

    await ruIssuer.goto(`${url('RU')}/certificates/${second}`);
    await ruIssuer.getByTestId('action-amend').click();
    await ruIssuer.getByRole('heading', { name: `Amend ${second}` }).waitFor();
    const form = ruIssuer.getByTestId('issue-form');
    await expect
      .poll(() => form.locator('[name="exporter.name"]').inputValue())
      .toBe(sampleDraft.exporter.name);
    expect(await form.locator('[name=replaces]').inputValue()).toBe(second);
    await checkPage(ruIssuer, 'issue-amend');

    await ruIssuer.goto(`${url('RU')}/certificates/${second}`);
    await ruIssuer.getByTestId('action-cancel').click();
    const dialog = ruIssuer.getByTestId('cancellation-dialog');
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill('Shipment withdrawn by the exporter');
    await checkPage(ruIssuer, 'cancel-dialog');
    await dialog.getByTestId('cancellation-submit').click();
    await ruIssuer.locator('h1 [data-status="cancelled"]').waitFor();
  }, 60_000);

  it('shows an analyst no Issue button and refuses the issue page; statistics load lazily', async () => {
    const analyst = await openPage();
    await signIn(analyst, 'RU', officer('RU', 'analyst'));
    await analyst.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await analyst.getByTestId('issue-button').count()).toBe(0);
    expect(await analyst.locator('[data-nav="/issue"]').count()).toBe(0);
    await analyst.goto(`${url('RU')}/issue`);
    await analyst.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await checkPage(analyst, 'issue-forbidden-analyst');

    await analyst.locator('[data-nav="/statistics"]').click();
    await analyst.getByRole('heading', { name: 'Statistics' }).waitFor();
    // The statistics routes may not exist on the node yet: then a clear "not available".
    await analyst
      .locator('[data-testid="not-available"], [data-testid="stats-table"], .empty')
      .first()
      .waitFor();
    await expect.poll(() => analyst.locator('.loading').count()).toBe(0);
    await checkPage(analyst, 'statistics');
    const csv = (await analyst.getByTestId('download-csv').getAttribute('href')) ?? '';
    expect(csv).toMatch(/^\/api\/v1\/statistics\?period=\d{4}-Q\d&flow=export&format=csv$/);
    const download = await analyst.request.get(`${url('RU')}${csv}`);
    expect(download.status()).toBe(200);

    // Charts from known rows (the page's rendering, independent of the node's figures).
    const rows = [
      {
        period: 'P',
        flow: 'export',
        partner: 'EU',
        hs: '7102.31',
        origin: 'RU',
        certificates: 3,
        carats: '4520.35',
        valueUsd: '7450000.00',
      },
      {
        period: 'P',
        flow: 'export',
        partner: 'EU',
        hs: '7102.21',
        origin: 'RU',
        certificates: 1,
        carats: '1870.10',
        valueUsd: '21506.15',
      },
      {
        period: 'P',
        flow: 'export',
        partner: 'AE',
        hs: '7102.31',
        origin: 'RU',
        certificates: 2,
        carats: '999.99',
        valueUsd: '1250000.00',
      },
      {
        period: 'P',
        flow: 'export',
        partner: 'IN',
        hs: '7102.10',
        origin: 'MIXED',
        certificates: 1,
        carats: '12000.00',
        valueUsd: '360000.00',
      },
    ];
    await analyst.route(
      (u) => u.pathname === '/api/v1/statistics',
      (route) => {
        const period = new URL(route.request().url()).searchParams.get('period') ?? '';
        void route.fulfill({ json: { period, rows: rows.map((r) => ({ ...r, period })) } });
      },
    );
    // A route the node does not offer answers 404: the card says so instead of failing.
    await analyst.route(
      (u) => u.pathname === '/api/v1/anomalies',
      (route) =>
        void route.fulfill({
          status: 404,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Not Found',
            status: 404,
            code: 'KPX_NOT_FOUND',
          }),
        }),
    );
    await analyst.reload();
    await analyst.getByTestId('not-available').filter({ hasText: 'Anomaly reports' }).waitFor();
    await analyst.getByTestId('chart-partner').locator('canvas').waitFor();
    await analyst.getByTestId('chart-quarter').locator('canvas').waitFor();
    expect(await analyst.getByTestId('stats-table').textContent()).toContain('4,520.35');
    await expect.poll(() => analyst.locator('.loading').count()).toBe(0);
    await checkPage(analyst, 'statistics-charts', { phoneShot: true });
  }, 60_000);

  it('records an incoming paper certificate (importer)', async () => {
    const importer = ruImporter;
    await importer.goto(`${url('RU')}/paper`);
    await importer.getByRole('heading', { name: 'Record a paper certificate' }).waitFor();
    const form = importer.getByTestId('paper-form');
    await form.locator('[name=number]').fill('BW 0123456');
    await form.locator('select[name=exportingParticipant]').selectOption('BW');
    await form.locator('[name=issuingAuthority]').fill('Government Diamond Valuator, Gaborone');
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await form.locator('[name=issuedOn]').fill(today);
    await form.locator('[name=expiresOn]').fill(later);
    await form.locator('[name="exporter.name"]').fill('Okavango Diamond Company');
    await form.locator('[name="exporter.address"]').fill('Plot 63016, Gaborone, Botswana');
    await form.locator('[name="importer.name"]').fill('Alrosa Trading');
    await form.locator('[name="importer.address"]').fill('Moscow, Russian Federation');
    await form.locator('[name=origin]').fill('BW');
    await form.locator('[name="items.0.carats"]').fill('100.00');
    await form.locator('[name="items.0.valueUsd"]').fill('25000.00');
    await form.locator('[name="totals.carats"]').fill('100.01');
    await form.locator('[name="totals.valueUsd"]').fill('25000.00');
    await form.locator('[name=parcels]').fill('1');
    await importer.getByRole('button', { name: 'Record certificate' }).click();
    // The printed totals disagree with the lines: the domain says so before anything is sent.
    await importer.locator('.field-errors[data-path="/totals/carats"]').waitFor();
    await checkPage(importer, 'paper-problems');
    await form.locator('[name="totals.carats"]').fill('100.00');
    await importer.getByRole('button', { name: 'Record certificate' }).click();
    await importer.getByTestId('paper-result').waitFor();
    await importer.getByRole('link', { name: 'View certificate' }).click();
    await importer
      .getByText('Recorded from paper: there is no digital signature to check.')
      .waitFor();
    expect(await importer.getByTestId('action-confirm').count()).toBe(1);
    await checkPage(importer, 'detail-paper');
  }, 60_000);

  it('trust list, users admin, account with TOTP enrolment, then sign-in asks for the code', async () => {
    const admin = await openPage();
    const who = officer('RU', 'admin');
    await signIn(admin, 'RU', who, '/trust-list');
    await admin.getByTestId('trust-freshness').waitFor();
    await admin.getByTestId('trust-keys').waitFor();
    await checkPage(admin, 'trust-list');

    await admin.locator('[data-nav="/users"]').click();
    await admin.getByTestId('users-table').waitFor();
    const create = admin.getByTestId('create-user');
    await create.locator('#f-username').fill('ru-new-analyst');
    await create.locator('#f-displayName').fill('New Analyst');
    await create.locator('#f-role').selectOption('analyst');
    await create.getByRole('button', { name: 'Create user' }).click();
    const initial = (await admin.getByTestId('temporary-password').textContent()) ?? '';
    expect(initial.length).toBeGreaterThanOrEqual(12);
    const row = admin.locator('tr[data-username="ru-new-analyst"]');
    await row.waitFor();

    // The new officer signs in with the password the admin got and is asked to choose one.
    const newcomer = await openPage();
    await signIn(newcomer, 'RU', {
      username: 'ru-new-analyst',
      password: initial,
      role: 'analyst',
    });
    await newcomer.getByTestId('must-change-password').getByRole('link').click();
    const change = newcomer.getByTestId('change-password');
    await change.getByLabel('Current password').fill('not my password at all');
    await change
      .getByLabel('New password', { exact: false })
      .first()
      .fill('a brand new password 42');
    await change.getByLabel('New password again').fill('a brand new password 42');
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.locator('.field-errors[data-path="/currentPassword"]').waitFor();
    await change.getByLabel('Current password').fill(initial);
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.getByText('Password changed.').waitFor();
    await newcomer.locator('[data-nav="/"]').click();
    await newcomer.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await newcomer.getByTestId('must-change-password').count()).toBe(0);

    await row.getByRole('button', { name: 'Reset password' }).click();
    await admin
      .getByTestId('users-notice')
      .filter({ hasText: 'Password of ru-new-analyst reset.' })
      .waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('disabled').waitFor();
    await row.getByRole('combobox').selectOption('auditor');
    await admin
      .getByTestId('users-notice')
      .filter({ hasText: 'User ru-new-analyst updated.' })
      .waitFor();
    await checkPage(admin, 'users');

    await admin.locator('[data-nav="/account"]').click();
    await admin.getByRole('button', { name: 'Set up authenticator' }).click();
    const secret = (await admin.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await admin.getByLabel('Code from the app').fill(totpCode(secret));
    await checkPage(admin, 'account-totp');
    await admin.getByRole('button', { name: 'Turn on' }).click();
    await admin.getByText('Two-factor sign-in is on.').first().waitFor();
    await checkPage(admin, 'account', { axe: false });

    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.getByRole('heading', { name: 'Sign in' }).waitFor();
    await admin.getByLabel('Username').fill(who.username);
    await admin.getByLabel('Password').fill(who.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByLabel('Authentication code').waitFor();
    await checkPage(admin, 'sign-in-totp');
    // The enrolment used this step's code; a code is accepted once, so take the next step's.
    await admin.getByLabel('Authentication code').fill(totpCode(secret, 1));
    await admin.getByRole('button', { name: 'Verify code' }).click();
    await admin.getByTestId('officer').waitFor();
  }, 60_000);

  it('verifies publicly by number, by pasted QR, by a photo of the QR; refuses a tampered QR', async () => {
    const detail = await waitForStatus('RU', issued, 'confirmed');
    const signer = net.nodes.RU?.node.context.signer;
    if (signer === undefined || detail.signed === null) throw new Error('no signer or document');
    const qr = await encodeQrPayload(detail.certificate, detail.signed, signer);

    const pub = await openPage();
    await pub.goto(`${url('RU')}/verify`);
    await pub.getByRole('heading', { name: 'Verify a KP certificate' }).waitFor();
    expect(await pub.getByTestId('officer').count()).toBe(0);
    await checkPage(pub, 'verify');

    await pub.getByLabel('Certificate number').fill(issued);
    await pub.getByTestId('verify-number').getByRole('button', { name: 'Check' }).click();
    const status = pub.getByTestId('public-status');
    await status.waitFor();
    expect(await status.textContent()).toContain('Confirmed');
    // By number: status only, nothing commercial.
    const byNumber = (await pub.getByTestId('verify-result').textContent()) ?? '';
    expect(byNumber).not.toContain('Lena Rough Diamonds');
    expect(byNumber).not.toContain('1,520.35');
    await checkPage(pub, 'verify-number');

    await pub.getByLabel('QR text (KP1:…) or signed document').fill(qr);
    await pub.getByTestId('verify-qr').getByRole('button', { name: 'Check' }).click();
    await pub.locator('[data-testid="verdict"][data-valid="yes"]').waitFor();
    expect(await pub.getByTestId('claims-number').textContent()).toBe(issued);
    expect(await pub.locator('[data-check].check-ok').count()).toBe(9);
    await checkPage(pub, 'verify-qr', { phoneShot: true });

    const photo = await photoOf(pub, await qrPng(qr));
    writeFileSync(join(screenshotDir, 'qr-photo-uploaded.png'), photo); // the artefact: what was uploaded
    await pub
      .locator('#verify-photo-input')
      .setInputFiles({ name: 'qr-photo.png', mimeType: 'image/png', buffer: photo });
    await pub
      .getByTestId('photo-status')
      .filter({ hasText: 'QR code read.' })
      .waitFor({ timeout: 20_000 });
    await pub.locator('[data-testid="verdict"][data-valid="yes"]').waitFor();
    expect(await pub.getByTestId('verify-result').textContent()).toContain(
      'QR code from the photo',
    );
    await checkPage(pub, 'verify-photo', { axe: false });

    const digits = issued.slice(-6);
    const other = digits.replace(/.$/, (d) => (d === '9' ? '8' : String(Number(d) + 1)));
    const tampered = tamperQr(qr, issued, issued.slice(0, -6) + other);
    await pub.getByLabel('QR text (KP1:…) or signed document').fill(tampered);
    await pub.getByTestId('verify-qr').getByRole('button', { name: 'Check' }).click();
    await pub.locator('[data-testid="verdict"][data-valid="no"]').waitFor();
    expect(await pub.locator('[data-check="signature"]').getAttribute('class')).toContain(
      'check-failed',
    );
    await checkPage(pub, 'verify-tampered', { phoneShot: true });

    await pub.getByTestId('language').selectOption('fr');
    await pub.getByRole('heading', { name: 'Vérifier un certificat du PK' }).waitFor();
    await checkPage(pub, 'verify-fr', { axe: false });
  }, 90_000);

  it('ran without CSP violations or script errors on any page', async () => {
    // The pages ran under the node's own strict policy: no inline script or style, no eval.
    const csp = (await fetch(`${url('RU')}/verify`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    for (const { page, errors } of contexts) {
      expect(await cspViolations(page), page.url()).toEqual([]);
      expect(errors, page.url()).toEqual([]);
    }
  });
});
