import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
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
import { createNodeSigner } from '@kpx/protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createConsoleTestNode,
  fromAddress,
} from '../../packages/node/src/auth/testing/console-test-node.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '@kpx/node';
import { createRegistryTestNetwork } from '../../packages/node/src/trust/registry-test-network.js';
import { sendRaw } from '../support/hostile-input.mjs';

// Issue 10, attack suite: the reviewer's checklist. One test per attack, each asserting the exact
// status and problem `code` the node answers with. Real nodes, real signatures, real SQLite;
// sockets where the attack depends on them (client addresses, raw request targets). Several of
// these repeat lower-level tests elsewhere on purpose (named in SECURITY.md): this file is the
// one place that shows the whole threat list is covered.

type Json = Record<string, unknown>;
const day = 24 * 60 * 60_000;
const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

async function network(authorities = ['RU-MINFIN', 'EU-BE-ANTWERP']): Promise<TestNetwork> {
  const net = await createTestNetwork(authorities);
  stops.push(() => net.stop());
  return net;
}

async function problemOf(res: Response, status: number, code: string): Promise<Json> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Json;
  expect({ status: res.status, code: body['code'] }).toEqual({ status, code });
  return body;
}

/** An envelope from RU-MINFIN to EU-BE-ANTWERP (overridable), signed with `privateJwk`. */
function envelopeBy(
  net: TestNetwork,
  privateJwk: TestNode['key']['privateJwk'],
  overrides: Partial<Envelope> = {},
): Promise<string> {
  return signEnvelope(
    {
      id: uuidv7(net.clock.now(), crypto.getRandomValues(new Uint8Array(10))),
      type: 'certificate.cancelled',
      from: 'RU-MINFIN',
      to: 'EU-BE-ANTWERP',
      createdAt: new Date(net.clock.now()).toISOString(),
      body: { number: 'RU-2026-000001', reason: 'attack suite' },
      ...overrides,
    },
    createNodeSigner(privateJwk),
  );
}

const post = (node: TestNode, envelope: string) =>
  node.request('/exchange/v1/messages', {
    method: 'POST',
    body: envelope,
    headers: { 'content-type': 'application/jose' },
  });

async function inboxRows(node: TestNode): Promise<number> {
  const row = await node.node.context.storage.db
    .selectFrom('inbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function issue(node: TestNode): Promise<string> {
  const res = await node.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: sampleDraft,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

describe('forged and misattributed messages at /exchange/v1/messages', () => {
  it('forged signature: a tampered envelope is 401 KPX_SIGNATURE_INVALID and nothing is stored', async () => {
    const net = await network();
    const eu = net.nodes['EU-BE-ANTWERP']!;
    const envelope = await envelopeBy(net, net.nodes['RU-MINFIN']!.key.privateJwk);
    const [header, , signature] = envelope.split('.') as [string, string, string];
    const payload = decodeJwsPayload(envelope) as Envelope;
    const forged = base64urlEncode(
      utf8(canonicalize({ ...payload, body: { number: 'RU-2026-000002', reason: 'forged' } })),
    );
    await problemOf(
      await post(eu, `${header}.${forged}.${signature}`),
      401,
      'KPX_SIGNATURE_INVALID',
    );
    expect(await inboxRows(eu)).toBe(0);
  });

  it('a valid signature by another authority’s key: 401 KPX_KEY_AUTHORITY_MISMATCH', async () => {
    const net = await network(['RU-MINFIN', 'EU-BE-ANTWERP', 'BY-MINFIN']);
    const eu = net.nodes['EU-BE-ANTWERP']!;
    // BY-MINFIN signs correctly with its own listed key, but claims to be RU-MINFIN.
    const envelope = await envelopeBy(net, net.nodes['BY-MINFIN']!.key.privateJwk);
    await problemOf(await post(eu, envelope), 401, 'KPX_KEY_AUTHORITY_MISMATCH');
    expect(await inboxRows(eu)).toBe(0);
  });

  it('JWS alg none, or an algorithm the key is not for (HS256 keyed with the public key): 400 KPX_ALG_NOT_ALLOWED', async () => {
    const net = await network();
    const ru = net.nodes['RU-MINFIN']!;
    const eu = net.nodes['EU-BE-ANTWERP']!;
    const genuine = await envelopeBy(net, ru.key.privateJwk);
    const [, payload] = genuine.split('.') as [string, string, string];
    const b64 = (value: unknown) => base64urlEncode(utf8(JSON.stringify(value)));
    const none = `${b64({ alg: 'none', kid: ru.key.kid, typ: 'kpx-message+jwt' })}.${payload}.`;
    await problemOf(await post(eu, none), 400, 'KPX_ALG_NOT_ALLOWED');
    const headerHs = b64({ alg: 'HS256', kid: ru.key.kid, typ: 'kpx-message+jwt' });
    const { createHmac } = await import('node:crypto');
    const mac = createHmac('sha256', JSON.stringify(ru.key.publicJwk))
      .update(`${headerHs}.${payload}`)
      .digest('base64url');
    await problemOf(await post(eu, `${headerHs}.${payload}.${mac}`), 400, 'KPX_ALG_NOT_ALLOWED');
    expect(await inboxRows(eu)).toBe(0);
  });

  it('replay of an old message: the same bytes get the first receipt (no second effect), other bytes 409 KPX_REPLAY_CONFLICT, past the window 400 KPX_MESSAGE_TOO_OLD', async () => {
    const net = await network();
    const ru = net.nodes['RU-MINFIN']!;
    const eu = net.nodes['EU-BE-ANTWERP']!;
    const id = uuidv7(net.clock.now(), new Uint8Array(10).fill(7));
    const first = await envelopeBy(net, ru.key.privateJwk, { id });
    const a = await post(eu, first);
    expect(a.status).toBe(200);
    const receipt = await a.text();
    const again = await post(eu, first);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(receipt);
    expect(await inboxRows(eu)).toBe(1);
    const other = await envelopeBy(net, ru.key.privateJwk, {
      id,
      body: { number: 'RU-2026-000009', reason: 'replayed id' },
    });
    await problemOf(await post(eu, other), 409, 'KPX_REPLAY_CONFLICT');

    // An envelope signed long ago (its key was valid then), replayed past the dedup window.
    const old = await envelopeBy(net, ru.key.privateJwk);
    net.clock.advance(eu.node.config.exchange.maxAgeMs + day);
    await problemOf(await post(eu, old), 400, 'KPX_MESSAGE_TOO_OLD');
    expect(await inboxRows(eu)).toBe(1);
  });

  it('a message for another node: 400 KPX_MESSAGE_MISADDRESSED', async () => {
    const net = await network();
    const eu = net.nodes['EU-BE-ANTWERP']!;
    const envelope = await envelopeBy(net, net.nodes['RU-MINFIN']!.key.privateJwk, {
      to: 'BY-MINFIN',
    });
    await problemOf(await post(eu, envelope), 400, 'KPX_MESSAGE_MISADDRESSED');
    expect(await inboxRows(eu)).toBe(0);
  });
});

describe('the trust list decides who counts', () => {
  it('a certificate from a suspended Participant: a signed rejection KPX_PARTICIPANT_SUSPENDED at the receiver, 403 at its own issuer', async () => {
    const net = await createRegistryTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
    stops.push(() => net.stop());
    const ru = net.nodes['RU-MINFIN']!;
    const eu = net.nodes['EU-BE-ANTWERP']!;
    net.setReachable('EU-BE-ANTWERP', false);
    const res = await ru.request('/api/v1/certificates', {
      method: 'POST',
      role: 'issuer',
      json: sampleDraft,
    });
    expect(res.status).toBe(201);
    await net.registry.suspendParticipant('RU');
    await eu.node.reloadTrustList();
    net.setReachable('EU-BE-ANTWERP', true);
    net.clock.advance(60 * 60_000);
    expect(await ru.node.dispatchOutbox()).toMatchObject({ rejected: 1 });
    const receipt = await eu.node.context.storage.db
      .selectFrom('inbox')
      .select(['result', 'receipt'])
      .executeTakeFirstOrThrow();
    expect(decodeJwsPayload(receipt.receipt) as Receipt).toMatchObject({
      result: 'rejected',
      code: 'KPX_PARTICIPANT_SUSPENDED',
    });
    await ru.node.reloadTrustList();
    const own = await ru.request('/api/v1/certificates', {
      method: 'POST',
      role: 'issuer',
      json: sampleDraft,
    });
    await problemOf(own, 403, 'KPX_PARTICIPANT_SUSPENDED');
  });

  it('a key used after its revocation: 401 KPX_KEY_REVOKED', async () => {
    const net = await createRegistryTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
    stops.push(() => net.stop());
    const ru = net.nodes['RU-MINFIN']!;
    const eu = net.nodes['EU-BE-ANTWERP']!;
    await net.registry.revokeKey(ru.key.kid, 'compromise');
    await eu.node.reloadTrustList();
    net.clock.advance(60_000);
    const envelope = await signEnvelope(
      {
        id: uuidv7(net.clock.now(), crypto.getRandomValues(new Uint8Array(10))),
        type: 'certificate.cancelled',
        from: 'RU-MINFIN',
        to: 'EU-BE-ANTWERP',
        createdAt: new Date(net.clock.now()).toISOString(),
        body: { number: 'RU-2026-000001', reason: 'stolen key' },
      },
      createNodeSigner(ru.key.privateJwk),
    );
    const res = await eu.request('/exchange/v1/messages', {
      method: 'POST',
      body: envelope,
      headers: { 'content-type': 'application/jose' },
    });
    await problemOf(res, 401, 'KPX_KEY_REVOKED');
  });

  it('trust-list rollback: an older signed list replayed is refused (KPX_TRUST_LIST_ROLLBACK), the newer kept', async () => {
    const net = await createRegistryTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
    stops.push(() => net.stop());
    const ru = net.nodes['RU-MINFIN']!;
    const first = await net.registry.currentList();
    await net.registry.suspendParticipant('BY');
    await ru.node.reloadTrustList();
    const held = ru.node.context.trust.current().list.version;
    expect(held).toBe(first.version + 1);
    net.serve(first.jws);
    await expect(ru.node.reloadTrustList()).rejects.toMatchObject({
      code: 'KPX_TRUST_LIST_ROLLBACK',
      status: 409,
    });
    expect(ru.node.context.trust.current().list.version).toBe(held);
    // BY stays suspended: the rollback would have lifted it.
    expect(
      ru.node.context.trust.current().list.participants.find((p) => p.code === 'BY')?.status,
    ).toBe('suspended');
  });
});

describe('officers stay in their roles', () => {
  it('role escalation: an importer issuing and an issuer confirming are 403 KPX_FORBIDDEN; confirming one’s own export is 404 KPX_NOT_FOUND', async () => {
    const net = await network();
    const ru = net.nodes['RU-MINFIN']!;
    const importerIssues = await ru.request('/api/v1/certificates', {
      method: 'POST',
      role: 'importer',
      json: sampleDraft,
    });
    await problemOf(importerIssues, 403, 'KPX_FORBIDDEN');
    const number = await issue(ru);
    const confirmation = {
      parcels: 4,
      carats: '4320.45',
      valueUsd: '335150.95',
      receivedOn: '2026-03-03',
      sealsIntact: true,
    };
    const issuerConfirms = await ru.request(`/api/v1/certificates/${number}/confirmation`, {
      method: 'POST',
      role: 'issuer',
      json: confirmation,
    });
    await problemOf(issuerConfirms, 403, 'KPX_FORBIDDEN');
    // The exporting node's importer cannot confirm its own export either: each side acts only
    // on its own direction.
    const ownExport = await ru.request(`/api/v1/certificates/${number}/confirmation`, {
      method: 'POST',
      role: 'importer',
      json: confirmation,
    });
    await problemOf(ownExport, 404, 'KPX_NOT_FOUND');
    const detail = (await (
      await ru.request(`/api/v1/certificates/${number}`, { role: 'auditor' })
    ).json()) as Json;
    expect(detail['status']).toBe('issued');
  });

  it('the public verify endpoint leaks no commercial data', async () => {
    const net = await network();
    const ru = net.nodes['RU-MINFIN']!;
    const number = await issue(ru);
    const res = await ru.request(`/api/v1/verify/${number}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Object.keys(JSON.parse(text) as Json).sort()).toEqual(
      ['expiresOn', 'issuedOn', 'issuer', 'number', 'status'].sort(),
    );
    const d = sampleDraft as unknown as {
      exporter: { name: string; address: string };
      importer: { name: string; address: string };
      items: Array<{ carats: string; valueUsd: string }>;
    };
    for (const secret of [
      d.exporter.name,
      d.exporter.address,
      d.importer.name,
      d.importer.address,
      ...d.items.flatMap((i) => [i.carats, i.valueUsd]),
      'carats',
      'valueUsd',
      'parcels',
      'seals',
    ])
      expect(text).not.toContain(secret);
    // A number it does not hold: 404 with the issuer's node to ask, nothing else.
    const unknown = await ru.request('/api/v1/verify/RU-2026-999999');
    const problem = await problemOf(unknown, 404, 'KPX_NOT_FOUND');
    expect(JSON.stringify(problem)).not.toContain(d.exporter.name);
  });

  it('token and password guessing: 401 KPX_UNAUTHENTICATED for guessed tokens; 429 KPX_RATE_LIMITED with Retry-After for an address that keeps guessing passwords', async () => {
    const t = await createConsoleTestNode({
      config: { console: { signInThrottle: { baseDelayMs: 1000, maxDelayMs: 30_000 } } },
    });
    stops.push(() => t.stop());
    for (let i = 0; i < 20; i++) {
      const guess = `kpx_${base64urlEncode(crypto.getRandomValues(new Uint8Array(32)))}`;
      const res = await t.request('/api/v1/certificates', {
        headers: { authorization: `Bearer ${guess}` },
      });
      await problemOf(res, 401, 'KPX_UNAUTHENTICATED');
    }
    await t.node.createUser({ username: 'alice', role: 'importer', password: 'the right one 1' });
    const attacker = fromAddress('203.0.113.66');
    for (let n = 0; n < 5; n++) {
      const res = await t.signIn('alice', `guess ${n} for alice`, { env: attacker });
      await problemOf(res, 401, 'KPX_SIGN_IN_FAILED');
    }
    const limited = await t.signIn('alice', 'the right one 1', { env: attacker });
    expect(limited.headers.get('retry-after')).toBe('1');
    await problemOf(limited, 429, 'KPX_RATE_LIMITED');
  });
});

describe('served to partners under a flood (real sockets, two client addresses)', () => {
  it('flooding /exchange and /api/v1/verify from one address: 429 KPX_RATE_LIMITED with Retry-After there, a legitimate partner and visitor from another address still served', async () => {
    const { createNode, buildTestTrustList, createManualClock, generateTestKey, silentLogger } =
      await import('@kpx/node');
    const { staticTrustSource, startNodeServer } = await import('@kpx/node');
    const ruKey = generateTestKey();
    const euKey = generateTestKey();
    const trustList = buildTestTrustList({
      'RU-MINFIN': ruKey.publicJwk,
      'EU-BE-ANTWERP': euKey.publicJwk,
    });
    const clock = createManualClock('2026-03-02T09:00:00.000Z');
    const eu = await createNode(
      {
        authority: 'EU-BE-ANTWERP',
        signingKey: euKey.privateJwk,
        database: { kind: 'sqlite', path: ':memory:' },
        // Small budgets so the test is short; the clock stands still, so nothing refills.
        rateLimit: {
          exchange: {
            partner: { perSecond: 1, burst: 30 },
            anonymous: { perSecond: 1, burst: 5 },
            anonymousTotal: { perSecond: 1, burst: 10 },
          },
          verify: { perSecond: 1, burst: 5 },
        },
      },
      { clock, logger: silentLogger(), trustSource: staticTrustSource(trustList) },
    );
    const server = await startNodeServer(eu, { host: '127.0.0.1', port: 0, startWorkers: false });
    stops.push(() => server.close());
    const partner = (path: string, init: Omit<Parameters<typeof sendRaw>[1], 'path'>) =>
      sendRaw(server.url, { ...init, path, localAddress: '127.0.0.1' });
    const attacker = (path: string, init: Omit<Parameters<typeof sendRaw>[1], 'path'>) =>
      sendRaw(server.url, { ...init, path, localAddress: '127.0.0.2' });
    const jose = { 'content-type': 'application/jose' };
    const signed = (by: typeof ruKey, body: unknown = { number: 'RU-2026-000001', reason: 'x' }) =>
      signEnvelope(
        {
          id: uuidv7(clock.now(), crypto.getRandomValues(new Uint8Array(10))),
          type: 'certificate.cancelled',
          from: 'RU-MINFIN',
          to: 'EU-BE-ANTWERP',
          createdAt: new Date(clock.now()).toISOString(),
          body,
        },
        createNodeSigner(by.privateJwk),
      );

    // The attacker: garbage, then envelopes that claim RU-MINFIN's key but are signed with
    // another (so they cost a signature check each).
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push(
        (
          await attacker('/exchange/v1/messages', {
            method: 'POST',
            headers: jose,
            body: `junk ${i}`,
          })
        ).status,
      );
    const impostor = generateTestKey();
    const forged = (await signed(impostor)).split('.');
    const withRuKid = `${base64urlEncode(utf8(JSON.stringify({ alg: 'EdDSA', kid: ruKey.kid, typ: 'kpx-message+jwt' })))}.${forged[1]}.${forged[2]}`;
    for (let i = 0; i < 40; i++)
      statuses.push(
        (
          await attacker('/exchange/v1/messages', {
            method: 'POST',
            headers: jose,
            body: withRuKid,
          })
        ).status,
      );
    expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(5, 40).every((s) => s === 429)).toBe(true);
    expect(statuses.slice(40, 70).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(70).every((s) => s === 429)).toBe(true);
    const limited = await attacker('/exchange/v1/messages', {
      method: 'POST',
      headers: jose,
      body: withRuKid,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(JSON.parse(limited.body)).toMatchObject({ code: 'KPX_RATE_LIMITED', retryAfter: 1 });

    // The real RU-MINFIN, from its own address, is still served: signed receipts every time.
    for (let i = 0; i < 10; i++) {
      const res = await partner('/exchange/v1/messages', {
        method: 'POST',
        headers: jose,
        body: await signed(ruKey),
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/jose');
      expect((decodeJwsPayload(res.body) as Receipt).messageId).toMatch(/^[0-9a-f-]{36}$/);
    }

    // The public verify route: the flooding address is cut off, a visitor elsewhere is not.
    const verifyStatuses: number[] = [];
    for (let i = 0; i < 20; i++)
      verifyStatuses.push(
        (await attacker('/api/v1/verify/RU-2026-000001', { method: 'GET', headers: {} })).status,
      );
    expect(verifyStatuses.slice(0, 5).every((s) => s === 404)).toBe(true);
    expect(verifyStatuses.slice(5).every((s) => s === 429)).toBe(true);
    const visitor = await partner('/api/v1/verify/RU-2026-000001', { method: 'GET', headers: {} });
    expect(visitor.status).toBe(404);
    expect(JSON.parse(visitor.body)).toMatchObject({ code: 'KPX_NOT_FOUND' });
    const metrics = await partner('/metrics', { method: 'GET', headers: {} });
    expect(metrics.body).toMatch(/kpx_errors_total\{[^}]*code="KPX_RATE_LIMITED"[^}]*\} 61/);
  });
});

describe('static files', () => {
  it('path traversal on static files: 404 KPX_NOT_FOUND for every spelling, never the file', async () => {
    const { createNode, buildTestTrustList, createManualClock, generateTestKey, silentLogger } =
      await import('@kpx/node');
    const { staticTrustSource, startNodeServer } = await import('@kpx/node');
    const root = mkdtempSync(join(tmpdir(), 'kpx-traversal-'));
    stops.push(() => rmSync(root, { recursive: true, force: true }));
    const web = join(root, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>kpx</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'TOP SECRET signing key backup');
    const key = generateTestKey();
    const node = await createNode(
      {
        authority: 'RU-MINFIN',
        signingKey: key.privateJwk,
        database: { kind: 'sqlite', path: ':memory:' },
        web: { dir: web },
      },
      {
        clock: createManualClock('2026-03-02T09:00:00.000Z'),
        logger: silentLogger(),
        trustSource: staticTrustSource(buildTestTrustList({ 'RU-MINFIN': key.publicJwk })),
      },
    );
    const server = await startNodeServer(node, { host: '127.0.0.1', port: 0, startWorkers: false });
    stops.push(() => server.close());
    const get = (path: string) => sendRaw(server.url, { method: 'GET', path, headers: {} });
    expect((await get('/assets/app.js')).status).toBe(200);
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/app.js%00.txt',
      '/assets/.%2e/.%2E/secret.txt',
      '/assets/%c0%ae%c0%ae/secret.txt',
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ code: 'KPX_NOT_FOUND' });
      expect(res.body).not.toContain('TOP SECRET');
    }
    // A raw backslash in the request target is refused by Node's HTTP parser itself (400,
    // before any kpx code runs): still never the file.
    const backslash = await get('/assets/..\\..\\secret.txt');
    expect(backslash.status).toBe(400);
    expect(backslash.body).not.toContain('TOP SECRET');
  });
});
