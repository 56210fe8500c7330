import { Writable } from 'node:stream';
import { sampleDraft } from '@kpx/domain';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';
import { apiRoute } from './api-route.js';
import { createHttpApp } from './create-http-app.js';
import { buildOpenApiDocument } from './openapi-document.js';

let net: TestNetwork;
let ru: TestNode;

const problemShape = (status: number, code: string) => ({
  type: `https://kpx.dev/problems/${code}`,
  title: expect.any(String) as string,
  status,
  code,
});

forEachDialect((d) => {
  beforeAll(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], { database: () => d.database() });
    ru = net.nodes['RU-MINFIN']!;
  });
  afterAll(async () => {
    await net.stop();
  });

  describe('errors at the edge (RFC 9457)', () => {
    it('answers malformed JSON with 400 KPX_JSON_INVALID', async () => {
      const res = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        body: '{"importingParticipant": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject(problemShape(400, 'KPX_JSON_INVALID'));
    });

    it('answers a body that is not JSON with 415 KPX_UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        body: 'parcels=4',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject(problemShape(415, 'KPX_UNSUPPORTED_MEDIA_TYPE'));
    });

    it('limits bodies: 256 KiB on the API, 1 MiB on the exchange (413 KPX_BODY_TOO_LARGE)', async () => {
      const big = JSON.stringify({
        ...sampleDraft,
        exporter: { name: 'x'.repeat(300 * 1024), address: 'a' },
      });
      const res = await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        body: big,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject(problemShape(413, 'KPX_BODY_TOO_LARGE'));

      const fine = await ru.request('/exchange/v1/messages', {
        method: 'POST',
        body: 'x'.repeat(512 * 1024),
        headers: { 'content-type': 'application/jose' },
      });
      expect(fine.status).toBe(400); // under the exchange limit: read, and refused as not a JWS
      const huge = await ru.request('/exchange/v1/messages', {
        method: 'POST',
        body: 'x'.repeat(1024 * 1024 + 1),
        headers: { 'content-type': 'application/jose' },
      });
      expect(huge.status).toBe(413);
    });

    it('answers unknown routes with 404 KPX_NOT_FOUND', async () => {
      const res = await ru.request('/api/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject(problemShape(404, 'KPX_NOT_FOUND'));
    });

    it('logs an unexpected error and answers 500 KPX_INTERNAL without internals or secrets', async () => {
      const lines: string[] = [];
      const logger = pino(
        { level: 'debug' },
        new Writable({
          write(chunk: Buffer, _enc, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      );
      const boom = apiRoute({
        access: ['admin'],
        config: { method: 'get', path: '/boom', responses: { 200: { description: 'never' } } },
        handle: () => Promise.reject(new Error('SQLITE_CORRUPT: secret table layout')),
      });
      const app = createHttpApp({ ...ru.node.context, logger }, [boom]);
      const res = await app.request('/boom', {
        headers: { authorization: `Bearer ${ru.tokens.admin}` },
      });
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual(problemShape(500, 'KPX_INTERNAL'));
      expect(body).not.toContain('SQLITE');
      const log = lines.join('');
      expect(log).toContain('SQLITE_CORRUPT');
      expect(log).not.toContain(ru.tokens.admin);
    });
  });

  describe('operations routes', () => {
    it('/healthz answers ok', async () => {
      const res = await ru.request('/healthz');
      expect(await res.json()).toEqual({ status: 'ok', authority: 'RU-MINFIN' });
    });

    it('/metrics is Prometheus text with certificates, outbox depth, latency histogram and errors', async () => {
      await ru.request('/api/v1/certificates', {
        method: 'POST',
        role: 'issuer',
        json: sampleDraft,
      });
      net.clock.advance(1500);
      await ru.node.dispatchOutbox();
      await ru.request('/api/v1/certificates/RU-0000', { role: 'auditor' });
      const res = await ru.request('/metrics');
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toContain('# TYPE kpx_certificates gauge');
      expect(text).toMatch(
        /kpx_certificates\{authority="RU-MINFIN",direction="outgoing",status="delivered"\} 1/,
      );
      expect(text).toMatch(/kpx_outbox_depth\{authority="RU-MINFIN",state="pending"\} 0/);
      expect(text).toMatch(
        /kpx_delivery_latency_seconds_bucket\{authority="RU-MINFIN",le="2\.5"\} 1/,
      );
      expect(text).toMatch(/kpx_delivery_latency_seconds_count\{authority="RU-MINFIN"\} 1/);
      expect(text).toMatch(/kpx_errors_total\{authority="RU-MINFIN",code="KPX_NOT_FOUND"\} \d+/);
      expect(text).toMatch(/kpx_outbox_oldest_pending_age_seconds\{authority="RU-MINFIN"\} 0/);
    });

    it('/api/v1/trust-list shows the list in use and its age', async () => {
      const body = (await (await ru.request('/api/v1/trust-list')).json()) as Record<
        string,
        unknown
      >;
      expect(body).toMatchObject({
        verification: 'unsigned',
        source: 'static',
        trustList: { version: 1 },
      });
      expect(typeof body['ageSeconds']).toBe('number');
    });

    it('/openapi.json is the OpenAPI 3.1 document built from the routes, with the domain schemas', async () => {
      const served = (await (await ru.request('/openapi.json')).json()) as Record<string, unknown>;
      expect(served).toEqual(buildOpenApiDocument());
      expect(served['openapi']).toBe('3.1.0');
      const schemas = (served['components'] as { schemas: Record<string, { required?: string[] }> })
        .schemas;
      expect(Object.keys(schemas)).toEqual(
        expect.arrayContaining(['CertificateDraft', 'Certificate', 'ConfirmationInput', 'Problem']),
      );
      // Optional fields of the domain schemas are optional in the document too.
      expect(schemas['ConfirmationInput']?.required).not.toContain('items');
      expect(schemas['CertificateDraft']?.required).not.toContain('expiresOn');
    });
  });
});
