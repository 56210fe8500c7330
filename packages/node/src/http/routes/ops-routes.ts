import { sql } from 'kysely';
import { jwkThumbprintNode } from '@kpx/protocol/node';
import { z } from 'zod';
import { scrapeMetrics } from '../../metrics/scrape-metrics.js';
import { isoAt } from '../../runtime/clock.js';
import { apiRoute, problemReply } from '../api-route.js';
import { healthSchema, trustListResponseSchema } from '../schemas.js';

const tags = ['operations'];

export const healthRoute = apiRoute({
  access: 'public',
  config: {
    method: 'get',
    path: '/healthz',
    tags,
    summary: 'Liveness: the process answers and its database does',
    responses: {
      200: { description: 'Alive.', content: { 'application/json': { schema: healthSchema } } },
      503: problemReply('The database does not answer.'),
    },
  },
  async handle(ctx, c) {
    await sql`select 1`.execute(ctx.storage.db);
    return c.json({ status: 'ok' as const, authority: ctx.authority });
  },
});

export const metricsRoute = apiRoute({
  access: 'public',
  config: {
    method: 'get',
    path: '/metrics',
    tags,
    summary: 'Prometheus metrics (text format 0.0.4): counts only, never commercial data',
    responses: {
      200: { description: 'Metrics.', content: { 'text/plain': { schema: z.string() } } },
    },
  },
  async handle(ctx, c) {
    return c.body(await scrapeMetrics(ctx), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  },
});

export const trustListRoute = apiRoute({
  access: 'public',
  config: {
    method: 'get',
    path: '/api/v1/trust-list',
    tags,
    summary: 'The trust list this node uses, as loaded, and its age',
    responses: {
      200: {
        description: 'The trust list.',
        content: { 'application/json': { schema: trustListResponseSchema } },
      },
    },
  },
  handle(ctx, c) {
    const trust = ctx.trust.current();
    const freshness = ctx.trust.freshness();
    const sync = ctx.trustServices.sync;
    // The root this node pins: a browser verifying offline pins it too (trust on first use).
    const rootKey = ctx.config.trustList?.rootKey;
    return Promise.resolve(
      c.json({
        trustList: trust.list,
        ...(trust.document.signed === undefined ? {} : { signed: trust.document.signed }),
        ...(rootKey === undefined
          ? {}
          : { rootKey: { kid: jwkThumbprintNode(rootKey), jwk: rootKey } }),
        verification: trust.document.verification,
        source: trust.document.source,
        loadedAt: isoAt(trust.loadedAt),
        ageSeconds: Math.max(0, (ctx.clock.now() - trust.loadedAt) / 1000),
        version: freshness.version,
        issuedAt: freshness.issuedAt,
        nextUpdate: freshness.nextUpdate,
        age: freshness.ageSeconds,
        fetchedAt: freshness.fetchedAt,
        stale: freshness.stale,
        staleAt: freshness.staleAt,
        ...(sync === undefined ? {} : { registry: { url: sync.registryUrl, ...sync.status() } }),
      }),
    );
  },
});

export const openApiRoute = apiRoute({
  access: 'public',
  config: {
    method: 'get',
    path: '/openapi.json',
    tags,
    summary: 'This API as OpenAPI 3.1',
    responses: {
      200: {
        description: 'The OpenAPI document.',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
    },
  },
  async handle(_ctx, c) {
    // Imported here: the document is built from the route list this module is part of.
    const { buildOpenApiDocument } = await import('../openapi-document.js');
    return c.json(buildOpenApiDocument());
  },
});

export const opsRoutes = [healthRoute, metricsRoute, trustListRoute, openApiRoute];
