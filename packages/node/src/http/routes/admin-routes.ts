import { z } from 'zod';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import { listDeadLetters, retryDeadLetter } from '../../outbox/dead-letters.js';
import { createToken, tokenRequestSchema } from '../../tokens/create-token.js';
import { apiRoute, problemReply } from '../api-route.js';
import { actorOf } from '../principal.js';
import { problem } from '../problem.js';
import { readJson } from '../read-body.js';
import { auditVerificationSchema, createdTokenSchema, deadLetterSchema } from '../schemas.js';

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export const deadLettersRoute = apiRoute({
  access: ['admin'],
  config: {
    method: 'get',
    path: '/api/v1/outbox/dead-letters',
    tags: ['admin'],
    summary: 'Messages that ended as dead letters (signed rejection or certificate expiry)',
    request: {
      query: z.object({
        limit: z
          .string()
          .regex(/^[0-9]+$/)
          .optional(),
      }),
    },
    responses: {
      200: {
        description: 'Newest first.',
        content: json(z.object({ items: z.array(deadLetterSchema) })),
      },
    },
  },
  async handle(ctx, c) {
    const limit = c.req.query('limit');
    if (limit !== undefined && !/^[0-9]{1,4}$/.test(limit))
      throw problem('KPX_VALIDATION_FAILED', 'limit is a whole number');
    return c.json({
      items: await listDeadLetters(ctx, Math.min(Math.max(Number(limit ?? 100), 1), 1000)),
    });
  },
});

export const retryRoute = apiRoute({
  access: ['admin'],
  config: {
    method: 'post',
    path: '/api/v1/outbox/{id}/retry',
    tags: ['admin'],
    summary: 'Send a dead letter again (same signed bytes)',
    request: { params: z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) }) },
    responses: {
      200: {
        description: 'Queued again.',
        content: json(z.object({ id: z.string(), state: z.literal('pending') })),
      },
      404: problemReply('No such outbox entry.'),
      409: problemReply('The entry is not a dead letter (KPX_STATUS_TRANSITION).'),
    },
  },
  async handle(ctx, c) {
    return c.json(await retryDeadLetter(ctx, c.req.param('id') ?? '', actorOf(c)));
  },
});

export const createTokenRoute = apiRoute({
  access: ['admin'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/tokens',
    tags: ['admin'],
    summary: 'Create an API token with one role (the secret is shown once)',
    request: { body: { content: json(tokenRequestSchema), required: true } },
    responses: { 201: { description: 'Created.', content: json(createdTokenSchema) } },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(await createToken(ctx, body, actorOf(c)), 201);
  },
});

export const auditVerificationRoute = apiRoute({
  access: ['auditor', 'admin'],
  config: {
    method: 'get',
    path: '/api/v1/audit/verification',
    tags: ['admin'],
    summary: 'Recompute the audit log hash chain and name the first broken entry',
    responses: { 200: { description: 'The result.', content: json(auditVerificationSchema) } },
  },
  async handle(ctx, c) {
    return c.json(await verifyAuditChain(ctx.storage.db));
  },
});

export const adminRoutes = [deadLettersRoute, retryRoute, createTokenRoute, auditVerificationRoute];
