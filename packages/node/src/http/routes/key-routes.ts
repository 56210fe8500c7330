import { z } from 'zod';
import { rotateSigningKey, rotationRequestSchema } from '../../trust/rotate-signing-key.js';
import { apiRoute, problemReply } from '../api-route.js';
import { actorOf } from '../principal.js';
import { readJson } from '../read-body.js';

const rotationSchema = z
  .object({
    kid: z.string(),
    alg: z.enum(['EdDSA', 'ES256']),
    signedBy: z.string().meta({ description: 'The current key, which signed the request.' }),
    status: z.enum(['pending', 'approved', 'rejected']),
    validFrom: z.string().meta({ format: 'date-time' }),
    location: z.string().meta({ description: 'Where the sealed next key is kept.' }),
    enrolment: z.object({}).loose().meta({ description: "The registry's answer (EnrolmentView)." }),
    signingKid: z.string().meta({
      description:
        'The key that signs now: the next key takes over once a trust list carrying it is live and its validFrom has come.',
    }),
  })
  .meta({ id: 'KeyRotation' });

export const keyRotationRoute = apiRoute({
  access: ['admin'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/keys/rotation',
    tags: ['admin'],
    summary:
      'Rotate the signing key: enrol the next key with the registry, signed by the current one',
    description:
      'Generates the next key, keeps it sealed, submits it to `{registry}/enrolment/v1/keys` signed with the current key, and holds it. The current key keeps signing until a trust list carrying the next key is live and its validFrom has come; what the old key signed keeps verifying. Body optional: `{ "alg"?, "validFrom"? }`.',
    request: {
      body: { content: { 'application/json': { schema: rotationRequestSchema } }, required: false },
    },
    responses: {
      202: {
        description: 'Submitted.',
        content: { 'application/json': { schema: rotationSchema } },
      },
      401: problemReply(
        'No valid bearer token (KPX_UNAUTHENTICATED), or the registry refused the signing key (KPX_KEY_REVOKED, …).',
      ),
      500: problemReply('No registry or key store configured (KPX_CONFIG_INVALID).'),
      503: problemReply(
        'The registry could not be reached (KPX_REGISTRY_UNREACHABLE), or the trust list is stale (KPX_TRUST_LIST_STALE).',
      ),
    },
  },
  async handle(ctx, c) {
    const hasBody =
      (c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type') !== undefined;
    const body = hasBody ? await readJson(c) : {};
    return c.json(await rotateSigningKey(ctx, { actor: actorOf(c), body }), 202);
  },
});

export const keyRoutes = [keyRotationRoute];
