import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestNetwork,
  type TestNetwork,
  type TestNode,
} from '../../packages/node/src/testing/test-network.js';
import { forEachDialect } from '../support/dialects.js';
import { draftTo } from '../support/drafts.js';
import { pdfAttachments, tinyPdf } from '../support/pdf.js';

// Trader applications across two real nodes (docs/applications.md): a licensed exporter applies
// at RU-MINFIN, an officer reviews and approves (the certificate is issued from the
// application), it is delivered to EU-BE-ANTWERP, confirmed at import with a discrepancy, and
// the trader follows every step of it — and only its own company's.

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;

const draft = () =>
  draftTo({ participant: 'EU', authority: 'EU-BE-ANTWERP' }, { participant: 'RU' });

async function apply(
  node: TestNode,
  body: unknown = { draft: draft(), attachments: pdfAttachments() },
) {
  return node.request('/api/v1/applications', { method: 'POST', role: 'trader', json: body });
}

async function decide(id: string, decision: Json): Promise<Response> {
  return ru.request(`/api/v1/applications/${id}/decision`, {
    method: 'POST',
    role: 'issuer',
    json: decision,
  });
}

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], { database: () => d.database() });
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('application → review → approval → delivery → confirmed import', () => {
    it('issues the certificate from the application and lets the trader follow it to the importer', async () => {
      const submitted = await apply(ru);
      expect(submitted.status).toBe(201);
      const application = await json(submitted);
      const id = application['id'] as string;
      expect(application).toMatchObject({ status: 'submitted', certificate: null });
      const attachments = application['attachments'] as Array<Json>;
      expect(attachments.map((a) => a['kind'])).toEqual(['invoice', 'packing-list']);
      expect(attachments[0]!['sha256']).toBe(
        createHash('sha256').update(tinyPdf('invoice shipment')).digest('hex'),
      );

      // The review queue: longest waiting first, with the time waited.
      net.clock.advance(90 * 60 * 1000);
      const queue = await json(
        await ru.request('/api/v1/applications?status=submitted&order=asc', { role: 'issuer' }),
      );
      expect(queue['items']).toEqual([
        expect.objectContaining({ id, status: 'submitted', waitingSeconds: 5400 }),
      ]);

      expect((await decide(id, { action: 'review' })).status).toBe(200);
      const approved = await decide(id, {
        action: 'approve',
        seals: ['RU-S-100200', 'RU-S-100201'],
        check: 'Parcels weighed and sealed in the presence of the officer.',
      });
      expect(approved.status).toBe(200);
      const afterApproval = await json(approved);
      const number = afterApproval['certificateNumber'] as string;
      expect(afterApproval).toMatchObject({
        status: 'approved',
        seals: ['RU-S-100200', 'RU-S-100201'],
        waitingSeconds: null,
        certificate: { number, status: 'issued', delivery: 'electronic' },
      });

      // The certificate is the officer's ordinary certificate: same resource, seals recorded.
      const issued = await json(
        await ru.request(`/api/v1/certificates/${number}`, { role: 'auditor' }),
      );
      expect((issued['certificate'] as Json)['seals']).toEqual(['RU-S-100200', 'RU-S-100201']);

      net.clock.advance(1000);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ delivered: 1 });
      net.clock.advance(24 * 3600 * 1000);
      const confirmed = await eu.request(`/api/v1/certificates/${number}/confirmation`, {
        method: 'POST',
        role: 'importer',
        json: {
          parcels: 4,
          carats: '4320.40',
          valueUsd: '335150.95',
          receivedOn: '2026-03-03',
          sealsIntact: true,
        },
      });
      expect(confirmed.status).toBe(200);
      expect(await eu.node.dispatchOutbox()).toMatchObject({ delivered: 1 });

      const followed = await json(
        await ru.request(`/api/v1/applications/${id}`, { role: 'trader' }),
      );
      expect(followed).toMatchObject({
        status: 'approved',
        certificateStatus: 'confirmed',
        certificate: {
          number,
          status: 'confirmed',
          confirmation: {
            carats: '4320.40',
            discrepancies: [
              { field: 'carats', expected: '4320.45', actual: '4320.40', difference: '-0.05' },
            ],
          },
        },
      });
      const certificate = followed['certificate'] as { events: Array<{ type: string }> };
      expect(certificate.events.map((e) => e.type)).toEqual(['issued', 'delivered', 'confirmed']);
      expect((followed['events'] as Array<Json>).map((e) => e['type'])).toEqual([
        'submitted',
        'under_review',
        'approved',
      ]);

      // Every decision is in the (intact) audit log.
      const actions = await ru.node.context.storage.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', `application:${id}`)
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'application.submit',
        'application.review',
        'application.approve',
      ]);
      expect(await ru.node.verifyAuditChain()).toMatchObject({ ok: true });
    });
  });

  describe('a trader sees only its own company', () => {
    it('cannot read, list or download another company’s application, nor decide its own', async () => {
      const mine = await json(await apply(ru));
      const id = mine['id'] as string;
      const attachmentId = (mine['attachments'] as Array<Json>)[0]!['id'] as string;

      // A second licensed company on the same node, with its own trader.
      const other = await ru.node.createCompany({
        name: 'Mirny Rough Export LLC',
        address: '1 Lenin Street, Mirny, Russian Federation',
        licence: 'RU-EXP-2026-0077',
      });
      const otherToken = (
        await ru.node.createToken({ role: 'trader', name: 'mirny', company: other.id })
      ).token;
      const asOther = (path: string, init: RequestInit = {}) =>
        ru.node.app.request(path, {
          ...init,
          headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
        });

      const read = await asOther(`/api/v1/applications/${id}`);
      expect(read.status).toBe(404);
      expect(await json(read)).toMatchObject({ code: 'KPX_NOT_FOUND' });
      expect((await asOther(`/api/v1/applications/${id}/attachments/${attachmentId}`)).status).toBe(
        404,
      );
      const listed = await json(await asOther(`/api/v1/applications?company=${ru.company}`));
      expect(listed['items']).toEqual([]);

      // Its own draft names the other company as exporter: refused, like any impersonation.
      const impersonating = await asOther('/api/v1/applications', {
        method: 'POST',
        body: JSON.stringify({ draft: draft(), attachments: pdfAttachments() }),
      });
      expect(impersonating.status).toBe(422);
      expect(await json(impersonating)).toMatchObject({
        code: 'KPX_VALIDATION_FAILED',
        problems: [{ code: 'KPX_EXPORTER_MISMATCH', path: '/draft/exporter/licence' }],
      });

      // No trader decides, not even on its own application; nor reads certificates.
      const selfApproval = await ru.request(`/api/v1/applications/${id}/decision`, {
        method: 'POST',
        role: 'trader',
        json: { action: 'approve', seals: ['RU-S-1'], check: 'mine' },
      });
      expect(selfApproval.status).toBe(403);
      expect(await json(selfApproval)).toMatchObject({ code: 'KPX_FORBIDDEN' });
      expect((await ru.request('/api/v1/certificates', { role: 'trader' })).status).toBe(403);
      expect((await ru.request('/api/v1/dashboard', { role: 'trader' })).status).toBe(403);

      // The owner reads it, and the stored document comes back byte for byte, as a download.
      const own = await ru.request(`/api/v1/applications/${id}/attachments/${attachmentId}`, {
        role: 'trader',
      });
      expect(own.status).toBe(200);
      expect(own.headers.get('content-disposition')).toMatch(
        /^attachment; filename="invoice-shipment.pdf"/,
      );
      expect(own.headers.get('content-security-policy')).toMatch(/sandbox/);
      expect(Buffer.from(await own.arrayBuffer()).equals(tinyPdf('invoice shipment'))).toBe(true);

      // The other company applies as itself; the officer's queue holds both companies' work,
      // each trader's list only its own.
      const otherDraft = {
        ...draft(),
        exporter: { name: other.name, address: other.address, licence: other.licence },
      };
      const theirs = await asOther('/api/v1/applications', {
        method: 'POST',
        body: JSON.stringify({ draft: otherDraft, attachments: pdfAttachments('mirny') }),
      });
      expect(theirs.status).toBe(201);
      const theirId = (await json(theirs))['id'] as string;
      const all = await json(
        await ru.request('/api/v1/applications?order=asc', { role: 'issuer' }),
      );
      expect((all['items'] as Array<Json>).map((i) => i['id'])).toEqual([id, theirId]);
      const ownList = await json(await ru.request('/api/v1/applications', { role: 'trader' }));
      expect((ownList['items'] as Array<Json>).map((i) => i['id'])).toEqual([id]);
      const otherList = await json(await asOther('/api/v1/applications'));
      expect((otherList['items'] as Array<Json>).map((i) => i['id'])).toEqual([theirId]);
      expect((await ru.request(`/api/v1/applications/${theirId}`, { role: 'trader' })).status).toBe(
        404,
      );
    });
  });
});
