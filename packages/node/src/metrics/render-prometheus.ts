import type { NodeMetrics } from './node-metrics.js';

/** The database gauges read at scrape time. */
export type ScrapeGauges = {
  certificates: ReadonlyArray<{ direction: string; status: string; count: number }>;
  outbox: { pending: number; dead: number; overdue: number; oldestPendingAgeSeconds: number };
  /** The trust list held: its version, seconds since the registry issued it, stale or not. */
  trustList?: { version: number; ageSeconds: number; stale: boolean };
};

const escape = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (pairs: Record<string, string>): string =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',')}}`;

/**
 * Formats the metrics in the Prometheus text exposition format 0.0.4 (`# HELP`, `# TYPE`,
 * one sample per line). Written by hand: a handful of series do not justify a client library.
 */
export function renderPrometheus(
  authority: string,
  gauges: ScrapeGauges,
  metrics: NodeMetrics,
): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  const base = { authority };

  family('kpx_certificates', 'gauge', 'Certificates held, by direction and status.');
  for (const row of gauges.certificates) {
    out.push(
      `kpx_certificates${labels({ ...base, direction: row.direction, status: row.status })} ${row.count}`,
    );
  }
  family('kpx_outbox_depth', 'gauge', 'Outbox entries by state (pending includes overdue).');
  out.push(`kpx_outbox_depth${labels({ ...base, state: 'pending' })} ${gauges.outbox.pending}`);
  out.push(`kpx_outbox_depth${labels({ ...base, state: 'dead' })} ${gauges.outbox.dead}`);
  family(
    'kpx_outbox_overdue',
    'gauge',
    'Pending outbox entries past the overdue age (alert on > 0).',
  );
  out.push(`kpx_outbox_overdue${labels(base)} ${gauges.outbox.overdue}`);
  family(
    'kpx_outbox_oldest_pending_age_seconds',
    'gauge',
    'Age of the oldest pending outbox entry.',
  );
  out.push(
    `kpx_outbox_oldest_pending_age_seconds${labels(base)} ${gauges.outbox.oldestPendingAgeSeconds}`,
  );

  family('kpx_delivery_attempts_total', 'counter', 'Delivery attempts by outcome.');
  for (const [outcome, n] of metrics.attempts)
    out.push(`kpx_delivery_attempts_total${labels({ ...base, outcome })} ${n}`);

  const h = metrics.deliveryLatency;
  family(
    'kpx_delivery_latency_seconds',
    'histogram',
    'Seconds from enqueue to an accepted receipt.',
  );
  const counts = h.counts();
  h.bounds.forEach((bound, i) => {
    out.push(
      `kpx_delivery_latency_seconds_bucket${labels({ ...base, le: String(bound) })} ${counts[i] ?? 0}`,
    );
  });
  out.push(
    `kpx_delivery_latency_seconds_bucket${labels({ ...base, le: '+Inf' })} ${counts[h.bounds.length] ?? 0}`,
  );
  out.push(`kpx_delivery_latency_seconds_sum${labels(base)} ${h.sum()}`);
  out.push(`kpx_delivery_latency_seconds_count${labels(base)} ${h.count()}`);

  if (gauges.trustList !== undefined) {
    family(
      'kpx_trust_list_age_seconds',
      'gauge',
      'Seconds since the registry issued the trust list held (alert well before nextUpdate).',
    );
    out.push(`kpx_trust_list_age_seconds${labels(base)} ${gauges.trustList.ageSeconds}`);
    family('kpx_trust_list_version', 'gauge', 'Version of the trust list held.');
    out.push(`kpx_trust_list_version${labels(base)} ${gauges.trustList.version}`);
    family(
      'kpx_trust_list_stale',
      'gauge',
      '1 past nextUpdate + grace: the node refuses to send or accept (alert on 1).',
    );
    out.push(`kpx_trust_list_stale${labels(base)} ${gauges.trustList.stale ? 1 : 0}`);
  }

  family('kpx_errors_total', 'counter', 'Errors answered at the HTTP edge, by code.');
  for (const [code, n] of metrics.errors)
    out.push(`kpx_errors_total${labels({ ...base, code })} ${n}`);
  return out.join('\n') + '\n';
}
