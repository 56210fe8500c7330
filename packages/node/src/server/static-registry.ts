import { createHash } from 'node:crypto';
import type { PublicJwk } from '@kpx/protocol';
import type { Listener } from './http-listener.js';

/**
 * The registry's read side as a development network needs it, until `@kpx/registry` serves it:
 * `GET /trust-list.json` (the signed list, `application/jose`, strong ETag, 304 on
 * `If-None-Match` — the same contract as the registry's route), `GET /root-key.json` (the root
 * public key nodes pin) and `GET /healthz`. `trustList()` gives the current signed list (empty
 * until the first is published: 503).
 */
export function serveStaticRegistry(
  listener: Listener,
  options: { trustList: () => string; rootKey: PublicJwk & { kid: string } },
): void {
  listener.setHandler((request) => {
    const { pathname } = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    if (pathname === '/healthz') return Response.json({ status: 'ok', kind: 'static-trust-list' });
    if (pathname === '/root-key.json') return Response.json(options.rootKey);
    if (pathname !== '/trust-list.json') {
      return Response.json(
        {
          type: 'https://kpx.dev/problems/KPX_NOT_FOUND',
          title: 'Not found',
          status: 404,
          code: 'KPX_NOT_FOUND',
        },
        { status: 404, headers: { 'content-type': 'application/problem+json' } },
      );
    }
    const jws = options.trustList();
    if (jws.length === 0) {
      return Response.json(
        {
          type: 'https://kpx.dev/problems/KPX_TRUST_LIST_STALE',
          title: 'Trust list out of date',
          status: 503,
          code: 'KPX_TRUST_LIST_STALE',
          detail: 'no trust list published yet',
        },
        { status: 503, headers: { 'content-type': 'application/problem+json' } },
      );
    }
    const etag = `"${createHash('sha256').update(jws).digest('base64url')}"`;
    const headers = { etag, 'cache-control': 'public, no-cache' };
    if (
      request.headers
        .get('if-none-match')
        ?.split(/\s*,\s*/)
        .includes(etag) === true
    )
      return new Response(null, { status: 304, headers });
    return new Response(request.method === 'HEAD' ? null : jws, {
      status: 200,
      headers: { 'content-type': 'application/jose', ...headers },
    });
  });
}
