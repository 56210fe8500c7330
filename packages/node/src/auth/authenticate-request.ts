import { timingSafeEqual } from 'node:crypto';
import { KpxError } from '@kpx/domain';
import type { Context } from 'hono';
import type { HttpEnv } from '../http/http-env.js';
import type { NodeContext } from '../node-context.js';
import { authenticate } from '../tokens/authenticate.js';
import type { Principal } from './principal.js';
import { resolveSession, SessionEndedError } from './resolve-session.js';
import { readSessionCookie } from './session-cookie.js';

/** The header the console sends its CSRF token in. */
export const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who sends the request: an API token (`Authorization: Bearer`, RFC 6750) or a console session
 * (the `kpx_session` cookie). A request with an Authorization header is judged by it alone.
 * A cookie-authenticated unsafe request (anything but GET/HEAD/OPTIONS) must carry the
 * session's CSRF token in `X-CSRF-Token` (synchronizer token pattern, OWASP CSRF Prevention
 * Cheat Sheet), else `403 KPX_CSRF_FAILED`; bearer requests are exempt, since a browser never
 * attaches a bearer token on its own. A stale cookie is flagged so the answer clears it.
 */
export async function authenticateRequest(
  ctx: NodeContext,
  c: Context<HttpEnv>,
): Promise<Principal> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) return authenticate(ctx, authorization);
  const sessionId = readSessionCookie(c.req.header('cookie'));
  if (sessionId === undefined) {
    throw new KpxError('KPX_UNAUTHENTICATED', {
      detail: 'A bearer token or a console session is required',
    });
  }
  let principal;
  try {
    principal = await resolveSession(ctx, sessionId);
  } catch (error) {
    if (error instanceof SessionEndedError) c.set('staleSession', true);
    throw error;
  }
  if (
    !safeMethods.has(c.req.method.toUpperCase()) &&
    !sameToken(c.req.header(csrfHeader), principal.csrfToken)
  ) {
    throw new KpxError('KPX_CSRF_FAILED', {
      detail: 'Send the session’s CSRF token in the X-CSRF-Token header',
    });
  }
  return principal;
}
