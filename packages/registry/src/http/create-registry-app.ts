import { KpxError } from '@kpx/domain';
import { protocolVersion, protocolVersionHeader } from '@kpx/protocol';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { RegistryContext } from '../registry/registry-context.js';
import { exchangeRoutes, globalStatisticsRoutes } from '../statistics/statistics-routes.js';
import { problemResponse } from './problem.js';
import { adminRoutes } from './routes/admin-routes.js';
import { enrolmentRoutes } from './routes/enrolment-routes.js';
import { trustListRoutes } from './routes/trust-list-routes.js';

/**
 * The registry's HTTP application (Request → Response; serve it with @hono/node-server or call
 * `app.request()` / `app.fetch()` in process). One route module per concern, statistical returns
 * included (`POST /exchange/v1/messages`, `GET /statistics/global`).
 * Errors are converted once, here: a `KpxError` becomes problem+json with its code and status;
 * anything else is logged and answered 500 `KPX_INTERNAL` without internals.
 */
export function createRegistryApp(ctx: RegistryContext): Hono {
  const app = new Hono();

  // The registry announces its kpx protocol version on every answer, like the nodes.
  app.use(async (c, next) => {
    await next();
    c.header(protocolVersionHeader, String(protocolVersion));
  });
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/', trustListRoutes(ctx));
  app.route('/enrolment/v1', enrolmentRoutes(ctx));
  app.route('/admin/v1', adminRoutes(ctx));
  app.route('/exchange/v1', exchangeRoutes(ctx));
  app.route('/statistics', globalStatisticsRoutes(ctx));

  app.notFound(() => problemResponse(new KpxError('KPX_NOT_FOUND', { detail: 'no such route' })));
  app.onError((error) => {
    if (error instanceof KpxError) {
      return problemResponse(
        error,
        error.code === 'KPX_UNAUTHENTICATED' ? { 'www-authenticate': 'Bearer' } : {},
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(new KpxError('KPX_USAGE', { detail: error.message }));
    }
    ctx.logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      'unexpected error',
    );
    return problemResponse('KPX_INTERNAL');
  });

  return app;
}
