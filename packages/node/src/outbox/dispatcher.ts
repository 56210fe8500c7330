import { protocolVersion, protocolVersionHeader, verifyReceipt } from '@kpx/protocol';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { randomFraction } from '../runtime/random.js';
import { createWaker } from '../runtime/waker.js';
import { receiptKeysFor } from '../statistics/registry-authority.js';
import { repositories } from '../storage/repositories.js';
import { backoffDelayMs } from './backoff.js';
import type { ClaimedEntry } from './outbox-repository.js';
import { recordDelivery, type AttemptResult } from './record-delivery.js';
import type { Transport } from './transport.js';

/** What one pass did. */
export type DispatchReport = {
  claimed: number;
  delivered: number;
  rejected: number;
  failed: number;
  dead: number;
};

/** The outbox worker. */
export type Dispatcher = {
  /** One pass: claim the due entries and attempt each once. Tests drive this with a manual clock. */
  dispatchDue(): Promise<DispatchReport>;
  /** Passes until `signal` aborts; the pass in flight is finished first. */
  run(signal: AbortSignal): Promise<void>;
  /** Ends the current sleep (after commit of something to send). */
  wake(): void;
};

/** The path partner nodes receive envelopes on (ARCHITECTURE.md HTTP table). */
export const exchangePath = '/exchange/v1/messages';

/** Kinds of message that lose their purpose when the certificate expires undelivered. */
const expiring = new Set(['certificate.issued', 'certificate.cancelled', 'certificate.superseded']);

function exchangeUrl(base: string): string {
  return new URL(exchangePath.slice(1), base.endsWith('/') ? base : `${base}/`).toString();
}

function problemOf(body: string): { code?: unknown; detail?: unknown; supported?: unknown } {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * Creates the dispatcher (ARCHITECTURE.md flow 2). Entries are claimed with a lease
 * (`claimed_until`), so the claims of a process that died expire and another takes over; the
 * same signed bytes are sent every time; a receipt counts only when its signature verifies
 * with a key of the addressee and its digest names exactly what was sent. Failures (network,
 * 5xx, 4xx, a bad receipt) retry with exponential backoff and full jitter, across restarts
 * (the schedule is in the table); past `overdueAfterMs` an entry is flagged overdue and keeps
 * trying. Only a signed rejection or the certificate's expiry makes a dead letter.
 */
export function createDispatcher(
  ctx: NodeContext,
  transport: Transport,
  worker: string,
): Dispatcher {
  const waker = createWaker();
  const options = ctx.config.outbox;
  const log = ctx.logger.child({ component: 'dispatcher' });

  async function attempt(entry: ClaimedEntry): Promise<AttemptResult> {
    const nowMs = ctx.clock.now();
    const expiresOn = entry.subjectExpiresOn;
    if (expiring.has(entry.type) && expiresOn !== null && expiresOn < isoAt(nowMs).slice(0, 10))
      return { kind: 'expired' };
    const trust = ctx.trust.current();
    const failed = (error: string): AttemptResult => {
      const now = ctx.clock.now();
      const delay = backoffDelayMs(entry.attempts + 1, options, randomFraction(ctx.random));
      return {
        kind: 'failed',
        error,
        retryAt: isoAt(now + delay),
        overdue: entry.overdue || now - Date.parse(entry.createdAt) >= options.overdueAfterMs,
      };
    };
    let response;
    try {
      response = await transport({
        url: exchangeUrl(trust.endpointOf(entry.toAuthority) ?? entry.endpoint),
        body: entry.envelope,
        headers: {
          'content-type': 'application/jose',
          accept: 'application/jose, application/problem+json',
          [protocolVersionHeader]: String(protocolVersion),
        },
        timeoutMs: options.requestTimeoutMs,
      });
    } catch (error) {
      return failed(`transport: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status !== 200) {
      const problem = problemOf(response.body);
      const code = typeof problem.code === 'string' ? problem.code : undefined;
      if (code === 'KPX_PROTOCOL_VERSION_UNSUPPORTED') {
        // An operator problem, not a transient one: said loudly, with both versions. The entry
        // still backs off and retries (never a dead letter: ARCHITECTURE.md flow 2), so the
        // message goes out by itself once one side has upgraded; overdue flags it meanwhile.
        log.warn(
          {
            messageId: entry.id,
            to: entry.toAuthority,
            sent: protocolVersion,
            partnerSupports: problem.supported,
          },
          'partner does not speak our kpx protocol version (KPX_PROTOCOL_VERSION_UNSUPPORTED): one side must upgrade',
        );
        const detail = typeof problem.detail === 'string' ? `: ${problem.detail}` : '';
        return failed(`HTTP ${response.status} ${code}${detail}`);
      }
      return failed(`HTTP ${response.status}${code === undefined ? '' : ` ${code}`}`);
    }
    const jws = response.body.trim();
    const outcome = await verifyReceipt(jws, {
      keys: receiptKeysFor(trust, entry.toAuthority),
      verifier: ctx.verifier,
      expectedDigest: entry.digest,
      expectedAuthority: entry.toAuthority,
    });
    if (!outcome.valid || outcome.value === undefined) {
      const bad = outcome.checks.find((c) => !c.ok);
      return failed(`receipt ${bad?.check ?? 'format'}: ${bad?.message ?? 'invalid'}`);
    }
    if (outcome.value.messageId !== entry.id)
      return failed(`receipt names message ${outcome.value.messageId}`);
    return { kind: 'receipt', receipt: outcome.value, jws };
  }

  let paused = false;
  function pausedForTrust(): boolean {
    const freshness = ctx.trust.freshness();
    if (freshness.stale !== paused) {
      paused = freshness.stale;
      if (paused)
        log.error(
          {
            version: freshness.version,
            nextUpdate: freshness.nextUpdate,
            staleAt: freshness.staleAt,
          },
          'trust list stale (KPX_TRUST_LIST_STALE): sending paused until a fresh list arrives',
        );
      else log.info({ version: freshness.version }, 'trust list fresh again: sending resumed');
    }
    return paused;
  }

  async function dispatchDue(): Promise<DispatchReport> {
    const report: DispatchReport = { claimed: 0, delivered: 0, rejected: 0, failed: 0, dead: 0 };
    // Past the trust list's nextUpdate + grace, sending pauses: entries stay pending, unclaimed,
    // and go out when a fresh list arrives (the trust holder wakes this worker).
    if (pausedForTrust()) return report;
    const nowMs = ctx.clock.now();
    const claimed = await ctx.storage.transactor.transact((uow) =>
      repositories(uow.db, ctx.ids).outbox.claimDue(
        isoAt(nowMs),
        worker,
        isoAt(nowMs + options.leaseMs),
        options.batchSize,
      ),
    );
    report.claimed = claimed.length;
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < claimed.length; i = next++) {
        const entry = claimed[i];
        if (entry === undefined) continue;
        try {
          const result = await attempt(entry);
          const recorded = await recordDelivery(ctx, entry, worker, result);
          if (!recorded) continue;
          const outcome =
            result.kind === 'failed'
              ? 'failed'
              : result.kind === 'expired'
                ? 'dead'
                : result.receipt.result === 'accepted'
                  ? 'delivered'
                  : 'rejected';
          report[outcome] += 1;
          ctx.metrics.attempted(outcome);
          if (result.kind === 'failed')
            log.info(
              {
                messageId: entry.id,
                to: entry.toAuthority,
                error: result.error,
                retryAt: result.retryAt,
              },
              'delivery failed',
            );
        } catch (error) {
          // The claim lapses and the entry is retried; nothing else is lost.
          log.error({ err: error, messageId: entry.id }, 'recording a delivery failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, claimed.length) }, lane));
    return report;
  }

  async function run(signal: AbortSignal): Promise<void> {
    const idleFloorMs = Math.min(1000, options.pollIntervalMs);
    while (!signal.aborted) {
      let claimed = 0;
      try {
        claimed = (await dispatchDue()).claimed;
      } catch (error) {
        log.error({ err: error }, 'dispatch pass failed');
      }
      if (signal.aborted) break;
      if (paused) {
        await waker.sleep(options.pollIntervalMs, signal); // a fresh trust list wakes it
        continue;
      }
      if (claimed >= options.batchSize) continue;
      let delay = options.pollIntervalMs;
      try {
        const due = await repositories(ctx.storage.db, ctx.ids).outbox.earliestPending();
        if (due !== undefined)
          delay = Math.min(
            delay,
            Math.max(Date.parse(due) - ctx.clock.now(), claimed === 0 ? idleFloorMs : 0),
          );
      } catch (error) {
        log.error({ err: error }, 'reading the outbox schedule failed');
      }
      await waker.sleep(delay, signal);
    }
  }

  return Object.freeze({ dispatchDue, run, wake: () => waker.wake() });
}
