import { sampleDraft } from '@kpx/domain';
import {
  decodeJwsPayload,
  decodeQrPayload,
  directoryFromTrustList,
  keyResolverFromTrustList,
  verifyQrPayload,
  type Envelope,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCertificateIssued } from '../exchange/handlers/certificate-issued.js';
import { repositories } from '../storage/repositories.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';

let net: TestNetwork;
let ru: TestNode;
let eu: TestNode;
let number: string;

const stored = async (node: TestNode, n: string) =>
  node.node.context.storage.db
    .selectFrom('certificates')
    .select(['qr_text', 'signed'])
    .where('number', '=', n)
    .executeTakeFirstOrThrow();

async function issue(): Promise<string> {
  const res = await ru.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: sampleDraft,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function pdfBytes(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await res.arrayBuffer()).toString('latin1');
}

beforeAll(async () => {
  net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
  ru = net.nodes['RU-MINFIN']!;
  eu = net.nodes['EU-BE-ANTWERP']!;
  number = await issue();
  net.clock.advance(1000);
  await ru.node.dispatchOutbox();
});
afterAll(async () => {
  await net.stop();
});

describe('printing', () => {
  it('stores the KP1 QR payload at issue, and it verifies against the trust list', async () => {
    const row = await stored(ru, number);
    expect(row.qr_text).toMatch(/^KP1:/);
    const outcome = await verifyQrPayload(row.qr_text!, {
      keys: keyResolverFromTrustList(net.trustList),
      verifier: nodeVerifier,
      now: new Date(net.clock.now()),
      directory: directoryFromTrustList(net.trustList),
      document: row.signed!,
    });
    expect(outcome.checks.filter((c) => !c.ok)).toEqual([]);
    expect(outcome.valid).toBe(true);
    expect(outcome.value?.number).toBe(number);
    expect(decodeQrPayload(row.qr_text!)).toMatchObject({ ok: true, value: { kid: ru.key.kid } });
  });

  it('answers GET …/pdf with the printable certificate', async () => {
    const res = await ru.request(`/api/v1/certificates/${number}/pdf`, { role: 'auditor' });
    const text = await pdfBytes(res);
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="KP-${number}.pdf"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Reproducible: the same certificate prints the same bytes.
    const again = await ru.request(`/api/v1/certificates/${number}/pdf`, { role: 'issuer' });
    expect(await pdfBytes(again)).toBe(text);
  });

  it('answers GET …/label.pdf with the container label', async () => {
    const res = await ru.request(`/api/v1/certificates/${number}/label.pdf`, { role: 'issuer' });
    expect((await pdfBytes(res)).startsWith('%PDF-')).toBe(true);
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="KP-${number}-label.pdf"`,
    );
  });

  it('takes a language choice, and refuses an unknown one', async () => {
    const fr = await ru.request(`/api/v1/certificates/${number}/pdf?lang=fr`, { role: 'issuer' });
    expect(fr.status).toBe(200);
    const de = await ru.request(`/api/v1/certificates/${number}/pdf?lang=de`, { role: 'issuer' });
    expect(de.status).toBe(422);
  });

  it('prints an incoming certificate with the issuer’s QR, carried in its message', async () => {
    const atEu = await stored(eu, number);
    expect(atEu.qr_text).toBe((await stored(ru, number)).qr_text);
    const res = await eu.request(`/api/v1/certificates/${number}/pdf`, { role: 'importer' });
    expect((await pdfBytes(res)).startsWith('%PDF-')).toBe(true);
  });

  it('refuses (409 KPX_QR_UNAVAILABLE) an incoming certificate received without a QR', async () => {
    await eu.node.context.storage.db
      .updateTable('certificates')
      .set({ qr_text: null })
      .where('number', '=', number)
      .execute();
    const res = await eu.request(`/api/v1/certificates/${number}/pdf`, { role: 'importer' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'KPX_QR_UNAVAILABLE' });
  });

  it('makes and stores the QR of an older outgoing certificate while its key still signs', async () => {
    const other = await issue();
    await ru.node.context.storage.db
      .updateTable('certificates')
      .set({ qr_text: null })
      .where('number', '=', other)
      .execute();
    const res = await ru.request(`/api/v1/certificates/${other}/pdf`, { role: 'issuer' });
    expect(res.status).toBe(200);
    expect((await stored(ru, other)).qr_text).toMatch(/^KP1:/);
  });

  it('refuses a certificate recorded from paper, and answers 404 for one not held', async () => {
    const paper = await eu.request('/api/v1/paper-certificates', {
      method: 'POST',
      role: 'importer',
      json: {
        number: 'IN-2026-001234',
        issuingAuthority: 'Gem & Jewellery Export Promotion Council',
        exportingParticipant: 'IN',
        importingParticipant: 'EU',
        exporter: { name: 'Surat Rough Exports Pvt Ltd', address: 'Surat, India' },
        importer: { name: 'Schupstraat Rough Trading BV', address: 'Antwerpen, Belgium' },
        origin: 'MIXED',
        items: [{ hs: '7102.31', carats: '100.00', valueUsd: '50000.00' }],
        totals: { carats: '100.00', valueUsd: '50000.00' },
        parcels: 1,
        issuedOn: '2026-03-01',
        expiresOn: '2026-04-30',
      },
    });
    expect(paper.status).toBe(201);
    const res = await eu.request('/api/v1/certificates/IN-2026-001234/label.pdf', {
      role: 'importer',
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'KPX_QR_UNAVAILABLE' });
    const missing = await ru.request('/api/v1/certificates/RU-2026-999999/pdf', { role: 'issuer' });
    expect(missing.status).toBe(404);
  });

  it('drops a QR payload that does not belong to the delivered certificate', async () => {
    const a = await issue();
    const b = await issue();
    // a's message as queued, but carrying b's QR: the receiver keeps a, without that QR.
    const queued = await ru.node.context.storage.db
      .selectFrom('outbox')
      .select('envelope')
      .where('subject', '=', a)
      .executeTakeFirstOrThrow();
    const envelope = decodeJwsPayload(queued.envelope) as Envelope & {
      body: { certificate: string };
    };
    const qrOfB = (await stored(ru, b)).qr_text!;
    const ctx = eu.node.context;
    const prepared = await handleCertificateIssued(
      ctx,
      { ...envelope, body: { ...envelope.body, qr: qrOfB } },
      queued.envelope,
    );
    if (!('apply' in prepared)) throw new Error(`rejected: ${prepared.rejection.detail}`);
    await ctx.storage.transactor.transact((uow) =>
      prepared.apply(uow, repositories(uow.db, ctx.ids), new Date(net.clock.now()).toISOString()),
    );
    expect((await stored(eu, a)).signed).toBe((await stored(ru, a)).signed);
    expect((await stored(eu, a)).qr_text).toBeNull();
  });
});
