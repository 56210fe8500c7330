import type { TLSSocket } from 'node:tls';
import { KpxError } from '@kpx/domain';
import { base64urlDecode, utf8Decode } from '@kpx/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { addressKey, clientAddress } from '../auth/client-address.js';
import type { NodeContext } from '../node-context.js';
import type { ApiRoute } from './api-route.js';
import type { HttpEnv } from './http-env.js';
import { createTokenBuckets, type TokenBuckets } from './rate-limit.js';

/**
 * `429 KPX_RATE_LIMITED` with `Retry-After` (RFC 9110 §10.2.3, RFC 6585 §4) and `retryAfter`
 * (seconds) in the problem.
 */
export class RateLimitExceededError extends KpxError {
  readonly retryAfter: number;
  constructor(waitMilliseconds: number, what: string) {
    const seconds = Number.isFinite(waitMilliseconds)
      ? Math.max(1, Math.ceil(waitMilliseconds / 1000))
      : 3600;
    super('KPX_RATE_LIMITED', { detail: `Too many ${what}; try again in ${seconds} s` });
    this.retryAfter = seconds;
  }
}

/**
 * Who sent the request, as far as the transport tells: the fingerprint of a verified TLS client
 * certificate (mutual TLS on `/exchange`), else the client address (IPv6: its /64; behind a
 * trusted proxy, the forwarded one), else `unknown` (in-process calls).
 */
function clientKey(c: Context, trustedProxies: readonly string[]): string {
  const env = c.env as { incoming?: { socket?: Partial<TLSSocket> } } | undefined;
  const socket = env?.incoming?.socket;
  if (socket?.authorized === true && typeof socket.getPeerCertificate === 'function') {
    const fingerprint = socket.getPeerCertificate().fingerprint256;
    if (typeof fingerprint === 'string' && fingerprint.length > 0) return `tls:${fingerprint}`;
  }
  return addressKey(clientAddress(c, trustedProxies));
}

/**
 * The `kid` an envelope's protected header names, read without verifying anything (that comes
 * later and costs a signature check: the point is to budget before paying it). `undefined` for
 * anything that is not a compact JWS with a string `kid`.
 */
export function claimedKid(body: string, mediaType: string | undefined): string | undefined {
  let jws = body.trim();
  if (mediaType !== 'application/jose') {
    try {
      const parsed = JSON.parse(body) as unknown;
      const envelope =
        typeof parsed === 'object' && parsed !== null
          ? (parsed as { envelope?: unknown }).envelope
          : undefined;
      if (typeof envelope !== 'string') return undefined;
      jws = envelope;
    } catch {
      return undefined;
    }
  }
  const dot = jws.indexOf('.');
  // A real kpx header is well under 1 KiB; do not decode megabytes to find out.
  if (dot <= 0 || dot > 4096) return undefined;
  const bytes = base64urlDecode(jws.slice(0, dot));
  const text = bytes === undefined ? undefined : utf8Decode(bytes);
  if (text === undefined) return undefined;
  try {
    const header = JSON.parse(text) as unknown;
    const kid =
      typeof header === 'object' && header !== null ? (header as { kid?: unknown }).kid : undefined;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

/** The middleware that budgets a route, or `undefined` for routes without a budget. */
export type RateLimitFor = (route: ApiRoute) => MiddlewareHandler<HttpEnv> | undefined;

/**
 * The flood budgets of the routes anyone can reach (config `rateLimit`), one set per app:
 *
 * - `POST /exchange/v1/messages`: an envelope naming a key of the trust list spends from the
 *   bucket of that key's authority *and* the sending client, so a flood from elsewhere — even
 *   one forging that partner's `kid` — never empties the partner's own budget. Envelopes naming
 *   no known key spend from a small bucket per client and one shared cap for all of them.
 * - `/api/v1/verify` and `/api/v1/verify/{number}`: one bucket per client address.
 *
 * Refused before the body is verified or the database is touched.
 */
export function createRateLimits(ctx: NodeContext): RateLimitFor {
  const settings = ctx.config.rateLimit;
  const proxies = ctx.config.console.trustedProxies;
  const now = () => ctx.clock.now();
  const partner = createTokenBuckets(settings.exchange.partner, { now });
  const anonymous = createTokenBuckets(settings.exchange.anonymous, { now });
  const anonymousTotal = createTokenBuckets(settings.exchange.anonymousTotal, { now });
  const verify = createTokenBuckets(settings.verify, { now });

  const refuse = (buckets: TokenBuckets, key: string, what: string): void => {
    const wait = buckets.take(key);
    if (wait > 0) throw new RateLimitExceededError(wait, what);
  };

  const exchange: MiddlewareHandler<HttpEnv> = async (c, next) => {
    const client = clientKey(c, proxies);
    const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    // Hono keeps the text, so the handler reads the same body again without a second read.
    const kid = claimedKid(await c.req.text(), mediaType);
    const key = kid === undefined ? undefined : ctx.trust.current().keys(kid);
    if (key !== undefined) {
      refuse(partner, `${key.authority} ${client}`, `messages from ${key.authority}`);
    } else {
      refuse(anonymous, client, 'unattributable messages from this client');
      refuse(anonymousTotal, 'all', 'unattributable messages');
    }
    return next();
  };
  const verifyLimit: MiddlewareHandler<HttpEnv> = async (c, next) => {
    refuse(verify, clientKey(c, proxies), 'verification requests from this client');
    return next();
  };

  return (route) => {
    if (!settings.enabled) return undefined;
    const path = route.config.path;
    if (path === '/exchange/v1/messages') return exchange;
    if (path === '/api/v1/verify' || path.startsWith('/api/v1/verify/')) return verifyLimit;
    return undefined;
  };
}
