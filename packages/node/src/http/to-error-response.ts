import { KpxError, type KpxCode } from '@kpx/domain';
import { HTTPException } from 'hono/http-exception';
import type { NodeContext } from '../node-context.js';
import { problemOf, problemResponse } from './problem.js';

const fromHttpStatus: Readonly<Record<number, KpxCode>> = {
  400: 'KPX_JSON_INVALID',
  401: 'KPX_UNAUTHENTICATED',
  403: 'KPX_FORBIDDEN',
  404: 'KPX_NOT_FOUND',
  413: 'KPX_BODY_TOO_LARGE',
  415: 'KPX_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The one place errors become HTTP answers (RFC 9457 problem+json). Expected failures carry a
 * stable code; anything else is logged with its stack as unexpected and answered
 * `500 KPX_INTERNAL` without internals (no message, no stack, no SQL).
 */
export function toErrorResponse(
  ctx: NodeContext,
  error: unknown,
  request: { method: string; path: string },
): Response {
  let known: KpxError | undefined;
  if (error instanceof KpxError) known = error;
  else if (error instanceof HTTPException && fromHttpStatus[error.status] !== undefined) {
    known = new KpxError(fromHttpStatus[error.status] as KpxCode);
  }
  if (known === undefined) {
    ctx.logger.error(
      { err: error, method: request.method, path: request.path },
      'unexpected error',
    );
    known = new KpxError('KPX_INTERNAL');
  }
  ctx.metrics.errorAnswered(known.code);
  // RFC 6750 §3: a 401 to a bearer-token route says which scheme to use.
  const headers: Record<string, string> =
    known.status === 401 ? { 'www-authenticate': 'Bearer realm="kpx"' } : {};
  // RFC 9110 §10.2.3: a 429 that knows when to come back says so (RateLimitedError).
  const retryAfter = (known as { retryAfter?: unknown }).retryAfter;
  if (known.status === 429 && typeof retryAfter === 'number')
    headers['retry-after'] = String(retryAfter);
  return problemResponse(problemOf(known), headers);
}
