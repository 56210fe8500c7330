import type { NodeContext } from '../node-context.js';
import { backoffDelayMs } from '../outbox/backoff.js';
import { isoAt } from '../runtime/clock.js';
import { createWaker } from '../runtime/waker.js';
import { webhookRepository, type DueDelivery } from './webhook-repository.js';
import type { WebhookSender } from './webhook-sender.js';
import { signatureHeader, signWebhook } from './webhook-signature.js';

/** What one pass did. */
export type WebhookPassReport = {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
};

/** The webhook delivery worker: `dispatchDue()` is one pass, `run()` the loop `start()` runs. */
export type WebhookDispatcher = {
  dispatchDue(): Promise<WebhookPassReport>;
  run(signal: AbortSignal): Promise<void>;
};

/**
 * Delivers queued webhook events like the outbox delivers messages: due deliveries are claimed
 * with a lease, each sent as its fixed JSON body with `Kpx-Signature: t=<unix>,v1=<hex>`
 * (HMAC-SHA256 over `t.body`, `t` the time of this attempt); a 2xx answer delivers it, anything
 * else (an error status, a timeout, a refused target) is retried with exponential backoff and
 * full jitter, until `webhooks.maxAttempts` makes it dead. A dead delivery stays visible in the
 * table; nothing is dropped silently.
 */
export function createWebhookDispatcher(
  ctx: NodeContext,
  sender: WebhookSender,
): WebhookDispatcher {
  const settings = ctx.config.webhooks;
  const fraction = (): number => Buffer.from(ctx.random(4)).readUInt32BE(0) / 2 ** 32;

  async function attempt(d: DueDelivery, nowMs: number): Promise<'delivered' | 'failed' | 'dead'> {
    let status: number | null = null;
    let error = '';
    try {
      status = await sender({
        url: d.url,
        body: d.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': `kpx-node (${ctx.authority})`,
          [signatureHeader]: signWebhook(d.secret, d.body, Math.floor(nowMs / 1000)),
          'kpx-event-id': d.eventId,
          'kpx-event-type': d.eventType,
        },
        timeoutMs: settings.requestTimeoutMs,
      });
      if (status >= 200 && status < 300) {
        await ctx.storage.transactor.transact((uow) =>
          webhookRepository(uow.db, ctx.ids).settle(d.id, {
            state: 'delivered',
            status: status ?? 0,
            at: isoAt(ctx.clock.now()),
          }),
        );
        return 'delivered';
      }
      error = `HTTP ${status}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const attempts = d.attempts + 1;
    const dead = attempts >= settings.maxAttempts;
    const delay = backoffDelayMs(attempts, settings, fraction());
    await ctx.storage.transactor.transact((uow) =>
      webhookRepository(uow.db, ctx.ids).settle(d.id, {
        state: dead ? 'dead' : 'pending',
        status,
        error,
        nextAttemptAt: isoAt(ctx.clock.now() + delay),
      }),
    );
    if (dead) ctx.logger.warn({ delivery: d.id, url: d.url, error }, 'webhook delivery dead');
    return dead ? 'dead' : 'failed';
  }

  async function dispatchDue(): Promise<WebhookPassReport> {
    const nowMs = ctx.clock.now();
    const claimed = await ctx.storage.transactor.transact((uow) =>
      webhookRepository(uow.db, ctx.ids).claimDue(
        isoAt(nowMs),
        isoAt(nowMs + settings.leaseMs),
        settings.batchSize,
      ),
    );
    const outcomes = await Promise.all(claimed.map((d) => attempt(d, nowMs)));
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    return {
      claimed: claimed.length,
      delivered: count('delivered'),
      failed: count('failed'),
      dead: count('dead'),
    };
  }

  return {
    dispatchDue,
    async run(signal) {
      const sleeper = createWaker();
      while (!signal.aborted) {
        try {
          await dispatchDue();
        } catch (error) {
          ctx.logger.error({ err: error }, 'webhook pass failed');
        }
        await sleeper.sleep(settings.pollIntervalMs, signal);
      }
    },
  };
}
