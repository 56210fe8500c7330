import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { NodeContext } from '../node-context.js';
import type { Access } from '../tokens/roles.js';
import type { HttpEnv } from './http-env.js';
import { problemSchema } from './schemas.js';

/** A route: its OpenAPI definition (the contract), who may call it, and the handler. */
export type ApiRoute = {
  readonly config: RouteConfig;
  readonly access: Access;
  /** Which body limit applies. */
  readonly body: 'none' | 'api' | 'exchange' | 'upload';
  readonly handle: (ctx: NodeContext, c: Context<HttpEnv>) => Promise<Response>;
};

/** The value of the `x-kpx-roles` OpenAPI extension: roles, or `public`, or `partner-node`. */
export function rolesExtension(access: Access): string[] {
  return typeof access === 'string' ? [access] : [...access];
}

const problemContent = { 'application/problem+json': { schema: problemSchema } };
/** A problem+json response entry for a route's `responses`. */
export const problemReply = (description: string) => ({ description, content: problemContent });

/**
 * Defines a route. Adds the responses every route of its kind can give (RFC 9457 problems:
 * 401/403 for officer routes, 400/413/415/422 for routes with a body, 500 always) and the
 * `x-kpx-roles` extension the role-matrix test is generated from.
 */
export function apiRoute(def: {
  access: Access;
  body?: 'none' | 'api' | 'exchange' | 'upload';
  config: RouteConfig;
  handle: ApiRoute['handle'];
}): ApiRoute {
  const body = def.body ?? 'none';
  const responses: RouteConfig['responses'] = { ...def.config.responses };
  const add = (status: number, description: string): void => {
    if (responses[status] === undefined) responses[status] = problemReply(description);
  };
  if (Array.isArray(def.access)) {
    add(401, 'No valid bearer token or console session (KPX_UNAUTHENTICATED).');
    add(
      403,
      'The role may not call this route (KPX_FORBIDDEN), or a session request lacks its CSRF token (KPX_CSRF_FAILED).',
    );
  } else if (def.access === 'session') {
    add(401, 'No console session, or it ended (KPX_UNAUTHENTICATED).');
    add(
      403,
      'Called with an API token instead of a session (KPX_FORBIDDEN), or without the CSRF token (KPX_CSRF_FAILED).',
    );
  }
  if (body !== 'none') {
    add(400, 'Malformed JSON or envelope (KPX_JSON_INVALID, …).');
    add(413, 'Body too large (KPX_BODY_TOO_LARGE).');
    add(415, 'Unsupported media type (KPX_UNSUPPORTED_MEDIA_TYPE).');
    add(422, 'The input is not valid (KPX_VALIDATION_FAILED with problems).');
  }
  add(500, 'Unexpected error (KPX_INTERNAL), logged; no internals in the answer.');
  const security = Array.isArray(def.access)
    ? [{ bearer: [] }, { session: [] }]
    : def.access === 'session'
      ? [{ session: [] }]
      : [];
  const config = createRoute({
    ...def.config,
    responses,
    security,
    'x-kpx-roles': rolesExtension(def.access),
  } as RouteConfig);
  return Object.freeze({ config, access: def.access, body, handle: def.handle });
}
