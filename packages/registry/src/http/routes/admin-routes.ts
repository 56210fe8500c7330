import { KpxError } from '@kpx/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  approveEnrolment,
  listEnrolments,
  rejectEnrolment,
} from '../../enrolment/enrolment-operations.js';
import { isAdminToken } from '../../registry/admin-token.js';
import type { RegistryContext } from '../../registry/registry-context.js';
import { parseInput } from '../../registry/registry-inputs.js';
import { publishNow } from '../../trust-list/refresh-trust-list.js';
import { enrolmentView } from './enrolment-view.js';

const statusSchema = z.enum(['pending', 'approved', 'rejected']).optional();
const rejectionSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

/**
 * The operator's remote API, behind `Authorization: Bearer <admin token>`:
 * `GET /admin/v1/enrolments?status=`, `POST /admin/v1/enrolments/{id}/approval`,
 * `POST /admin/v1/enrolments/{id}/rejection` (`{ "reason" }`) and `POST /admin/v1/publication`
 * (sign a new version now). Everything else an operator does goes through the CLI on the
 * registry's host.
 */
export function adminRoutes(ctx: RegistryContext): Hono {
  const routes = new Hono();

  routes.use('*', async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (match?.[1] === undefined || !(await isAdminToken(ctx.db, match[1]))) {
      throw new KpxError('KPX_UNAUTHENTICATED', {
        detail: 'a valid admin bearer token is required',
      });
    }
    await next();
  });

  routes.get('/enrolments', async (c) => {
    const status = parseInput(statusSchema, c.req.query('status'), 'status');
    const enrolments = await listEnrolments(ctx, status);
    return c.json({ enrolments: enrolments.map(enrolmentView) });
  });

  routes.post('/enrolments/:id/approval', async (c) => {
    return c.json(enrolmentView(await approveEnrolment(ctx, c.req.param('id'))));
  });

  routes.post('/enrolments/:id/rejection', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new KpxError('KPX_JSON_INVALID', { detail: 'the body is not JSON' });
    }
    const { reason } = parseInput(rejectionSchema, body, 'rejection');
    return c.json(enrolmentView(await rejectEnrolment(ctx, c.req.param('id'), reason)));
  });

  routes.post('/publication', async (c) => {
    const { jws: _jws, ...published } = await publishNow(ctx);
    return c.json(published, 201);
  });

  return routes;
}
