import { KpxError } from '@kpx/domain';
import { acceptedProtocolVersion, protocolVersionHeader } from '@kpx/protocol';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { RegistryContext } from '../registry/registry-context.js';
import { joseMediaType } from '../http/routes/trust-list-routes.js';
import { globalStatistics } from './global-statistics.js';
import { receiveStatisticsReturn } from './receive-statistics-return.js';

/** Largest envelope accepted (a return of thousands of rows fits easily). */
export const maxReturnEnvelopeBytes = 4 * 1024 * 1024;

/**
 * The exchange route: `POST /exchange/v1/messages` takes a `statistics.return` envelope as
 * `application/jose` (what a node's outbox sends) or `application/json` `{ "envelope": "…" }`
 * and answers `200 application/jose` with the registry's signed receipt — for every envelope it
 * could authenticate, accepted or refused; 4xx problem+json for one it cannot.
 */
export function exchangeRoutes(ctx: RegistryContext): Hono {
  const routes = new Hono();
  routes.post(
    '/messages',
    bodyLimit({
      maxSize: maxReturnEnvelopeBytes,
      onError: () => {
        throw new KpxError('KPX_BODY_TOO_LARGE', {
          detail: `an envelope is at most ${maxReturnEnvelopeBytes} bytes`,
        });
      },
    }),
    async (c) => {
      // A sender on a protocol version the registry does not speak: refused before reading.
      acceptedProtocolVersion(c.req.header(protocolVersionHeader));
      const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
      let jws: string;
      if (type === joseMediaType) jws = (await c.req.text()).trim();
      else if (type === 'application/json') {
        let body: unknown;
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          throw new KpxError('KPX_JSON_INVALID', { detail: 'the body is not JSON' });
        }
        const envelope = (body as { envelope?: unknown } | null)?.envelope;
        if (typeof envelope !== 'string') {
          throw new KpxError('KPX_JWS_MALFORMED', {
            detail: 'expected { "envelope": "<compact JWS>" }',
          });
        }
        jws = envelope;
      } else {
        throw new KpxError('KPX_UNSUPPORTED_MEDIA_TYPE', {
          detail: `send the envelope as ${joseMediaType}`,
        });
      }
      const { receipt } = await receiveStatisticsReturn(ctx, jws);
      return c.body(receipt, 200, { 'content-type': joseMediaType, 'cache-control': 'no-store' });
    },
  );
  return routes;
}

/**
 * `GET /statistics/global?period=2026-Q3` (public, like the KP's published statistics): the
 * global table assembled from every Participant's latest returns, exact decimals.
 */
export function globalStatisticsRoutes(ctx: RegistryContext): Hono {
  const routes = new Hono();
  routes.get('/global', async (c) => {
    const period = c.req.query('period');
    return c.json(await globalStatistics(ctx, period ?? ''), 200, {
      'cache-control': 'public, no-cache',
    });
  });
  return routes;
}
