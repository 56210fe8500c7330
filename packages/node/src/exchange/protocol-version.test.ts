import { Writable } from 'node:stream';
import { sampleDraft } from '@kpx/domain';
import { protocolVersion, protocolVersionHeader, type Receipt } from '@kpx/protocol';
import { decodeJwsPayload } from '@kpx/protocol';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNode, type KpxNode } from '../create-node.js';
import { createFetchTransport, routeByOrigin } from '../outbox/fetch-transport.js';
import { createManualClock } from '../runtime/clock.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import { buildTestTrustList, generateTestKey, testEndpoint } from '../testing/test-trust-list.js';
import { staticTrustSource } from '../trust/trust-source.js';

// Protocol version between nodes of different releases (docs/protocol.md "Versioning"): the
// sender announces `Kpx-Protocol-Version`, the receiver refuses a major it does not speak with
// 400 KPX_PROTOCOL_VERSION_UNSUPPORTED naming both versions, and a missing header means 1.

type Json = Record<string, unknown>;

async function outboxEnvelope(node: TestNode): Promise<string> {
  const row = await node.node.context.storage.db
    .selectFrom('outbox')
    .select('envelope')
    .executeTakeFirstOrThrow();
  return row.envelope;
}

describe('receiving: the Kpx-Protocol-Version request header', () => {
  let net: TestNetwork;
  let ru: TestNode;
  let eu: TestNode;
  let envelope: string;

  beforeEach(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP']);
    ru = net.nodes['RU-MINFIN']!;
    eu = net.nodes['EU-BE-ANTWERP']!;
    const issued = await ru.request('/api/v1/certificates', {
      method: 'POST',
      role: 'issuer',
      json: sampleDraft,
    });
    expect(issued.status).toBe(201);
    envelope = await outboxEnvelope(ru);
  });
  afterEach(async () => {
    await net.stop();
  });

  const post = (headers: Record<string, string>) =>
    eu.request('/exchange/v1/messages', {
      method: 'POST',
      body: envelope,
      headers: { 'content-type': 'application/jose', ...headers },
    });

  it('accepts the version it speaks and announces its own on the answer', async () => {
    const res = await post({ [protocolVersionHeader]: String(protocolVersion) });
    expect(res.status).toBe(200);
    expect(res.headers.get(protocolVersionHeader)).toBe('1');
    expect((decodeJwsPayload(await res.text()) as Receipt).result).toBe('accepted');
  });

  it('takes a request without the header as version 1 (releases before the header sent none)', async () => {
    const res = await post({});
    expect(res.status).toBe(200);
    expect((decodeJwsPayload(await res.text()) as Receipt).result).toBe('accepted');
  });

  it('refuses a newer major with 400 KPX_PROTOCOL_VERSION_UNSUPPORTED naming both versions, storing nothing', async () => {
    const res = await post({ [protocolVersionHeader]: '2' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get(protocolVersionHeader)).toBe('1');
    const problem = (await res.json()) as Json;
    expect(problem).toMatchObject({
      status: 400,
      code: 'KPX_PROTOCOL_VERSION_UNSUPPORTED',
      received: '2',
      supported: { min: 1, max: 1 },
    });
    expect(problem['detail']).toBe(
      'The sender speaks kpx protocol version 2; this node speaks 1. One side must upgrade (Kpx-Protocol-Version).',
    );
    const inbox = await eu.node.context.storage.db.selectFrom('inbox').selectAll().execute();
    expect(inbox).toEqual([]);
  });

  it.each(['0', '1.5', 'v1', '', '99999999'])(
    'refuses a header value that is no supported version (%j)',
    async (value) => {
      const res = await post({ [protocolVersionHeader]: value });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json)['code']).toBe('KPX_PROTOCOL_VERSION_UNSUPPORTED');
    },
  );

  it('announces the version on /healthz too', async () => {
    const res = await eu.request('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get(protocolVersionHeader)).toBe(String(protocolVersion));
  });
});

describe('sending: the dispatcher announces its version and reports a partner that refuses it', () => {
  const start = '2026-03-02T09:00:00.000Z';
  let ru: KpxNode;
  let eu: KpxNode;
  const seen: Array<string | null> = [];
  const logLines: string[] = [];
  /** What the EU endpoint is: the real EU node, or one speaking only a future version 2. */
  let euSpeaks: 1 | 2 = 1;

  beforeEach(async () => {
    seen.length = 0;
    logLines.length = 0;
    euSpeaks = 1;
    const clock = createManualClock(start);
    const ruKey = generateTestKey();
    const euKey = generateTestKey();
    const trustList = buildTestTrustList({
      'RU-MINFIN': ruKey.publicJwk,
      'EU-BE-ANTWERP': euKey.publicJwk,
    });
    const transport = createFetchTransport(
      routeByOrigin({
        [new URL(testEndpoint('EU-BE-ANTWERP')).origin]: (request) => {
          seen.push(request.headers.get(protocolVersionHeader));
          if (euSpeaks === 1) return eu.fetch(request);
          // A partner already on version 2 only: what such a node answers a version-1 sender.
          return Response.json(
            {
              type: 'https://kpx.dev/problems/KPX_PROTOCOL_VERSION_UNSUPPORTED',
              title: 'Unsupported kpx protocol version',
              status: 400,
              code: 'KPX_PROTOCOL_VERSION_UNSUPPORTED',
              detail:
                'The sender speaks kpx protocol version 1; this node speaks 2. One side must upgrade (Kpx-Protocol-Version).',
              received: '1',
              supported: { min: 2, max: 2 },
            },
            {
              status: 400,
              headers: { 'content-type': 'application/problem+json', [protocolVersionHeader]: '2' },
            },
          );
        },
      }),
    );
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    );
    const common = { clock, transport, trustSource: staticTrustSource(trustList) };
    ru = await createNode(
      {
        authority: 'RU-MINFIN',
        signingKey: ruKey.privateJwk,
        database: { kind: 'sqlite', path: ':memory:' },
      },
      { ...common, logger },
    );
    eu = await createNode(
      {
        authority: 'EU-BE-ANTWERP',
        signingKey: euKey.privateJwk,
        database: { kind: 'sqlite', path: ':memory:' },
      },
      { ...common, logger: pino({ level: 'silent' }) },
    );
  });
  afterEach(async () => {
    await ru.stop();
    await eu.stop();
  });

  async function issue(): Promise<void> {
    const { token } = await ru.createToken({ role: 'issuer', name: 'test issuer' });
    const res = await ru.app.request('/api/v1/certificates', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(sampleDraft),
    });
    expect(res.status).toBe(201);
  }

  it('sends Kpx-Protocol-Version with every delivery', async () => {
    await issue();
    expect(await ru.dispatchOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(seen).toEqual([String(protocolVersion)]);
  });

  it('keeps a refused message pending with both versions in last_error and a warning in the log', async () => {
    euSpeaks = 2;
    await issue();
    expect(await ru.dispatchOutbox()).toMatchObject({ claimed: 1, failed: 1, dead: 0 });
    const row = await ru.context.storage.db
      .selectFrom('outbox')
      .select(['state', 'last_error', 'attempts'])
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe(
      'HTTP 400 KPX_PROTOCOL_VERSION_UNSUPPORTED: The sender speaks kpx protocol version 1; this node speaks 2. One side must upgrade (Kpx-Protocol-Version).',
    );
    const warning = logLines
      .map((line) => JSON.parse(line) as Json)
      .find((entry) => String(entry['msg']).includes('KPX_PROTOCOL_VERSION_UNSUPPORTED'));
    expect(warning).toMatchObject({
      level: 40,
      to: 'EU-BE-ANTWERP',
      sent: 1,
      partnerSupports: { min: 2, max: 2 },
    });
  });
});
