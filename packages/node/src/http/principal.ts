import type { Context } from 'hono';
import type { Principal } from '../tokens/authenticate.js';
import type { HttpEnv } from './http-env.js';
import { problem } from './problem.js';

/** The authenticated principal of an officer route (set by the auth middleware). */
export function principalOf(c: Context<HttpEnv>): Principal {
  const principal = c.get('principal');
  if (principal === undefined) throw problem('KPX_UNAUTHENTICATED');
  return principal;
}

/** The actor string recorded in timelines and the audit log: the token id, never the token. */
export function actorOf(c: Context<HttpEnv>): string {
  return `token:${principalOf(c).tokenId}`;
}
