import { sampleDraft, type Confirmation } from '@kpx/domain';
import {
  base64urlEncode,
  canonicalize,
  decodeJwsPayload,
  signEnvelope,
  utf8,
  uuidv7,
  type Envelope,
  type Receipt,
} from '@kpx/protocol';
import { createNodeSigner, sha256Node } from '@kpx/protocol/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import { generateTestKey } from '../testing/test-trust-list.js';

// RU-MINFIN ↔ EU-BE-ANTWERP, two real nodes wired through app.fetch (ARCHITECTURE.md flows 1–5).

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

async function issue(
  draft: unknown = sampleDraft,
  headers: Record<string, string> = {},
): Promise<Json> {
  const res = await ru.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: draft,
    headers,
  });
  expect(res.status).toBe(201);
  return json(res);
}

async function detail(node: TestNode, number: string): Promise<Json> {
  const res = await node.request(`/api/v1/certificates/${number}`, { role: 'auditor' });
  expect(res.status).toBe(200);
  return json(res);
}

const eventTypes = (d: Json): string[] =>
  (d['events'] as Array<{ type: string }>).map((e) => e.type);

/** The envelope RU's outbox holds for a certificate (the exact signed bytes). */
async function sentEnvelope(
  node: TestNode,
  subject: string,
  type = 'certificate.issued',
): Promise<string> {
  const row = await node.node.context.storage.db
    .selectFrom('outbox')
    .select('envelope')
    .where('subject', '=', subject)
    .where('type', '=', type)
    .executeTakeFirstOrThrow();
  return row.envelope;
}

const postEnvelope = (node: TestNode, body: string, contentType = 'application/jose') =>
  node.request('/exchange/v1/messages', {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
  });

function receiptOf(jws: string): Receipt {
  return decodeJwsPayload(jws) as Receipt;
}

async function signAs(
  node: TestNode,
  envelope: Partial<Envelope> & Pick<Envelope, 'type' | 'body'>,
): Promise<string> {
  const full: Envelope = {
    id: uuidv7(net.clock.now(), crypto.getRandomValues(new Uint8Array(10))),
    from: 'RU-MINFIN',
    to: 'EU-BE-ANTWERP',
    createdAt: new Date(net.clock.now()).toISOString(),
    ...envelope,
  };
  return signEnvelope(full, createNodeSigner(node.key.privateJwk));
}

const confirmation: Confirmation = {
  parcels: 4,
  carats: '4320.40', // 0.05 ct short
  valueUsd: '335150.95',
  receivedOn: '2026-03-03',
  sealsIntact: true,
  remarks: 'one parcel weighed light',
};

forEachDialect((d) => {
  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], { database: () => d.database() });
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
  });
  afterEach(async () => {
    await net.stop();
  });

  describe('issue → deliver → confirm (KPCS III(b))', () => {
    it('delivers with a verified receipt, and the confirmation with a discrepancy reaches the issuer', async () => {
      const issued = await issue();
      const number = issued['number'] as string;
      expect(issued).toMatchObject({
        status: 'issued',
        delivery: 'electronic',
        issuedOn: '2026-03-02',
      });

      net.clock.advance(1000);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
      const atRu = await detail(ru, number);
      expect(atRu['status']).toBe('delivered');
      const receipts = atRu['receipts'] as Array<Json>;
      expect(receipts).toHaveLength(1);
      expect(receipts[0]).toMatchObject({
        role: 'received',
        signer: 'EU-BE-ANTWERP',
        result: 'accepted',
        messageType: 'certificate.issued',
      });
      const digest = receiptOf(receipts[0]!['jws'] as string).digest;
      const envelope = await sentEnvelope(ru, number);
      expect(digest).toBe(base64urlEncode(sha256Node(utf8(envelope))));

      // EU holds the exact signed bytes RU signed.
      const atEu = await detail(eu, number);
      expect(atEu).toMatchObject({
        direction: 'incoming',
        status: 'delivered',
        delivery: 'electronic',
      });
      expect(atEu['signed']).toBe(atRu['signed']);

      net.clock.advance(24 * 3600 * 1000);
      const confirmed = await eu.request(`/api/v1/certificates/${number}/confirmation`, {
        method: 'POST',
        role: 'importer',
        json: confirmation,
      });
      expect(confirmed.status).toBe(200);
      const discrepancies = [
        { field: 'carats', expected: '4320.45', actual: '4320.40', difference: '-0.05' },
      ];
      expect(await json(confirmed)).toMatchObject({ status: 'confirmed', discrepancies });

      expect(await eu.node.dispatchOutbox()).toMatchObject({ delivered: 1 });
      const after = await detail(ru, number);
      expect(after['status']).toBe('confirmed');
      expect(after['confirmation']).toMatchObject({
        ...confirmation,
        discrepancies,
        confirmedBy: 'EU-BE-ANTWERP',
      });
      expect(eventTypes(after)).toEqual(['issued', 'delivered', 'confirmed']);
      expect(eventTypes(await detail(eu, number))).toEqual([
        'received',
        'confirmed',
        'message-delivered',
      ]);
      expect(await ru.node.verifyAuditChain()).toEqual({
        ok: true,
        entries: expect.any(Number) as number,
      });
      expect(await eu.node.verifyAuditChain()).toMatchObject({ ok: true });
    });

    it('refuses a second confirmation with KPX_ALREADY_CONSUMED and records the reuse attempt', async () => {
      const number = (await issue())['number'] as string;
      await ru.node.dispatchOutbox();
      const path = `/api/v1/certificates/${number}/confirmation`;
      expect(
        (await eu.request(path, { method: 'POST', role: 'importer', json: confirmation })).status,
      ).toBe(200);
      const again = await eu.request(path, {
        method: 'POST',
        role: 'importer',
        json: confirmation,
      });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(again)).toMatchObject({ code: 'KPX_ALREADY_CONSUMED', status: 409 });
      expect(eventTypes(await detail(eu, number))).toContain('reuse-attempt');
      const audit = await eu.node.context.storage.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', number)
        .execute();
      expect(audit.map((a) => a.action)).toContain('certificate.reuse-attempt');
    });

    it('rejects at import: the issuer’s copy becomes rejected', async () => {
      const number = (await issue())['number'] as string;
      await ru.node.dispatchOutbox();
      const res = await eu.request(`/api/v1/certificates/${number}/rejection`, {
        method: 'POST',
        role: 'importer',
        json: { reason: 'container seal broken' },
      });
      expect(res.status).toBe(200);
      await eu.node.dispatchOutbox();
      expect((await detail(ru, number))['status']).toBe('rejected');
    });
  });

  describe('receiving envelopes', () => {
    it('answers a duplicate with the first receipt and keeps one row; other bytes under the same id are KPX_REPLAY_CONFLICT', async () => {
      const number = (await issue())['number'] as string;
      await ru.node.dispatchOutbox();
      const envelope = await sentEnvelope(ru, number);

      const again = await postEnvelope(eu, envelope);
      expect(again.status).toBe(200);
      expect(again.headers.get('content-type')).toBe('application/jose');
      const stored = await detail(ru, number);
      expect(await again.text()).toBe((stored['receipts'] as Array<Json>)[0]!['jws']);
      const rows = await eu.node.context.storage.db
        .selectFrom('inbox')
        .select('message_id')
        .execute();
      expect(rows).toHaveLength(1);

      // The same id, re-signed with other content (a different createdAt): a replay.
      const original = decodeJwsPayload(envelope) as Envelope;
      const replay = await signAs(ru, {
        ...original,
        createdAt: new Date(net.clock.now() + 1000).toISOString(),
      });
      const conflict = await postEnvelope(eu, replay);
      expect(conflict.status).toBe(409);
      expect(await json(conflict)).toMatchObject({ code: 'KPX_REPLAY_CONFLICT' });
    });

    it('accepts the JSON form { envelope } too', async () => {
      const number = (await issue())['number'] as string;
      const envelope = await sentEnvelope(ru, number);
      const res = await postEnvelope(eu, JSON.stringify({ envelope }), 'application/json');
      expect(res.status).toBe(200);
      expect(receiptOf(await res.text())).toMatchObject({ result: 'accepted' });
    });

    it('refuses a tampered envelope with 401 KPX_SIGNATURE_INVALID and signs nothing', async () => {
      const number = (await issue())['number'] as string;
      const envelope = await sentEnvelope(ru, number);
      const [h, p, s] = envelope.split('.') as [string, string, string];
      const payload = decodeJwsPayload(envelope) as Envelope;
      // The payload changed after signing (another date), the signature kept.
      const changed = {
        ...payload,
        createdAt: new Date(Date.parse(payload.createdAt) + 1000).toISOString(),
      };
      const tampered = `${h}.${base64urlEncode(utf8(canonicalize(changed)))}.${s}`;
      const res = await postEnvelope(eu, tampered);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(res)).toMatchObject({ code: 'KPX_SIGNATURE_INVALID' });

      // A valid-looking envelope signed by a key nobody trusts.
      const stranger = generateTestKey();
      const unknownKey = await signEnvelope(
        { ...payload, id: uuidv7(net.clock.now(), new Uint8Array(10).fill(7)) },
        createNodeSigner(stranger.privateJwk),
      );
      const res2 = await postEnvelope(eu, unknownKey);
      expect(res2.status).toBe(401);
      expect(await json(res2)).toMatchObject({ code: 'KPX_KEY_UNKNOWN' });

      // RU's real key, but the signature bytes altered.
      const flipped = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
      const res3 = await postEnvelope(eu, flipped);
      expect(res3.status).toBe(401);
      expect(await json(res3)).toMatchObject({ code: 'KPX_SIGNATURE_INVALID' });
      expect(
        await eu.node.context.storage.db.selectFrom('inbox').select('message_id').execute(),
      ).toHaveLength(0);
    });

    it('refuses an envelope addressed to another authority (KPX_MESSAGE_MISADDRESSED)', async () => {
      const number = (await issue())['number'] as string;
      const signed = (await detail(ru, number))['signed'] as string;
      const misaddressed = await signAs(ru, {
        type: 'certificate.issued',
        to: 'BY-MINFIN',
        body: { certificate: signed },
      });
      const res = await postEnvelope(eu, misaddressed);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: 'KPX_MESSAGE_MISADDRESSED' });
    });

    it('answers an authenticated envelope whose certificate is forged with a signed rejection', async () => {
      const number = (await issue())['number'] as string;
      const signed = (await detail(ru, number))['signed'] as string;
      // EU signs a "certificate" claiming to be RU's: the envelope is fine, the content is not.
      const [h, p] = signed.split('.') as [string, string, string];
      const forgedCert = `${h}.${p}.${base64urlEncode(new Uint8Array(64))}`;
      const envelope = await signAs(ru, {
        type: 'certificate.issued',
        body: { certificate: forgedCert },
      });
      const res = await postEnvelope(eu, envelope);
      expect(res.status).toBe(200);
      expect(receiptOf(await res.text())).toMatchObject({
        result: 'rejected',
        code: 'KPX_SIGNATURE_INVALID',
      });
    });

    it('refuses an envelope from the future and a non-JWS body', async () => {
      const future = await signAs(ru, {
        type: 'certificate.cancelled',
        createdAt: new Date(net.clock.now() + 3600_000).toISOString(),
        body: { number: 'RU-2026-000001', reason: 'x' },
      });
      expect(await json(await postEnvelope(eu, future))).toMatchObject({
        code: 'KPX_MESSAGE_FROM_FUTURE',
      });
      const garbage = await postEnvelope(eu, 'not a jws');
      expect(garbage.status).toBe(400);
      expect(await json(garbage)).toMatchObject({ code: 'KPX_JWS_MALFORMED' });
      const wrongType = await postEnvelope(eu, 'x', 'text/plain');
      expect(wrongType.status).toBe(415);
    });
  });

  describe('delivery', () => {
    it('retries with exponential backoff while the partner is down, flags overdue, and delivers when it is back', async () => {
      net.setReachable('EU-BE-ANTWERP', false);
      const number = (await issue())['number'] as string;
      const retryTimes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const report = await ru.node.dispatchOutbox();
        expect(report).toMatchObject({ claimed: 1, failed: 1 });
        const row = await ru.node.context.storage.db
          .selectFrom('outbox')
          .selectAll()
          .where('subject', '=', number)
          .executeTakeFirstOrThrow();
        expect(row.attempts).toBe(i + 1);
        expect(row.last_error).toMatch(/ECONNREFUSED/);
        const delay = Date.parse(row.next_attempt_at) - net.clock.now();
        // Full jitter: within [0, min(cap, base·2^(n−1))).
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(1000 * 2 ** i);
        retryTimes.push(delay);
        // Not due before its time: a pass now claims nothing (unless the jitter drew 0).
        if (delay > 0) expect((await ru.node.dispatchOutbox()).claimed).toBe(0);
        net.clock.advance(delay);
      }
      // Past the overdue age it is flagged, and keeps trying.
      net.clock.advance(25 * 3600 * 1000);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ failed: 1 });
      const overdue = await ru.node.context.storage.db
        .selectFrom('outbox')
        .select(['overdue', 'state'])
        .executeTakeFirstOrThrow();
      expect(overdue).toEqual({ overdue: 1, state: 'pending' });
      expect(eventTypes(await detail(ru, number))).toContain('delivery-overdue');
      const metrics = await (await ru.request('/metrics')).text();
      expect(metrics).toMatch(/kpx_outbox_overdue\{authority="RU-MINFIN"\} 1/);

      net.setReachable('EU-BE-ANTWERP', true);
      net.clock.advance(16 * 60 * 1000); // beyond the 15-minute cap
      expect(await ru.node.dispatchOutbox()).toMatchObject({ delivered: 1 });
      expect((await detail(ru, number))['status']).toBe('delivered');
      expect((await detail(eu, number))['status']).toBe('delivered');
    });

    it('sends nothing and marks the delivery paper when the importer has no node', async () => {
      const draft = {
        ...structuredClone(sampleDraft),
        importingParticipant: 'IN',
        importingAuthority: 'IN-GJEPC',
      };
      const issued = await issue(draft);
      expect(issued['delivery']).toBe('paper');
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 0 });
      expect(
        await ru.node.context.storage.db.selectFrom('outbox').select('id').execute(),
      ).toHaveLength(0);
    });

    it('dead-letters a message the partner rejects with a signed receipt; an admin can list and retry it', async () => {
      // A cancellation of a certificate EU never received: EU authenticates it and rejects it.
      const draft = { ...structuredClone(sampleDraft) };
      const number = (await issue(draft))['number'] as string;
      await ru.node.context.storage.db.deleteFrom('outbox').where('subject', '=', number).execute();
      const cancel = await ru.request(`/api/v1/certificates/${number}/cancellation`, {
        method: 'POST',
        role: 'issuer',
        json: { reason: 'issued in error' },
      });
      expect(cancel.status).toBe(200);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ rejected: 1 });
      const dead = await ru.request('/api/v1/outbox/dead-letters', { role: 'admin' });
      const items = (await json(dead))['items'] as Array<Json>;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        type: 'certificate.cancelled',
        certificate: number,
        lastError: expect.stringMatching(/KPX_NOT_FOUND/) as string,
      });
      expect(eventTypes(await detail(ru, number))).toContain('delivery-rejected');

      const retry = await ru.request(`/api/v1/outbox/${items[0]!['id'] as string}/retry`, {
        method: 'POST',
        role: 'admin',
      });
      expect(await json(retry)).toEqual({ id: items[0]!['id'], state: 'pending' });
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 1, rejected: 1 });
      const notDead = await ru.request(`/api/v1/outbox/${items[0]!['id'] as string}/retry`, {
        method: 'POST',
        role: 'admin',
      });
      expect(notDead.status).toBe(200); // dead again after the second rejection, so retry is allowed again
    });

    it('keeps a cancellation behind the undelivered certificate it cancels (per-certificate order)', async () => {
      net.setReachable('EU-BE-ANTWERP', false);
      const number = (await issue())['number'] as string;
      await ru.node.dispatchOutbox();
      const cancel = await ru.request(`/api/v1/certificates/${number}/cancellation`, {
        method: 'POST',
        role: 'issuer',
        json: { reason: 'wrong importer' },
      });
      expect(await json(cancel)).toMatchObject({ status: 'cancelled' });
      net.setReachable('EU-BE-ANTWERP', true);
      // Only the certificate is due first; the cancellation follows in the next pass.
      net.clock.advance(60_000);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
      expect((await detail(eu, number))['status']).toBe('cancelled');
      expect((await detail(ru, number))['status']).toBe('cancelled');
    });

    it('ends an undelivered certificate as a dead letter once it expires', async () => {
      net.setReachable('EU-BE-ANTWERP', false);
      const number = (await issue())['number'] as string;
      net.clock.set('2026-06-02T00:00:00Z'); // expiresOn 2026-05-31
      expect(await ru.node.dispatchOutbox()).toMatchObject({ dead: 1 });
      expect(eventTypes(await detail(ru, number))).toContain('dead-letter');
      expect(await ru.node.expireCertificates()).toBe(1);
      expect((await detail(ru, number))['status']).toBe('expired');
    });
  });

  describe('issuing', () => {
    it('returns the first response for a retried Idempotency-Key, and KPX_IDEMPOTENCY_CONFLICT for another body', async () => {
      const headers = { 'idempotency-key': 'order-4711' };
      const first = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        json: sampleDraft,
        headers,
      });
      const second = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        json: sampleDraft,
        headers,
      });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await second.json()).toEqual(await first.json());
      expect(
        await ru.node.context.storage.db.selectFrom('certificates').select('number').execute(),
      ).toHaveLength(1);

      const other = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        json: { ...structuredClone(sampleDraft), parcels: 5 },
        headers,
      });
      expect(other.status).toBe(409);
      expect(await json(other)).toMatchObject({ code: 'KPX_IDEMPOTENCY_CONFLICT' });
    });

    it('reports every problem of an invalid draft at once (422)', async () => {
      const res = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        json: {
          ...structuredClone(sampleDraft),
          importingParticipant: 'RU',
          parcels: 0,
          origin: 'XX',
        },
      });
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body['code']).toBe('KPX_VALIDATION_FAILED');
      expect((body['problems'] as unknown[]).length).toBeGreaterThanOrEqual(2);
    });

    it('numbers certificates from the authority pattern and serial', async () => {
      const a = await issue();
      const b = await issue();
      expect([a['number'], b['number']]).toEqual(['RU-2026-000001', 'RU-2026-000002']);
    });

    it('amends: the new certificate replaces the old, which becomes superseded on both sides', async () => {
      const old = (await issue())['number'] as string;
      await ru.node.dispatchOutbox();
      const amended = await issue({ ...structuredClone(sampleDraft), parcels: 5, replaces: old });
      expect(amended['replaces']).toBe(old);
      expect(await ru.node.dispatchOutbox()).toMatchObject({ delivered: 2 });
      expect(await detail(ru, old)).toMatchObject({
        status: 'superseded',
        replacedBy: amended['number'],
      });
      expect(await detail(eu, old)).toMatchObject({
        status: 'superseded',
        replacedBy: amended['number'],
      });
      expect(await detail(eu, amended['number'] as string)).toMatchObject({
        status: 'delivered',
        replaces: old,
      });
    });

    it('records a paper certificate from a partner without a node, marked as such', async () => {
      const paper = {
        number: 'IN-2026-001234',
        issuingAuthority: 'Gem & Jewellery Export Promotion Council',
        exportingParticipant: 'IN',
        importingParticipant: 'EU',
        exporter: { name: 'Surat Rough Exports Pvt Ltd', address: 'Surat, Gujarat, India' },
        importer: {
          name: 'Schupstraat Rough Trading BV',
          address: 'Schupstraat 9, 2018 Antwerpen, Belgium',
        },
        origin: 'MIXED',
        items: [{ hs: '7102.31', carats: '100.00', valueUsd: '50000.00' }],
        totals: { carats: '100.00', valueUsd: '50000.00' },
        parcels: 1,
        issuedOn: '2026-03-01',
        expiresOn: '2026-04-30',
      };
      const res = await eu.request('/api/v1/paper-certificates', {
        method: 'POST',
        role: 'importer',
        json: paper,
      });
      expect(res.status).toBe(201);
      expect(await json(res)).toEqual({
        number: paper.number,
        status: 'delivered',
        delivery: 'paper',
      });
      const d = await detail(eu, paper.number);
      expect(d).toMatchObject({ delivery: 'paper', signed: null, direction: 'incoming' });
      expect(eventTypes(d)).toEqual(['recorded-from-paper']);
      const confirm = await eu.request(`/api/v1/certificates/${paper.number}/confirmation`, {
        method: 'POST',
        role: 'importer',
        json: {
          parcels: 1,
          carats: '100.00',
          valueUsd: '50000.00',
          receivedOn: '2026-03-02',
          sealsIntact: true,
        },
      });
      expect(await json(confirm)).toMatchObject({ status: 'confirmed', discrepancies: [] });
      expect(
        (
          await json(
            await eu.request('/api/v1/paper-certificates', {
              method: 'POST',
              role: 'importer',
              json: paper,
            }),
          )
        )['code'],
      ).toBe('KPX_CONFLICT');
    });
  });

  describe('reading', () => {
    it('lists newest first with filters and cursor paging', async () => {
      for (let i = 0; i < 5; i++) {
        await issue();
        net.clock.advance(1000);
      }
      await ru.node.dispatchOutbox();
      const page1 = await json(
        await ru.request('/api/v1/certificates?direction=outgoing&limit=2', { role: 'analyst' }),
      );
      const items1 = page1['items'] as Array<Json>;
      expect(items1.map((i) => i['number'])).toEqual(['RU-2026-000005', 'RU-2026-000004']);
      const page2 = await json(
        await ru.request(
          `/api/v1/certificates?direction=outgoing&limit=2&cursor=${page1['nextCursor'] as string}`,
          { role: 'analyst' },
        ),
      );
      expect((page2['items'] as Array<Json>).map((i) => i['number'])).toEqual([
        'RU-2026-000003',
        'RU-2026-000002',
      ]);
      const page3 = await json(
        await ru.request(
          `/api/v1/certificates?direction=outgoing&limit=2&cursor=${page2['nextCursor'] as string}`,
          { role: 'analyst' },
        ),
      );
      expect(page3['nextCursor']).toBeNull();
      const incoming = await json(
        await eu.request('/api/v1/certificates?direction=incoming&partner=RU&status=delivered', {
          role: 'importer',
        }),
      );
      expect((incoming['items'] as unknown[]).length).toBe(5);
      const none = await json(
        await ru.request('/api/v1/certificates?status=confirmed', { role: 'analyst' }),
      );
      expect(none['items']).toEqual([]);
      const bad = await ru.request('/api/v1/certificates?cursor=zzz', { role: 'analyst' });
      expect(bad.status).toBe(422);
    });

    it('verifies publicly by number with status only, and names the issuer’s node for numbers it does not hold', async () => {
      const number = (await issue())['number'] as string;
      const res = await eu.request(`/api/v1/verify/${number}`);
      expect(res.status).toBe(404); // EU does not hold it before delivery
      expect(await json(res)).toMatchObject({
        code: 'KPX_NOT_FOUND',
        issuerNodes: [{ authority: 'RU-MINFIN', endpoint: 'http://ru-minfin.kpx.test' }],
      });
      const ok = await json(await ru.request(`/api/v1/verify/${number}`));
      expect(ok).toEqual({
        number,
        issuer: 'RU-MINFIN',
        status: 'issued',
        issuedOn: '2026-03-02',
        expiresOn: '2026-05-31',
      });

      const signed = (await detail(ru, number))['signed'] as string;
      const report = await json(
        await eu.request('/api/v1/verify', { method: 'POST', json: { document: signed } }),
      );
      expect(report).toMatchObject({ valid: true, number });
      const tampered = await json(
        await eu.request('/api/v1/verify', {
          method: 'POST',
          json: { document: signed.slice(0, -4) + 'AAAA' },
        }),
      );
      expect(tampered['valid']).toBe(false);
    });
  });
});
