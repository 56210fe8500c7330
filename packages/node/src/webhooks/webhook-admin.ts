import { base64urlEncode } from '@kpx/protocol';
import { KpxError } from '@kpx/domain';
import { z } from 'zod';
import { appendAudit } from '../audit/append-audit.js';
import type { Principal } from '../auth/principal.js';
import { applicationScope } from '../applications/trader-scope.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { parseWith } from '../validation/parse-with.js';
import { bareHost, checkTarget, createTargetGuard } from './ssrf-guard.js';
import { webhookRepository } from './webhook-repository.js';

export const webhookRequestSchema = z
  .strictObject({
    url: z
      .string()
      .max(2000)
      .meta({ description: '`https://…` (or `http://` to an address the admin allowed).' }),
  })
  .meta({ id: 'WebhookRequest' });

export const webhookViewSchema = z
  .object({ id: z.string(), url: z.string(), createdAt: z.string().meta({ format: 'date-time' }) })
  .meta({ id: 'Webhook' });

export const createdWebhookSchema = webhookViewSchema
  .extend({
    secret: z.string().meta({
      description:
        'The HMAC-SHA256 key (base64url) of the `Kpx-Signature` header; shown this once.',
    }),
  })
  .meta({ id: 'CreatedWebhook' });

export type WebhookView = z.infer<typeof webhookViewSchema>;

function traderCompany(principal: Principal): string {
  const { companyId } = applicationScope(principal);
  if (companyId === undefined)
    throw new KpxError('KPX_FORBIDDEN', { detail: 'Webhooks belong to a trader’s company' });
  return companyId;
}

function refused(reason: string): KpxError {
  return new KpxError('KPX_WEBHOOK_TARGET_REFUSED', {
    detail: reason,
    problems: [{ code: 'KPX_WEBHOOK_TARGET_REFUSED', path: '/url', message: reason }],
  });
}

/**
 * Registers a webhook for the trader's company (`POST /api/v1/webhooks`). The URL is checked
 * against SSRF now — `https` (plain `http` only to an address the admin allowed), no user
 * info, and every address its host resolves to globally reachable unless allowed — and again at
 * every delivery (DNS may change). The secret is generated here and returned once.
 */
export async function registerWebhook(
  ctx: NodeContext,
  principal: Principal,
  body: unknown,
  actor: string,
): Promise<WebhookView & { secret: string }> {
  const companyId = traderCompany(principal);
  const { url: text } = parseWith(webhookRequestSchema, body);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refused(`${text} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw refused('Only https (or http to an allowed address) URLs');
  if (url.username !== '' || url.password !== '') throw refused('No credentials in the URL');
  const guard = createTargetGuard(ctx.config.webhooks.allowedTargets);
  const why = await checkTarget(guard, bareHost(url));
  if (why !== undefined) throw refused(`Webhook target refused: ${why}`);
  // Plain HTTP would let anyone on the path read the events: only inside what an admin allowed.
  if (url.protocol === 'http:' && ctx.config.webhooks.allowedTargets.length === 0)
    throw refused('Use https');
  const secret = base64urlEncode(ctx.random(32));
  return ctx.storage.transactor.transact(async (uow) => {
    const hooks = webhookRepository(uow.db, ctx.ids);
    if ((await hooks.active(companyId)).length >= ctx.config.webhooks.maxPerCompany)
      throw new KpxError('KPX_CONFLICT', {
        detail: `At most ${ctx.config.webhooks.maxPerCompany} webhooks per company`,
      });
    const now = isoAt(ctx.clock.now());
    const id = ctx.ids();
    await hooks.insert({ id, companyId, url: url.href, secret, createdBy: actor, createdAt: now });
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'webhook.create',
      subject: `webhook:${id}`,
      data: { company: companyId, url: url.href },
    });
    return { id, url: url.href, createdAt: now, secret };
  });
}

/** The trader's company's webhooks (`GET /api/v1/webhooks`), never their secrets. */
export async function listWebhooks(ctx: NodeContext, principal: Principal): Promise<WebhookView[]> {
  const companyId = traderCompany(principal);
  const hooks = await webhookRepository(ctx.storage.db, ctx.ids).active(companyId);
  return hooks.map((h) => ({ id: h.id, url: h.url, createdAt: h.createdAt }));
}

export const deliveryListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        eventId: z.string(),
        eventType: z.string(),
        state: z.enum(['pending', 'delivered', 'dead']),
        attempts: z.int(),
        nextAttemptAt: z.string().meta({ format: 'date-time' }),
        lastStatus: z.int().nullable(),
        lastError: z.string().nullable(),
        createdAt: z.string().meta({ format: 'date-time' }),
        deliveredAt: z.string().meta({ format: 'date-time' }).nullable(),
      }),
    ),
  })
  .meta({ id: 'WebhookDeliveryList' });

/**
 * A webhook's latest 100 deliveries, newest first (`GET /api/v1/webhooks/{id}/deliveries`):
 * the trader sees what failed, why, and when it is tried again — nothing is dropped unseen.
 */
export async function listDeliveries(
  ctx: NodeContext,
  principal: Principal,
  id: string,
): Promise<z.infer<typeof deliveryListSchema>> {
  const companyId = traderCompany(principal);
  const hooks = webhookRepository(ctx.storage.db, ctx.ids);
  if (!(await hooks.active(companyId)).some((h) => h.id === id))
    throw new KpxError('KPX_NOT_FOUND', { detail: `No webhook ${id}` });
  const items = await hooks.deliveries(id, 100);
  return {
    items: items.map((d) => ({ ...d, state: d.state as 'pending' | 'delivered' | 'dead' })),
  };
}

/** Deletes a webhook of the trader's company; what was queued for it is not sent. */
export async function deleteWebhook(
  ctx: NodeContext,
  principal: Principal,
  id: string,
  actor: string,
): Promise<void> {
  const companyId = traderCompany(principal);
  await ctx.storage.transactor.transact(async (uow) => {
    const hooks = webhookRepository(uow.db, ctx.ids);
    if (!(await hooks.active(companyId)).some((h) => h.id === id))
      throw new KpxError('KPX_NOT_FOUND', { detail: `No webhook ${id}` });
    const now = isoAt(ctx.clock.now());
    await hooks.delete(id, now);
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'webhook.delete',
      subject: `webhook:${id}`,
    });
  });
}
