import type { Context } from 'hono';
import { actorOfPrincipal, type Principal } from '../auth/principal.js';
import type { HttpEnv } from './http-env.js';
import { problem } from './problem.js';

/** The authenticated principal of an officer route (set by the auth middleware). */
export function principalOf(c: Context<HttpEnv>): Principal {
  const principal = c.get('principal');
  if (principal === undefined) throw problem('KPX_UNAUTHENTICATED');
  return principal;
}

/**
 * The actor string recorded in timelines and the audit log: `token:<token id>` (never the
 * token) or `user:<username>` for an officer signed in to the console.
 */
export function actorOf(c: Context<HttpEnv>): string {
  return actorOfPrincipal(principalOf(c));
}
