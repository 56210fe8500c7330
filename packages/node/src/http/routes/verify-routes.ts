import { verifyDocument, verifyRequestSchema } from '../../certificates/verify-document.js';
import { verifyStatus } from '../../certificates/verify-status.js';
import { apiRoute, problemReply } from '../api-route.js';
import { readJson } from '../read-body.js';
import { numberParams, publicStatusSchema, verificationSchema } from '../schemas.js';

const rateLimited = problemReply(
  'Too many verification requests from this client: KPX_RATE_LIMITED with Retry-After (config rateLimit.verify).',
);

const tags = ['verification'];

export const verifyNumberRoute = apiRoute({
  access: 'public',
  config: {
    method: 'get',
    path: '/api/v1/verify/{number}',
    tags,
    summary: 'Public status of a certificate by number (status only, nothing commercial)',
    request: { params: numberParams },
    responses: {
      200: {
        description: 'Held by this node.',
        content: { 'application/json': { schema: publicStatusSchema } },
      },
      404: problemReply(
        'Not held here; `issuerNodes` names the issuing Participant’s nodes to ask.',
      ),
      429: rateLimited,
    },
  },
  async handle(ctx, c) {
    return c.json(await verifyStatus(ctx, c.req.param('number') ?? ''));
  },
});

export const verifyDocumentRoute = apiRoute({
  access: 'public',
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/verify',
    tags,
    summary: 'Verify a signed certificate or its QR, every check explained',
    request: {
      body: {
        content: {
          'application/json': { schema: verifyRequestSchema.meta({ id: 'VerifyRequest' }) },
        },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'The verification report.',
        content: { 'application/json': { schema: verificationSchema } },
      },
      429: rateLimited,
    },
  },
  async handle(ctx, c) {
    return c.json(await verifyDocument(ctx, await readJson(c)));
  },
});

export const verifyRoutes = [verifyNumberRoute, verifyDocumentRoute];
