import { KpxError } from '@kpx/domain';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { enrolmentOfKey, submitEnrolment } from '../../enrolment/enrolment-operations.js';
import { maxEnrolmentLength } from '../../enrolment/verify-key-enrolment.js';
import type { RegistryContext } from '../../registry/registry-context.js';
import { enrolmentView } from './enrolment-view.js';
import { joseMediaType } from './trust-list-routes.js';

/**
 * Key enrolment for nodes: `POST /enrolment/v1/keys` takes a `kpx-key-enrolment+jwt` as
 * `application/jose` and answers `201` (approved and published), `202` (waiting for an
 * operator) or `200` (a repeat: the first answer again); `GET /enrolment/v1/keys/{kid}` is the
 * status of a key's enrolment. Refusals are problem+json with the code of the failed check.
 */
export function enrolmentRoutes(ctx: RegistryContext): Hono {
  const routes = new Hono();

  routes.post(
    '/keys',
    bodyLimit({
      maxSize: maxEnrolmentLength,
      onError: () => {
        throw new KpxError('KPX_BODY_TOO_LARGE', {
          detail: `an enrolment request is at most ${maxEnrolmentLength} bytes`,
        });
      },
    }),
    async (c) => {
      const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (type !== joseMediaType) {
        throw new KpxError('KPX_UNSUPPORTED_MEDIA_TYPE', {
          detail: `send the compact JWS as ${joseMediaType}`,
        });
      }
      const jws = (await c.req.text()).trim();
      const result = await submitEnrolment(ctx, jws);
      const status = result.duplicate ? 200 : result.status === 'approved' ? 201 : 202;
      return c.json(enrolmentView(result), status, {
        location: `/enrolment/v1/keys/${result.kid}`,
      });
    },
  );

  routes.get('/keys/:kid', async (c) => {
    const result = await enrolmentOfKey(ctx, c.req.param('kid'));
    if (result === undefined) {
      throw new KpxError('KPX_NOT_FOUND', { detail: `no enrolment of key ${c.req.param('kid')}` });
    }
    return c.json(enrolmentView(result));
  });

  return routes;
}
