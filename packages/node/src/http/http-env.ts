import type { Principal } from '../tokens/authenticate.js';

/** Hono environment of the node's app: the authenticated principal, when the route has one. */
export type HttpEnv = { Variables: { principal: Principal | undefined } };
