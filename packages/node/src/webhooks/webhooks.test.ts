import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleDraft } from '@kpx/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { pdfAttachments } from '../../../../test/support/pdf.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';

// Traders' webhooks with a real HTTP receiver on loopback (allowed by the node's admin config in
// this test): signed events, retries with backoff until a 2xx, dead after the last attempt, and
// the SSRF refusals of registration and delivery.

type Json = Record<string, unknown>;
type Received = { headers: IncomingMessage['headers']; body: string };
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

let net: TestNetwork;
let ru: TestNode;
let receiver: Server;
let received: Received[];
let answers: number[];
let receiverUrl: string;

function startReceiver(): Promise<void> {
  received = [];
  answers = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The machine is shared: a stray request from another test's node that once had this
      // port is not one of ours.
      if (req.url !== '/kpx-events' || req.headers['kpx-event-id'] === undefined) {
        res.statusCode = 404;
        res.end();
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, '127.0.0.1', () => {
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kpx-events`;
      resolve();
    }),
  );
}

const draft = () => ({
  ...structuredClone(sampleDraft),
  importingParticipant: 'EU',
  importingAuthority: 'EU-BE-ANTWERP',
});

async function register(url: string): Promise<Response> {
  return ru.request('/api/v1/webhooks', { method: 'POST', role: 'trader', json: { url } });
}

function verifySignature(secret: string, r: Received): boolean {
  const header = String(r.headers['kpx-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (match === null) return false;
  const mac = createHmac('sha256', Buffer.from(secret, 'base64url'))
    .update(`${match[1]!}.${r.body}`)
    .digest('hex');
  return mac === match[2];
}

forEachDialect((d) => {
  beforeEach(async () => {
    await startReceiver();
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], {
      database: () => d.database(),
      config: () => ({
        webhooks: { allowedTargets: ['127.0.0.1'], maxAttempts: 3, baseDelayMs: 1000 },
      }),
    });
    ru = net.nodes['RU-MINFIN']!;
  });
  afterEach(async () => {
    await net.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  describe('webhook events', () => {
    it('sends each change of the company’s applications and certificates, signed', async () => {
      const created = await register(receiverUrl);
      expect(created.status).toBe(201);
      const { id: hookId, secret } = (await json(created)) as { id: string; secret: string };
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await json(await ru.request('/api/v1/webhooks', { role: 'trader' }))).toEqual({
        items: [{ id: hookId, url: receiverUrl, createdAt: expect.any(String) as string }],
      });

      const application = await json(
        await ru.request('/api/v1/applications', {
          method: 'POST',
          role: 'trader',
          json: { draft: draft(), attachments: pdfAttachments() },
        }),
      );
      const id = application['id'] as string;
      const decide = (body: Json) =>
        ru.request(`/api/v1/applications/${id}/decision`, {
          method: 'POST',
          role: 'issuer',
          json: body,
        });
      await decide({ action: 'review' });
      const approved = await json(
        await decide({ action: 'approve', seals: ['RU-S-1'], check: 'weighed' }),
      );
      const number = approved['certificateNumber'] as string;
      net.clock.advance(1000);
      await ru.node.dispatchOutbox();

      expect(await ru.node.dispatchWebhooks()).toEqual({
        claimed: 4,
        delivered: 4,
        failed: 0,
        dead: 0,
      });
      const events = received.map((r) => JSON.parse(r.body) as Json);
      expect(events.map((e) => e['type'])).toEqual([
        'application.submitted',
        'application.under_review',
        'application.approved',
        'certificate.delivered',
      ]);
      expect(events[2]).toMatchObject({
        application: { id, status: 'approved', certificateNumber: number },
      });
      expect(events[3]).toMatchObject({ certificate: { number, event: 'delivered' } });
      for (const r of received) {
        expect(verifySignature(secret, r)).toBe(true);
        expect(r.headers['kpx-event-id']).toBe((JSON.parse(r.body) as Json)['id']);
        expect(r.headers['content-type']).toBe('application/json');
      }
      // A tampered body does not verify.
      expect(
        verifySignature(secret, {
          ...received[0]!,
          body: received[0]!.body.replace('submitted', 'approved'),
        }),
      ).toBe(false);
      expect(await ru.node.dispatchWebhooks()).toMatchObject({ claimed: 0 });

      // Deleted: nothing more is queued nor sent.
      expect(
        (await ru.request(`/api/v1/webhooks/${hookId}`, { method: 'DELETE', role: 'trader' }))
          .status,
      ).toBe(204);
      await ru.request('/api/v1/applications', {
        method: 'POST',
        role: 'trader',
        json: { draft: draft(), attachments: pdfAttachments('after') },
      });
      expect(await ru.node.dispatchWebhooks()).toMatchObject({ claimed: 0 });
      expect(received).toHaveLength(4);
    });

    it('retries with backoff until a 2xx, resending the same body, and gives up after the last attempt', async () => {
      await register(receiverUrl);
      answers = [500, 503];
      await ru.request('/api/v1/applications', {
        method: 'POST',
        role: 'trader',
        json: { draft: draft(), attachments: pdfAttachments() },
      });
      expect(await ru.node.dispatchWebhooks()).toMatchObject({ claimed: 1, failed: 1 });
      // Not due again before its backoff (full jitter under 1 s after the first failure).
      net.clock.advance(1000);
      expect(await ru.node.dispatchWebhooks()).toMatchObject({ claimed: 1, failed: 1 });
      net.clock.advance(2000);
      expect(await ru.node.dispatchWebhooks()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(received).toHaveLength(3);
      expect(new Set(received.map((r) => r.body)).size).toBe(1);

      // A receiver that never answers 2xx: dead after webhooks.maxAttempts (3), kept visible.
      answers = [500, 500, 500, 500];
      await ru.request('/api/v1/applications', {
        method: 'POST',
        role: 'trader',
        json: { draft: draft(), attachments: pdfAttachments('second') },
      });
      const reports = [];
      for (let i = 0; i < 3; i += 1) {
        reports.push(await ru.node.dispatchWebhooks());
        net.clock.advance(10_000);
      }
      expect(reports.map((r) => [r.failed, r.dead])).toEqual([
        [1, 0],
        [1, 0],
        [0, 1],
      ]);
      const rows = await ru.node.context.storage.db
        .selectFrom('webhook_deliveries')
        .select(['state', 'attempts', 'last_status'])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [r.state, Number(r.attempts), r.last_status])).toEqual([
        ['delivered', 3, 204],
        ['dead', 3, 500],
      ]);
      // The trader sees the same through the API, newest first.
      const hooks = await json(await ru.request('/api/v1/webhooks', { role: 'trader' }));
      const hookId = (hooks['items'] as Array<Json>)[0]!['id'] as string;
      const deliveries = await json(
        await ru.request(`/api/v1/webhooks/${hookId}/deliveries`, { role: 'trader' }),
      );
      expect(
        (deliveries['items'] as Array<Json>).map((d) => [
          d['state'],
          d['attempts'],
          d['lastError'],
        ]),
      ).toEqual([
        ['dead', 3, 'HTTP 500'],
        ['delivered', 3, null],
      ]);
    });
  });

  describe('SSRF', () => {
    it.each([
      'http://127.0.0.2/x',
      'http://10.0.0.5/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://[::ffff:127.0.0.2]/x',
      'http://[fd00::1]/x',
      'http://100.64.1.1/x',
      'http://localhost.:1/x',
      'ftp://example.com/x',
      'https://user:pw@example.com/x',
      'not a url',
    ])('refuses %s', async (url) => {
      const res = await register(url);
      expect(res.status).toBe(422);
      expect(await json(res)).toMatchObject({ code: 'KPX_WEBHOOK_TARGET_REFUSED' });
    });

    it('refuses at delivery a target that now resolves where it may not (the allow-list changed or DNS did)', async () => {
      await register(receiverUrl);
      // The same database, a node whose admin allows nothing: the queued event is not sent.
      const strict = await createTestNetwork(['RU-MINFIN'], { database: () => d.database() });
      try {
        const node = strict.nodes['RU-MINFIN']!;
        const hook = await node.request('/api/v1/webhooks', {
          method: 'POST',
          role: 'trader',
          json: { url: receiverUrl },
        });
        expect(hook.status).toBe(422);
        // Put the loopback target in directly (as if DNS had changed since registration).
        await node.node.context.storage.db
          .insertInto('webhooks')
          .values({
            id: '019cad6a-0e80-7000-8000-0000000000aa',
            company_id: node.company,
            url: receiverUrl.replace('127.0.0.1', 'localhost'),
            secret: 'c2VjcmV0',
            created_by: 'test',
            created_at: '2026-03-02T09:00:00.000Z',
            deleted_at: null,
          })
          .execute();
        await node.request('/api/v1/applications', {
          method: 'POST',
          role: 'trader',
          json: { draft: draft(), attachments: pdfAttachments() },
        });
        expect(await node.node.dispatchWebhooks()).toMatchObject({ claimed: 1, failed: 1 });
        const row = await node.node.context.storage.db
          .selectFrom('webhook_deliveries')
          .select(['state', 'last_error'])
          .executeTakeFirstOrThrow();
        expect(row.state).toBe('pending');
        expect(row.last_error).toMatch(/refused: localhost resolves to .*loopback/);
        expect(received).toEqual([]);
      } finally {
        await strict.stop();
      }
    });

    it('is for traders, each seeing only its company’s webhooks', async () => {
      const created = await json(await register(receiverUrl));
      expect((await ru.request('/api/v1/webhooks', { role: 'admin' })).status).toBe(403);
      const other = await ru.node.createCompany({
        name: 'Other',
        address: 'Mirny',
        licence: 'RU-EXP-9',
      });
      const token = (await ru.node.createToken({ role: 'trader', name: 'o', company: other.id }))
        .token;
      const list = await ru.node.app.request('/api/v1/webhooks', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await json(list)).toEqual({ items: [] });
      const del = await ru.node.app.request(`/api/v1/webhooks/${String(created['id'])}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(del.status).toBe(404);
    });
  });
});
