import { KpxError } from '@kpx/domain';
import { Hono } from 'hono';
import type { RegistryContext } from '../../registry/registry-context.js';
import type { PublishedVersion } from '../../trust-list/published-version.js';
import { latestVersion, listVersions, versionByNumber } from '../../trust-list/trust-list-reads.js';
import { ifNoneMatchHits } from '../conditional.js';

/** Media type of a compact JWS (RFC 7515 §9.2.1): the trust list is served as signed. */
export const joseMediaType = 'application/jose';

function serveSigned(
  ifNoneMatch: string | undefined,
  published: PublishedVersion,
  cacheControl: string,
): Response {
  const headers: Record<string, string> = {
    etag: published.etag,
    'cache-control': cacheControl,
    'x-kpx-trust-list-version': String(published.version),
  };
  // RFC 9110 §15.4.5: a 304 carries the validators, not the body.
  if (ifNoneMatchHits(ifNoneMatch, published.etag))
    return new Response(null, { status: 304, headers });
  return new Response(published.jws, {
    status: 200,
    headers: { 'content-type': joseMediaType, ...headers },
  });
}

/**
 * The public, read-only routes: `GET /trust-list.json` (the newest version; strong ETag,
 * `If-None-Match` → 304), `GET /trust-list/versions/{n}` (any past version, immutable) and
 * `GET /trust-list/versions` (the index, JSON). Both signed routes answer with the exact
 * compact JWS as published, `application/jose`.
 */
export function trustListRoutes(ctx: RegistryContext): Hono {
  const routes = new Hono();

  routes.get('/trust-list.json', async (c) => {
    const latest = await latestVersion(ctx.db);
    if (latest === undefined) {
      throw new KpxError('KPX_TRUST_LIST_STALE', { detail: 'no trust list published yet' });
    }
    // Every client revalidates (cheap with the ETag), so a new version is seen at once.
    return serveSigned(c.req.header('if-none-match'), latest, 'public, no-cache');
  });

  routes.get('/trust-list/versions', async (c) => {
    return c.json({ versions: await listVersions(ctx.db) }, 200, { 'cache-control': 'no-cache' });
  });

  routes.get('/trust-list/versions/:n', async (c) => {
    const text = c.req.param('n');
    const n = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : undefined;
    const published = n === undefined ? undefined : await versionByNumber(ctx.db, n);
    if (published === undefined) {
      throw new KpxError('KPX_NOT_FOUND', { detail: `no trust-list version ${text}` });
    }
    // A published version never changes.
    return serveSigned(
      c.req.header('if-none-match'),
      published,
      'public, max-age=31536000, immutable',
    );
  });

  return routes;
}
