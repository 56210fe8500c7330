import type { Principal } from '../auth/principal.js';

/**
 * Hono environment of the node's app: the authenticated principal, when the route has one, and
 * whether the request came with a session cookie that no longer works (the answer clears it).
 */
export type HttpEnv = {
  Variables: { principal: Principal | undefined; staleSession: boolean | undefined };
};
