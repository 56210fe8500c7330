// Trader applications in real Chromium against two real nodes serving the built console
// (docs/applications.md): the trader applies with its PDFs through the issue form's fields and
// validation, the RU issuer finds it in the review queue with its waiting time, reviews and
// approves it (the certificate is issued), the trader follows it to delivery at EU; the admin
// registers a company and its trader. Pages checked with axe-core, at 375 px, for CSP
// violations and script errors.
import type { RunningNetwork } from '@kpx/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPdf } from '../support/pdf.js';
import {
  checkPage,
  cspViolations,
  launchBrowser,
  newContext,
  watchErrors,
} from './support/browser.js';
import { startConsoleNetwork, type Officer } from './support/network.js';

let browser: Browser;
let net: RunningNetwork;
let officer: (code: 'RU' | 'EU', role: 'admin' | 'issuer') => Officer;
let url: (code: 'RU' | 'EU') => string;
const contexts: { context: BrowserContext; page: Page; errors: string[] }[] = [];

type Manifest = {
  nodes: Record<
    string,
    {
      users: Array<{ username: string; password: string; role: string }>;
      company: { name: string; address: string; licence: string };
      tokens: Record<string, string>;
    }
  >;
};

async function openPage(): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  contexts.push({ context, page, errors: watchErrors(page) });
  return page;
}

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${url('RU')}/`);
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('officer').waitFor();
}

async function certificateStatus(number: string): Promise<string> {
  const token = (net.manifest as unknown as Manifest).nodes['RU']?.tokens['auditor'] ?? '';
  const res = await fetch(`${url('RU')}/api/v1/certificates/${encodeURIComponent(number)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { status: string }).status;
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

describe('trader applications in the console (real Chromium, two nodes)', () => {
  let trader: Page;
  let applicationUrl = '';

  it('lets the trader apply with the issue form’s fields and its PDF documents', async () => {
    const ru = (net.manifest as unknown as Manifest).nodes['RU']!;
    const account = ru.users.find((u) => u.role === 'trader')!;
    trader = await openPage();
    await signIn(trader, account);
    await trader.getByRole('heading', { name: 'My applications' }).waitFor();
    // The officers' pages are not the trader's.
    expect(await trader.locator('[data-nav="/outgoing"]').count()).toBe(0);
    await checkPage(trader, 'applications-trader-empty');

    await trader.locator('[data-nav="/applications/new"]').click();
    await trader.getByRole('heading', { name: 'New application' }).waitFor();
    // Submitting the empty form shows the domain's problems by field, as for an officer.
    await trader.getByTestId('application-submit').click();
    await trader.getByTestId('problem-summary').waitFor();
    expect(await trader.locator('.field-errors[data-path="/exporter/name"]').count()).toBe(1);

    const form = trader.getByTestId('application-form');
    await form.locator('select[name=importingParticipant]').selectOption('EU');
    await form.locator('[name="exporter.name"]').fill(ru.company.name);
    await form.locator('[name="exporter.address"]').fill(ru.company.address);
    await form.locator('[name="exporter.licence"]').fill(ru.company.licence);
    await form.locator('[name="importer.name"]').fill('Schupstraat Rough Trading BV');
    await form.locator('[name="importer.address"]').fill('Schupstraat 9, 2018 Antwerpen, Belgium');
    await form.locator('[name=origin]').fill('RU');
    await form.locator('[name="items.0.hs"]').selectOption('7102.31');
    await form.locator('[name="items.0.carats"]').fill('1520.35');
    await form.locator('[name="items.0.valueUsd"]').fill('2450000.00');
    await form.locator('[name=parcels]').fill('4');
    await trader.getByTestId('invoice-file').setInputFiles({
      name: 'invoice-0042.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf('invoice'),
    });
    // A "PDF" that is not one: the node refuses it, and says which document.
    await trader.getByTestId('packing-list-file').setInputFiles({
      name: 'packing-0042.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    await trader.getByTestId('application-submit').click();
    await trader.getByTestId('problem-summary').filter({ hasText: 'no %PDF- header' }).waitFor();
    await trader.getByTestId('packing-list-file').setInputFiles({
      name: 'packing-0042.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf('packing list'),
    });
    await checkPage(trader, 'application-form', { axe: false });
    await trader.getByTestId('application-submit').click();
    await trader.getByTestId('application-submitted').waitFor();
    await trader.getByRole('link', { name: 'View the application' }).click();
    await trader.getByTestId('application-status').filter({ hasText: 'submitted' }).waitFor();
    applicationUrl = trader.url();
    expect(await trader.getByTestId('application-documents').textContent()).toContain(
      'invoice-0042.pdf',
    );
    await checkPage(trader, 'application-trader-detail');
  }, 90_000);

  it('puts it in the issuer’s queue with its waiting time; review, then approval issues it', async () => {
    const issuer = await openPage();
    await signIn(issuer, officer('RU', 'issuer'));
    await issuer.locator('[data-nav="/applications"]').click();
    await issuer.getByRole('heading', { name: 'Applications to review' }).waitFor();
    const row = issuer.getByTestId('application-row').first();
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('submitted');
    expect((await row.getByTestId('waiting').textContent())?.trim()).not.toBe('—');
    await checkPage(issuer, 'applications-queue');
    await row.getByRole('link').click();

    await issuer.getByRole('button', { name: 'Take up for review' }).click();
    await issuer.getByTestId('decision-submit').click();
    await issuer.getByTestId('application-status').filter({ hasText: 'under review' }).waitFor();

    await issuer.getByRole('button', { name: 'Approve and issue' }).click();
    // Approval without seals and check: the node names both fields.
    await issuer.getByTestId('decision-submit').click();
    await issuer.locator('.field-errors[data-path="/check"]').waitFor();
    const dialog = issuer.getByTestId('decision-dialog');
    await dialog.locator('textarea').nth(0).fill('RU-S-100200\nRU-S-100201');
    await dialog.locator('textarea').nth(1).fill('Parcels weighed and sealed before the officer.');
    await checkPage(issuer, 'application-approve-dialog', { axe: false });
    await issuer.getByTestId('decision-submit').click();
    await issuer.getByTestId('application-status').filter({ hasText: 'approved' }).waitFor();
    await issuer.getByTestId('application-certificate').waitFor();
    await checkPage(issuer, 'application-approved');
  }, 90_000);

  it('lets the trader follow the certificate to its delivery at EU, and nothing of the officers', async () => {
    await trader.goto(applicationUrl);
    const certificate = trader.getByTestId('application-certificate');
    await certificate.waitFor();
    const heading = (await certificate.getByRole('heading').textContent()) ?? '';
    const number = /RU-\d{4}-\d{6}/.exec(heading)?.[0] ?? '';
    expect(number).not.toBe('');
    for (let i = 0; i < 100 && (await certificateStatus(number)) !== 'delivered'; i++)
      await new Promise((r) => setTimeout(r, 100));
    await trader.reload();
    await trader.locator('[data-event="delivered"]').waitFor();
    await checkPage(trader, 'application-trader-followed', { phoneShot: true });

    // A webhook to the cloud metadata address is refused, and the page says why.
    await trader.goto(`${url('RU')}/applications`);
    const hooks = trader.getByTestId('webhooks');
    await hooks.locator('[name=url]').fill('http://169.254.169.254/latest/meta-data');
    await hooks.getByRole('button', { name: 'Add the webhook' }).click();
    await trader
      .locator('.field-errors[data-path="/url"]')
      .filter({ hasText: 'link-local' })
      .waitFor();
    await checkPage(trader, 'applications-trader-webhooks');

    await trader.goto(`${url('RU')}/outgoing`);
    await trader.getByRole('heading', { name: /not allowed|Forbidden|Access/i }).waitFor();
  }, 90_000);

  it('lets the trader revise an application the officer sent back for changes', async () => {
    const ru = (net.manifest as unknown as Manifest).nodes['RU']!;
    const call = async (role: string, path: string, body: unknown) => {
      const res = await fetch(`${url('RU')}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ru.tokens[role] ?? ''}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      expect(res.ok, `${path} ${String(res.status)}`).toBe(true);
      return (await res.json()) as { id: string };
    };
    const pdf = (kind: string, label: string) => ({
      kind,
      filename: `${label}.pdf`,
      contentType: 'application/pdf',
      content: tinyPdf(label).toString('base64'),
    });
    const { id } = await call('trader', '/api/v1/applications', {
      draft: {
        importingParticipant: 'EU',
        exporter: {
          name: ru.company.name,
          address: ru.company.address,
          licence: ru.company.licence,
        },
        importer: { name: 'Schupstraat Rough Trading BV', address: 'Schupstraat 9, Antwerpen' },
        origin: 'RU',
        items: [{ hs: '7102.31', carats: '100.00', valueUsd: '50000.00' }],
        parcels: 1,
      },
      attachments: [pdf('invoice', 'inv-2'), pdf('packing-list', 'pack-2')],
    });
    await call('issuer', `/api/v1/applications/${id}/decision`, { action: 'review' });
    await call('issuer', `/api/v1/applications/${id}/decision`, {
      action: 'request-changes',
      reason: 'Two parcels were presented, not one.',
    });

    await trader.goto(`${url('RU')}/applications/${id}`);
    await trader.getByTestId('application-reason').filter({ hasText: 'Two parcels' }).waitFor();
    await trader.getByTestId('revise-link').click();
    await trader.getByRole('heading', { name: 'Revise the application' }).waitFor();
    const form = trader.getByTestId('application-form');
    await form.locator('[name=parcels]').waitFor();
    expect(await form.locator('[name="exporter.licence"]').inputValue()).toBe(ru.company.licence);
    await form.locator('[name=parcels]').fill('2');
    await trader.getByTestId('invoice-file').setInputFiles({
      name: 'inv-3.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf('inv-3'),
    });
    await trader.getByTestId('packing-list-file').setInputFiles({
      name: 'pack-3.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf('pack-3'),
    });
    await checkPage(trader, 'application-revise', { axe: false });
    await trader.getByTestId('application-submit').click();
    await trader.getByTestId('application-submitted').waitFor();
    await trader.getByRole('link', { name: 'View the application' }).click();
    await trader.getByTestId('application-status').filter({ hasText: 'submitted' }).waitFor();
    expect(await trader.getByTestId('application-documents').textContent()).toContain('inv-3.pdf');
  }, 90_000);

  it('lets the admin register a company and create its trader account', async () => {
    const admin = await openPage();
    await signIn(admin, officer('RU', 'admin'));
    await admin.locator('[data-nav="/companies"]').click();
    await admin.getByRole('heading', { name: 'Companies', level: 1 }).waitFor();
    const form = admin.getByTestId('company-form');
    await form.locator('[name=name]').fill('Mirny Rough Export LLC');
    await form.locator('[name=address]').fill('1 Lenin Street, Mirny');
    await form.locator('[name=licence]').fill('RU-EXP-2026-0077');
    await form.getByRole('button', { name: 'Register a company' }).click();
    await admin.getByTestId('company-notice').waitFor();
    await admin.getByTestId('company-row').filter({ hasText: 'RU-EXP-2026-0077' }).waitFor();
    const traderForm = admin.getByTestId('trader-form');
    await traderForm
      .locator('select[name=company]')
      .selectOption({ label: 'Mirny Rough Export LLC (RU-EXP-2026-0077)' });
    await traderForm.locator('[name=username]').fill('mirny-trader');
    await traderForm.locator('[name=displayName]').fill('Mirny trader');
    await traderForm.getByRole('button', { name: 'Create a trader account' }).click();
    await admin.getByTestId('trader-password').waitFor();
    await checkPage(admin, 'companies');
  }, 90_000);

  it('filters the issuer’s queue by company (a company without applications shows none)', async () => {
    const ru = (net.manifest as unknown as Manifest).nodes['RU']!;
    const issuer = await openPage();
    await signIn(issuer, officer('RU', 'issuer'));
    await issuer.locator('[data-nav="/applications"]').click();
    await issuer.getByRole('heading', { name: 'Applications to review' }).waitFor();
    await issuer.getByTestId('application-status-filter').selectOption('');
    const filter = issuer.getByTestId('application-company-filter');
    // Registered by the admin in the previous test: listed, though it has no application yet.
    await filter
      .locator('option', { hasText: 'Mirny Rough Export LLC' })
      .waitFor({ state: 'attached' });

    await filter.selectOption({ label: ru.company.name });
    const rows = issuer.getByTestId('applications-table').getByTestId('application-row');
    await rows.first().waitFor();
    const companies = await rows.locator('td:nth-child(2)').allTextContents();
    expect(companies.length).toBeGreaterThan(0);
    expect(new Set(companies)).toEqual(new Set([ru.company.name]));

    await filter.selectOption({ label: 'Mirny Rough Export LLC' });
    await issuer.getByText('No applications.').waitFor();
    expect(await issuer.getByTestId('application-row').count()).toBe(0);
    await checkPage(issuer, 'applications-queue-company-filter');
  }, 90_000);

  it('ran without CSP violations or script errors on any page', async () => {
    for (const { page, errors } of contexts) {
      expect(await cspViolations(page), page.url()).toEqual([]);
      expect(errors, page.url()).toEqual([]);
    }
  });
});
