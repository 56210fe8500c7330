import { sampleDraft } from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { pdfAttachments, tinyPdf } from '../../../../test/support/pdf.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import { checkAttachments } from './attachments.js';

// Trader applications on one node (docs/applications.md): the documents' checks, the same
// validation an officer gets, the decision flow and its atomicity, companies and trader accounts.

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;
const limits = { maxBytes: 1024, maxCount: 4 };
const pdf = (label: string) => tinyPdf(label).toString('base64');

describe('checkAttachments', () => {
  const invoice = { kind: 'invoice' as const, filename: 'i.pdf', contentType: 'application/pdf' };
  const packing = { ...invoice, kind: 'packing-list' as const, filename: 'p.pdf' };

  it('accepts PDFs and keeps their exact bytes with the SHA-256', () => {
    const result = checkAttachments(
      [
        { ...invoice, content: pdf('a') },
        { ...packing, content: pdf('b') },
      ],
      limits,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Buffer.from(result.value[0]!.content).equals(tinyPdf('a'))).toBe(true);
    expect(result.value[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names every problem: type, name, size, header, encoding, missing kinds', () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    const huge = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000)]).toString('base64');
    const result = checkAttachments(
      [
        { ...invoice, contentType: 'text/html', content: pdf('x') },
        { ...invoice, filename: '../../etc/passwd.pdf', content: pdf('y') },
        { ...invoice, filename: 'evil.pdf"\r\nSet-Cookie: a=b', content: pdf('y') },
        { ...invoice, filename: 'invoice.pdf.exe', content: pdf('z') },
        { ...invoice, content: html },
        { ...invoice, content: huge },
        { ...invoice, content: 'not base64!' },
      ],
      limits,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['KPX_ATTACHMENT_INVALID', '/attachments'],
      ['KPX_FIELD_REQUIRED', '/attachments'],
      ['KPX_ATTACHMENT_INVALID', '/attachments/0/contentType'],
      ['KPX_ATTACHMENT_INVALID', '/attachments/1/filename'],
      ['KPX_ATTACHMENT_INVALID', '/attachments/2/filename'],
      ['KPX_ATTACHMENT_INVALID', '/attachments/3/filename'],
      ['KPX_ATTACHMENT_INVALID', '/attachments/4/content'],
      ['KPX_ATTACHMENT_TOO_LARGE', '/attachments/5/content'],
      ['KPX_ATTACHMENT_INVALID', '/attachments/6/content'],
    ]);
  });
});

let net: TestNetwork;
let ru: TestNode;

const draft = () => ({
  ...structuredClone(sampleDraft),
  importingParticipant: 'EU',
  importingAuthority: 'EU-BE-ANTWERP',
});

function apply(body: unknown, role: 'trader' | 'issuer' = 'trader'): Promise<Response> {
  return ru.request('/api/v1/applications', { method: 'POST', role, json: body });
}

async function submitted(): Promise<string> {
  const res = await apply({ draft: draft(), attachments: pdfAttachments() });
  expect(res.status).toBe(201);
  return (await json(res))['id'] as string;
}

function decide(id: string, decision: Json): Promise<Response> {
  return ru.request(`/api/v1/applications/${id}/decision`, {
    method: 'POST',
    role: 'issuer',
    json: decision,
  });
}

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], {
      database: () => d.database(),
    });
    ru = net.nodes['RU-MINFIN']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('submission', () => {
    it('gives a trader the very problems an officer’s issue gets, under /draft', async () => {
      const bad = {
        ...draft(),
        parcels: 0,
        items: [{ hs: '7102.99', carats: '1.5', valueUsd: 'x' }],
      };
      const officer = await json(
        await ru.request('/api/v1/certificates', { method: 'POST', role: 'issuer', json: bad }),
      );
      const trader = await apply({ draft: bad, attachments: pdfAttachments() });
      expect(trader.status).toBe(422);
      const problems = (await json(trader))['problems'] as Array<Json>;
      expect(problems).toEqual(
        (officer['problems'] as Array<Json>).map((p) => ({
          ...p,
          path: `/draft${String(p['path'])}`,
        })),
      );
      expect(problems.length).toBeGreaterThanOrEqual(3);
    });

    it('refuses an amendment: only an officer supersedes a certificate', async () => {
      const res = await apply({
        draft: { ...draft(), replaces: 'RU-2026-000001' },
        attachments: pdfAttachments(),
      });
      expect(res.status).toBe(422);
      expect(await json(res)).toMatchObject({
        problems: [{ code: 'KPX_FIELD_UNKNOWN', path: '/draft/replaces' }],
      });
    });

    it('refuses oversized, mistyped and malicious documents, storing nothing', async () => {
      const [invoice, packing] = pdfAttachments();
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]).toString('base64');
      const res = await apply({
        draft: draft(),
        attachments: [
          { ...invoice!, content: exe, filename: 'invoice.pdf' },
          { ...packing!, contentType: 'application/x-msdownload' },
          { ...invoice!, filename: 'C:\\temp\\x.pdf' },
          {
            ...invoice!,
            content: Buffer.concat([
              Buffer.from('%PDF-1.7\n'),
              Buffer.alloc(4 * 1024 * 1024),
            ]).toString('base64'),
          },
        ],
      });
      expect(res.status).toBe(422);
      expect(
        ((await json(res))['problems'] as Array<Json>).map((p) => [p['code'], p['path']]),
      ).toEqual([
        ['KPX_ATTACHMENT_INVALID', '/attachments/0/content'],
        ['KPX_ATTACHMENT_INVALID', '/attachments/1/contentType'],
        ['KPX_ATTACHMENT_INVALID', '/attachments/2/filename'],
        ['KPX_ATTACHMENT_TOO_LARGE', '/attachments/3/content'],
      ]);
      const stored = await ru.node.context.storage.db
        .selectFrom('applications')
        .select('id')
        .execute();
      expect(stored).toEqual([]);
    });

    it('refuses a body past the upload limit (applications.maxBodyBytes) with 413', async () => {
      const res = await ru.request('/api/v1/applications', {
        method: 'POST',
        role: 'trader',
        body: JSON.stringify({
          draft: draft(),
          attachments: [],
          pad: 'x'.repeat(17 * 1024 * 1024),
        }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(413);
      expect(await json(res)).toMatchObject({ code: 'KPX_BODY_TOO_LARGE' });
    });

    it('keeps a PDF with active content as inert bytes, served only as a sandboxed download', async () => {
      const hostile = Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n',
        'latin1',
      );
      const [invoice, packing] = pdfAttachments();
      const res = await apply({
        draft: draft(),
        attachments: [
          { ...invoice!, content: hostile.toString('base64'), filename: 'счёт.pdf' },
          packing,
        ],
      });
      expect(res.status).toBe(201);
      const body = await json(res);
      const attachment = (body['attachments'] as Array<Json>)[0]!;
      const download = await ru.request(
        `/api/v1/applications/${String(body['id'])}/attachments/${String(attachment['id'])}`,
        { role: 'issuer' },
      );
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toBe(
        `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('счёт.pdf')}`,
      );
      expect(download.headers.get('content-security-policy')).toMatch(
        /^sandbox; default-src 'none'/,
      );
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer()).equals(hostile)).toBe(true);
    });

    it('is for traders of an active company only', async () => {
      expect(
        (await apply({ draft: draft(), attachments: pdfAttachments() }, 'issuer')).status,
      ).toBe(403);
      await ru.request(`/api/v1/companies/${ru.company}`, {
        method: 'PATCH',
        role: 'admin',
        json: { status: 'suspended' },
      });
      const res = await apply({ draft: draft(), attachments: pdfAttachments() });
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ code: 'KPX_COMPANY_INACTIVE' });
    });
  });

  describe('decisions', () => {
    it('follows submitted → under_review → changes_requested | refused | approved, audited', async () => {
      const id = await submitted();
      const early = await decide(id, { action: 'approve', seals: ['RU-S-1'], check: 'done' });
      expect(early.status).toBe(409);
      expect(await json(early)).toMatchObject({ code: 'KPX_APPLICATION_STATE' });
      const reasonless = await decide(id, { action: 'refuse' });
      expect(reasonless.status).toBe(422);
      expect(await json(reasonless)).toMatchObject({
        problems: [{ code: 'KPX_FIELD_REQUIRED', path: '/reason' }],
      });
      expect((await decide(id, { action: 'review' })).status).toBe(200);
      const changes = await decide(id, { action: 'request-changes', reason: 'Invoice unsigned.' });
      expect(await json(changes)).toMatchObject({
        status: 'changes_requested',
        reason: 'Invoice unsigned.',
        waitingSeconds: null,
      });
      expect((await decide(id, { action: 'refuse', reason: 'late' })).status).toBe(409);

      const other = await submitted();
      const refused = await json(
        await decide(other, { action: 'refuse', reason: 'Licence expired.' }),
      );
      expect(refused).toMatchObject({
        status: 'refused',
        reason: 'Licence expired.',
        decidedBy: expect.stringMatching(/^token:/) as string,
      });
      const audit = await ru.node.context.storage.db
        .selectFrom('audit_log')
        .select(['action', 'subject'])
        .where('action', 'like', 'application.%')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'application.submit',
        'application.review',
        'application.request-changes',
        'application.submit',
        'application.refuse',
      ]);
    });

    it('takes the trader’s revision after changes were requested, back into the queue', async () => {
      const id = await submitted();
      const resubmit = (body: unknown) =>
        ru.request(`/api/v1/applications/${id}/resubmission`, {
          method: 'POST',
          role: 'trader',
          json: body,
        });
      const early = await resubmit({ draft: draft(), attachments: pdfAttachments('v2') });
      expect(early.status).toBe(409);
      await decide(id, { action: 'review' });
      await decide(id, { action: 'request-changes', reason: 'Parcels: 5, not 4.' });
      const invalid = await resubmit({ draft: { ...draft(), parcels: 0 }, attachments: [] });
      expect(invalid.status).toBe(422);
      const revised = await resubmit({
        draft: { ...draft(), parcels: 5 },
        attachments: pdfAttachments('v2'),
      });
      expect(revised.status).toBe(200);
      const body = await json(revised);
      expect(body).toMatchObject({ status: 'submitted', reason: null, draft: { parcels: 5 } });
      expect((body['attachments'] as Array<Json>).map((a) => a['filename'])).toEqual([
        'invoice-v2.pdf',
        'packing-list-v2.pdf',
      ]);
      expect((body['events'] as Array<Json>).map((e) => e['type'])).toEqual([
        'submitted',
        'under_review',
        'changes_requested',
        'submitted',
      ]);
      expect((await decide(id, { action: 'review' })).status).toBe(200);
    });

    it('approves in one transaction: a certificate that fails validation leaves nothing behind', async () => {
      const id = await submitted();
      await decide(id, { action: 'review' });
      const missing = await decide(id, { action: 'approve' });
      expect(await json(missing)).toMatchObject({
        problems: [
          { code: 'KPX_FIELD_REQUIRED', path: '/seals' },
          { code: 'KPX_FIELD_REQUIRED', path: '/check' },
        ],
      });
      // A seal the certificate rules refuse (printable ASCII only): the issue fails inside the
      // transaction, so no certificate, serial, outbox entry or decision is kept.
      const refused = await decide(id, {
        action: 'approve',
        seals: ['пломба 1'],
        check: 'weighed',
      });
      expect(refused.status).toBe(422);
      expect(await json(refused)).toMatchObject({
        code: 'KPX_VALIDATION_FAILED',
        problems: [{ path: '/seals/0' }],
      });
      const db = ru.node.context.storage.db;
      expect(await db.selectFrom('certificates').select('number').execute()).toEqual([]);
      expect(await db.selectFrom('outbox').select('id').execute()).toEqual([]);
      const after = await json(await ru.request(`/api/v1/applications/${id}`, { role: 'issuer' }));
      expect(after).toMatchObject({ status: 'under_review', certificate: null });

      const approved = await json(
        await decide(id, { action: 'approve', seals: ['RU-S-000901'], check: 'weighed' }),
      );
      expect(approved).toMatchObject({
        status: 'approved',
        check: 'weighed',
        certificateNumber: 'RU-2026-000001',
        certificate: { status: 'issued' },
      });
      expect(await db.selectFrom('outbox').select('subject').execute()).toEqual([
        { subject: 'RU-2026-000001' },
      ]);
      expect((await decide(id, { action: 'approve', seals: ['RU-S-1'], check: 'x' })).status).toBe(
        409,
      );
    });
  });

  describe('companies and trader accounts', () => {
    it('registers companies once per licence and ties every trader to one', async () => {
      const created = await ru.request('/api/v1/companies', {
        method: 'POST',
        role: 'admin',
        json: { name: 'Alrosa Trade', address: 'Moscow', licence: 'RU-EXP-2026-0100' },
      });
      expect(created.status).toBe(201);
      const company = await json(created);
      expect(company).toMatchObject({ status: 'active', licence: 'RU-EXP-2026-0100' });
      const again = await ru.request('/api/v1/companies', {
        method: 'POST',
        role: 'admin',
        json: { name: 'Other', address: 'Moscow', licence: 'RU-EXP-2026-0100' },
      });
      expect(again.status).toBe(409);
      const list = await json(await ru.request('/api/v1/companies', { role: 'admin' }));
      expect((list['items'] as Array<Json>).map((c) => c['licence'])).toEqual([
        'RU-EXP-2026-0100',
        'RU-EXP-2026-0042',
      ]);

      const user = (body: Json) =>
        ru.request('/api/v1/users', { method: 'POST', role: 'admin', json: body });
      const noCompany = await user({ username: 'trader-a', displayName: 'A', role: 'trader' });
      expect(noCompany.status).toBe(422);
      expect(await json(noCompany)).toMatchObject({ code: 'KPX_COMPANY_REQUIRED' });
      const unknown = await user({
        username: 'trader-a',
        displayName: 'A',
        role: 'trader',
        company: 'nope',
      });
      expect(await json(unknown)).toMatchObject({ code: 'KPX_COMPANY_REQUIRED' });
      const officer = await user({
        username: 'officer-a',
        displayName: 'A',
        role: 'issuer',
        company: String(company['id']),
      });
      expect(officer.status).toBe(422);
      const trader = await user({
        username: 'trader-a',
        displayName: 'A',
        role: 'trader',
        company: String(company['id']),
        password: 'a trader password',
      });
      expect(trader.status).toBe(201);
      expect((await json(trader))['user']).toMatchObject({
        role: 'trader',
        company: company['id'],
      });
      const promote = await ru.request('/api/v1/users/trader-a', {
        method: 'PATCH',
        role: 'admin',
        json: { role: 'issuer' },
      });
      expect(promote.status).toBe(409);

      // Signed in to the console, the trader sees its company and only its applications.
      const session = await ru.node.app.request('/api/v1/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'trader-a', password: 'a trader password' }),
      });
      expect(session.status).toBe(200);
      expect((await json(session))['user']).toMatchObject({
        role: 'trader',
        company: company['id'],
      });
      await submitted();
      const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const mine = await json(
        await ru.node.app.request('/api/v1/applications', { headers: { cookie } }),
      );
      expect(mine['items']).toEqual([]);

      const token = await ru.request('/api/v1/tokens', {
        method: 'POST',
        role: 'admin',
        json: { role: 'trader', name: 'erp', company: company['id'] },
      });
      expect(token.status).toBe(201);
      expect(await json(token)).toMatchObject({ role: 'trader', company: company['id'] });
    });
  });
});
