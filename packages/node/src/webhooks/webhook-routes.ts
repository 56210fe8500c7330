import { z } from 'zod';
import { apiRoute, problemReply } from '../http/api-route.js';
import { actorOf, principalOf } from '../http/principal.js';
import { readJson } from '../http/read-body.js';
import {
  createdWebhookSchema,
  deleteWebhook,
  deliveryListSchema,
  listDeliveries,
  listWebhooks,
  registerWebhook,
  webhookRequestSchema,
  webhookViewSchema,
} from './webhook-admin.js';

// A trader's webhooks (docs/applications.md, "Following"): signed JSON events of its company's
// applications and of the certificates issued from them.

const tags = ['applications'];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export const registerWebhookRoute = apiRoute({
  access: ['trader'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/webhooks',
    tags,
    summary: 'Register a webhook for the company’s events (trader); the secret is shown once',
    description:
      'Each event is POSTed as JSON with `Kpx-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, `Kpx-Event-Id` and `Kpx-Event-Type`, retried with backoff until a 2xx answer. Targets resolving to private, loopback, link-local, unique-local, CGNAT, multicast or unspecified addresses are refused (KPX_WEBHOOK_TARGET_REFUSED) unless the node’s admin allowed them.',
    request: { body: { content: json(webhookRequestSchema), required: true } },
    responses: {
      201: { description: 'Registered.', content: json(createdWebhookSchema) },
      409: problemReply('The company has the most webhooks allowed (KPX_CONFLICT).'),
      422: problemReply('Invalid input, or the target is refused (KPX_WEBHOOK_TARGET_REFUSED).'),
    },
  },
  async handle(ctx, c) {
    const created = await registerWebhook(ctx, principalOf(c), await readJson(c), actorOf(c));
    c.header('location', `/api/v1/webhooks/${created.id}`);
    return c.json(created, 201);
  },
});

export const listWebhooksRoute = apiRoute({
  access: ['trader'],
  config: {
    method: 'get',
    path: '/api/v1/webhooks',
    tags,
    summary: 'The company’s webhooks (trader)',
    responses: {
      200: {
        description: 'Oldest first.',
        content: json(z.object({ items: z.array(webhookViewSchema) }).meta({ id: 'WebhookList' })),
      },
    },
  },
  async handle(ctx, c) {
    return c.json({ items: await listWebhooks(ctx, principalOf(c)) });
  },
});

export const deleteWebhookRoute = apiRoute({
  access: ['trader'],
  config: {
    method: 'delete',
    path: '/api/v1/webhooks/{id}',
    tags,
    summary: 'Delete a webhook of the company (trader); what was queued for it is not sent',
    request: {
      params: z.object({
        id: z
          .string()
          .min(1)
          .max(64)
          .meta({ param: { name: 'id', in: 'path' } }),
      }),
    },
    responses: {
      204: { description: 'Deleted.' },
      404: problemReply('No such webhook of the company (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    await deleteWebhook(ctx, principalOf(c), c.req.param('id') ?? '', actorOf(c));
    return c.body(null, 204);
  },
});

const webhookParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'id', in: 'path' } }),
});

export const webhookDeliveriesRoute = apiRoute({
  access: ['trader'],
  config: {
    method: 'get',
    path: '/api/v1/webhooks/{id}/deliveries',
    tags,
    summary: 'A webhook’s latest deliveries: state, attempts, last answer or error (trader)',
    request: { params: webhookParams },
    responses: {
      200: { description: 'Newest first, at most 100.', content: json(deliveryListSchema) },
      404: problemReply('No such webhook of the company (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    return c.json(await listDeliveries(ctx, principalOf(c), c.req.param('id') ?? ''));
  },
});

export const webhookRoutes = [
  registerWebhookRoute,
  listWebhooksRoute,
  webhookDeliveriesRoute,
  deleteWebhookRoute,
] as const;
