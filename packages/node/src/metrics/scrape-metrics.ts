import type { NodeContext } from '../node-context.js';
import { repositories } from '../storage/repositories.js';
import { renderPrometheus } from './render-prometheus.js';

/** The `/metrics` body: database gauges read now, plus the in-process counters. */
export async function scrapeMetrics(ctx: NodeContext): Promise<string> {
  const repos = repositories(ctx.storage.db, ctx.ids);
  const now = ctx.clock.now();
  const [certificates, outbox] = await Promise.all([
    repos.certificates.countByStatus(),
    repos.outbox.stats(new Date(now).toISOString()),
  ]);
  const freshness = ctx.trust.freshness();
  const oldest =
    outbox.oldestPendingCreatedAt === undefined ? now : Date.parse(outbox.oldestPendingCreatedAt);
  return renderPrometheus(
    ctx.authority,
    {
      certificates,
      outbox: {
        pending: outbox.pending,
        dead: outbox.dead,
        overdue: outbox.overdue,
        oldestPendingAgeSeconds: Math.max(0, (now - oldest) / 1000),
      },
      trustList: {
        version: freshness.version,
        ageSeconds: freshness.ageSeconds,
        stale: freshness.stale,
      },
    },
    ctx.metrics,
  );
}
