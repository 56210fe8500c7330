import { protocolVersion, protocolVersionHeader } from '@kpx/protocol';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authenticateRequest } from '../auth/authenticate-request.js';
import { socketAddress } from '../auth/client-address.js';
import { clearedSessionCookie, cookieMustBeSecure } from '../auth/session-cookie.js';
import type { NodeContext } from '../node-context.js';
import { resolveWebDir } from '../web/resolve-web-dir.js';
import { securityHeaders } from '../web/security-headers.js';
import { webHandler } from '../web/serve-web.js';
import type { ApiRoute } from './api-route.js';
import type { HttpEnv } from './http-env.js';
import { problem } from './problem.js';
import { createRateLimits } from './rate-limits.js';
import { allRoutes } from './routes/all-routes.js';
import { toErrorResponse } from './to-error-response.js';

/**
 * The one authentication and authorisation check: a bearer token or a console session (with its
 * CSRF token on unsafe methods), then the route's roles. `session` routes take officers signed
 * in to the console only.
 */
function requireRoles(ctx: NodeContext, route: ApiRoute): MiddlewareHandler<HttpEnv> {
  const allowed = route.access;
  return async (c, next) => {
    if (allowed === 'public' || allowed === 'partner-node') return next();
    const principal = await authenticateRequest(ctx, c);
    if (allowed === 'session') {
      if (principal.kind !== 'user') {
        throw problem(
          'KPX_FORBIDDEN',
          `${route.config.method.toUpperCase()} ${route.config.path} is for an officer signed in to the console, not an API token`,
        );
      }
    } else if (!allowed.includes(principal.role)) {
      throw problem(
        'KPX_FORBIDDEN',
        `The ${principal.role} role may not ${route.config.method.toUpperCase()} ${route.config.path}`,
      );
    }
    c.set('principal', principal);
    return next();
  };
}

function limitBody(ctx: NodeContext, route: ApiRoute): MiddlewareHandler<HttpEnv> | undefined {
  if (route.body === 'none') return undefined;
  const maxSize =
    route.body === 'exchange'
      ? ctx.config.exchange.maxBodyBytes
      : route.body === 'upload'
        ? ctx.config.applications.maxBodyBytes
        : ctx.config.api.maxBodyBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw problem('KPX_BODY_TOO_LARGE', `The body must not exceed ${maxSize} bytes`);
    },
  });
}

/**
 * The node's HTTP app: every route of the route list, each behind its role check and body
 * limit, errors converted once at the edge. Request/Response only (Hono), so tests and
 * in-process networks call `app.fetch` / `app.request` without sockets.
 */
export function createHttpApp(
  ctx: NodeContext,
  routes: readonly ApiRoute[] = allRoutes,
): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const log = ctx.logger.child({ component: 'http' });
  app.onError((error, c) =>
    toErrorResponse(ctx, error, { method: c.req.method, path: c.req.path }),
  );
  app.notFound((c) =>
    toErrorResponse(ctx, problem('KPX_NOT_FOUND', `No route ${c.req.method} ${c.req.path}`), c.req),
  );
  app.use(securityHeaders());
  // A session cookie that no longer works is cleared in the answer that refused it.
  app.use(async (c, next) => {
    await next();
    if (c.get('staleSession') === true) {
      const secure = cookieMustBeSecure(c.req.url, socketAddress(c));
      c.header('set-cookie', clearedSessionCookie({ secure }), { append: true });
    }
  });
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Never the Authorization header nor bodies: paths and statuses only.
    log.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
    c.header('x-content-type-options', 'nosniff');
    // Announced on every answer (healthz included), so partners and operators can see it.
    c.header(protocolVersionHeader, String(protocolVersion));
    if (c.req.path.startsWith('/api/')) c.header('cache-control', 'no-store');
  });
  const rateLimitFor = createRateLimits(ctx);
  for (const route of routes) {
    const path = route.config.path.replaceAll(/\{([^}]+)\}/g, ':$1');
    const limit = limitBody(ctx, route);
    const rateLimit = rateLimitFor(route);
    const handlers: MiddlewareHandler<HttpEnv>[] = [
      requireRoles(ctx, route),
      ...(limit === undefined ? [] : [limit]),
      ...(rateLimit === undefined ? [] : [rateLimit]),
    ];
    app.on([route.config.method.toUpperCase()], [path], ...handlers, (c) => route.handle(ctx, c));
  }
  // Last: the console (single-page app) for every GET no API route answered.
  app.get('/*', webHandler(resolveWebDir(ctx.config.web.dir)));
  return app;
}
