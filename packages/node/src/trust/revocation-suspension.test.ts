import { sampleDraft, type Certificate } from '@kpx/domain';
import {
  decodeJwsPayload,
  signCertificate,
  signEnvelope,
  uuidv7,
  type Check,
  type Signer,
} from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateTestKey } from '../testing/test-trust-list.js';
import {
  createRegistryTestNetwork,
  type RegistryTestNetwork,
  type RegistryTestNode,
} from './registry-test-network.js';

// Every refusal names its reason with a stable code, at the exchange receiver and at the
// public verify (ARCHITECTURE.md flows 3 and 7, "Revocation").

const minute = 60_000;
const hour = 60 * minute;
type Json = Record<string, unknown>;
type Report = { valid: boolean; checks: Check[] };

let net: RegistryTestNetwork;
let ru: RegistryTestNode;
let eu: RegistryTestNode;

beforeEach(async () => {
  net = await createRegistryTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
  ru = net.nodes['RU-MINFIN']!;
  eu = net.nodes['EU-BE-ANTWERP']!;
});
afterEach(async () => {
  await net.stop();
});

async function issue(node: RegistryTestNode = ru): Promise<string> {
  const res = await node.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: sampleDraft,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function signedOf(number: string): Promise<string> {
  const res = await ru.request(`/api/v1/certificates/${number}`, { role: 'auditor' });
  return ((await res.json()) as { signed: string }).signed;
}

async function verifyAt(node: RegistryTestNode, document: string): Promise<Report> {
  const res = await node.request('/api/v1/verify', { method: 'POST', json: { document } });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

const cause = (report: Report) => {
  const failed = report.checks.find((c) => !c.ok);
  return failed === undefined ? undefined : { check: failed.check, code: failed.code };
};

async function reloadAll(): Promise<void> {
  await ru.node.reloadTrustList();
  await eu.node.reloadTrustList();
}

async function lastError(number: string): Promise<string | null> {
  const row = await ru.node.context.storage.db
    .selectFrom('outbox')
    .select('last_error')
    .where('subject', '=', number)
    .executeTakeFirstOrThrow();
  return row.last_error;
}

/** A certificate like `number`'s, signed again by `signer` at the clock's now. */
async function resigned(number: string, signer: Signer): Promise<string> {
  const payload = decodeJwsPayload(await signedOf(number)) as { credentialSubject: Certificate };
  return signCertificate(payload.credentialSubject, signer, {
    issuedAt: new Date(net.clock.now()),
  });
}

describe('revocation for compromise', () => {
  it('keeps what a receipt shows existed before revokedAt, at the issuer and the receiver; refuses the rest (KPX_KEY_REVOKED)', async () => {
    const receipted = await issue();
    expect(await ru.node.dispatchOutbox()).toMatchObject({ delivered: 1 });
    net.clock.advance(minute);
    net.setReachable('EU-BE-ANTWERP', false);
    const unreceipted = await issue();
    expect(await ru.node.dispatchOutbox()).toMatchObject({ failed: 1 });
    net.clock.advance(minute);

    await net.registry.revokeKey(ru.key.kid, 'compromise');
    await reloadAll();
    const a = await signedOf(receipted);
    const b = await signedOf(unreceipted);

    // At the issuer: the importer's signed receipt is the evidence.
    const atIssuer = await verifyAt(ru, a);
    expect(atIssuer.valid).toBe(true);
    expect(atIssuer.checks.find((c) => c.check === 'key-not-revoked')?.message).toMatch(
      /evidence shows the document existed at 2026-03-02T09:00:00/,
    );
    expect(cause(await verifyAt(ru, b))).toEqual({
      check: 'key-not-revoked',
      code: 'KPX_KEY_REVOKED',
    });
    // At the receiver: its own inbox (the receipt it signed when it stored the message).
    expect((await verifyAt(eu, a)).valid).toBe(true);
    expect(cause(await verifyAt(eu, b))).toEqual({
      check: 'key-not-revoked',
      code: 'KPX_KEY_REVOKED',
    });

    // The envelope still queued was signed by the revoked key: the receiver refuses it.
    net.setReachable('EU-BE-ANTWERP', true);
    net.clock.advance(hour);
    expect(await ru.node.dispatchOutbox()).toMatchObject({ failed: 1 });
    expect(await lastError(unreceipted)).toBe('HTTP 401 KPX_KEY_REVOKED');
  });

  it('a key retired for another reason keeps what it signed before revokedAt, without evidence', async () => {
    net.setReachable('EU-BE-ANTWERP', false);
    const number = await issue();
    net.clock.advance(minute);
    await net.registry.revokeKey(ru.key.kid, 'superseded');
    await reloadAll();
    expect((await verifyAt(eu, await signedOf(number))).valid).toBe(true);
  });
});

describe('suspended Participant', () => {
  it('its certificates are refused at receive and at verify (KPX_PARTICIPANT_SUSPENDED); issuing to it is refused', async () => {
    net.setReachable('EU-BE-ANTWERP', false);
    const number = await issue();
    await ru.node.dispatchOutbox();
    await net.registry.suspendParticipant('RU');
    await eu.node.reloadTrustList();
    net.setReachable('EU-BE-ANTWERP', true);
    net.clock.advance(hour);
    expect(await ru.node.dispatchOutbox()).toMatchObject({ rejected: 1 });
    expect(await lastError(number)).toBe('rejected by EU-BE-ANTWERP: KPX_PARTICIPANT_SUSPENDED');
    expect(cause(await verifyAt(eu, await signedOf(number)))).toEqual({
      check: 'schema',
      code: 'KPX_PARTICIPANT_SUSPENDED',
    });

    // Its own node issues nothing while suspended.
    await ru.node.reloadTrustList();
    const own = await ru.request('/api/v1/certificates', {
      method: 'POST',
      role: 'issuer',
      json: sampleDraft,
    });
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({ code: 'KPX_PARTICIPANT_SUSPENDED' });

    // Issuing to a suspended Participant.
    await net.registry.suspendParticipant('RU', { lift: true });
    await net.registry.suspendParticipant('EU');
    await ru.node.reloadTrustList();
    const toSuspended = await ru.request('/api/v1/certificates', {
      method: 'POST',
      role: 'issuer',
      json: sampleDraft,
    });
    expect(toSuspended.status).toBe(403);
    expect(await toSuspended.json()).toMatchObject({
      code: 'KPX_PARTICIPANT_SUSPENDED',
      detail: expect.stringContaining('Participant EU is suspended'),
    });
  });
});

describe('key and authority codes', () => {
  it('names unknown, not yet valid and expired keys at the public verify and the receiver', async () => {
    const number = await issue();
    const stranger = createNodeSigner(generateTestKey().privateJwk);
    expect(cause(await verifyAt(eu, await resigned(number, stranger)))).toEqual({
      check: 'key-known',
      code: 'KPX_KEY_UNKNOWN',
    });

    const later = generateTestKey();
    const earlier = generateTestKey();
    const now = net.clock.now();
    await net.registry.addKey(
      { authority: 'RU-MINFIN', jwk: later.publicJwk, validFrom: new Date(now + hour) },
      { publish: false },
    );
    await net.registry.addKey({
      authority: 'RU-MINFIN',
      jwk: earlier.publicJwk,
      validFrom: new Date(now - 3 * hour),
      validTo: new Date(now - 2 * hour),
    });
    await eu.node.reloadTrustList();
    expect(
      cause(await verifyAt(eu, await resigned(number, createNodeSigner(later.privateJwk)))),
    ).toEqual({
      check: 'key-valid-at-signing',
      code: 'KPX_KEY_NOT_YET_VALID',
    });
    expect(
      cause(await verifyAt(eu, await resigned(number, createNodeSigner(earlier.privateJwk)))),
    ).toEqual({ check: 'key-valid-at-signing', code: 'KPX_KEY_EXPIRED' });

    // An envelope signed by a key the list does not know: 401 problem, KPX_KEY_UNKNOWN.
    const envelope = await signEnvelope(
      {
        id: uuidv7(now, new Uint8Array(10)),
        type: 'certificate.issued',
        from: 'RU-MINFIN',
        to: 'EU-BE-ANTWERP',
        createdAt: new Date(now).toISOString(),
        body: { certificate: await signedOf(number) },
      },
      stranger,
    );
    const res = await eu.request('/exchange/v1/messages', {
      method: 'POST',
      body: envelope,
      headers: { 'content-type': 'application/jose' },
    });
    expect(res.status).toBe(401);
    expect((await res.json()) as Json).toMatchObject({ code: 'KPX_KEY_UNKNOWN' });
  });

  it('an authority that may no longer issue: refused at receive and at verify (KPX_AUTHORITY_MAY_NOT_ISSUE)', async () => {
    net.setReachable('EU-BE-ANTWERP', false);
    const number = await issue();
    await ru.node.dispatchOutbox();
    await net.registry.updateAuthority('RU-MINFIN', { mayIssue: false });
    await eu.node.reloadTrustList();
    net.setReachable('EU-BE-ANTWERP', true);
    net.clock.advance(hour);
    expect(await ru.node.dispatchOutbox()).toMatchObject({ rejected: 1 });
    expect(await lastError(number)).toBe('rejected by EU-BE-ANTWERP: KPX_AUTHORITY_MAY_NOT_ISSUE');
    expect(cause(await verifyAt(eu, await signedOf(number)))).toEqual({
      check: 'schema',
      code: 'KPX_AUTHORITY_MAY_NOT_ISSUE',
    });
  });
});
