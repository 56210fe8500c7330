import { KpxError, type KpxCode } from '@kpx/domain';
import type { PublicJwk, SignatureVerifier } from '@kpx/protocol';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { randomFraction, type Random } from '../runtime/random.js';
import { createWaker } from '../runtime/waker.js';
import { pollTrustList, type RegistryFetch } from './registry-client.js';
import type { TrustListCache } from './trust-list-cache.js';
import { createTrustSnapshot, type TrustHolder, type TrustSnapshot } from './trust-snapshot.js';
import { verifySignedTrustList } from './verify-signed-trust-list.js';

/** What one poll of the registry came to. */
export type TrustRefreshResult =
  | { outcome: 'updated'; version: number; previous: number }
  | { outcome: 'unchanged'; version: number }
  | { outcome: 'refused'; code: KpxCode; message: string; version?: number }
  | { outcome: 'unreachable'; message: string };

/** The last failure, for operators (`GET /api/v1/trust-list`). */
export type TrustSyncError = { at: string; code?: KpxCode; message: string };

/** Keeps the node's trust list current from the registry. */
export type TrustSync = {
  readonly registryUrl: string;
  /** One poll now: fetch (with the ETag held), verify, and on a newer list replace and cache it. */
  refresh(): Promise<TrustRefreshResult>;
  /** Polls until `signal` aborts: every `refreshIntervalMs` (±10 %), sooner after a failure. */
  run(signal: AbortSignal): Promise<void>;
  /** Ends the current wait: poll now (after a key rotation, say). */
  wake(): void;
  /** Consecutive failed polls and the last failure. */
  status(): { failures: number; lastError: TrustSyncError | null };
};

/** Options of {@link createTrustSync}. */
export type TrustSyncOptions = {
  registryUrl: string;
  rootKey: PublicJwk;
  holder: TrustHolder;
  fetch: RegistryFetch;
  verifier: SignatureVerifier;
  clock: Clock;
  random: Random;
  logger: Logger;
  refreshIntervalMs: number;
  timeoutMs: number;
  cache?: TrustListCache;
  /** Checks a verified list fits this node (its authority listed…); throws `KpxError` if not. */
  accept?: (snapshot: TrustSnapshot) => void;
};

/**
 * The delay after `failures` consecutive failed polls: exponential from 1 s (at most the
 * interval) up to the interval, with "equal jitter" — half fixed, half random — so a fleet of
 * nodes that lost the registry together does not come back in step, yet none polls in a loop
 * (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 */
export function trustRetryDelayMs(failures: number, intervalMs: number, fraction: number): number {
  const base = Math.min(1000, intervalMs);
  const ceiling = Math.min(intervalMs, base * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.floor(ceiling / 2 + (Math.min(Math.max(fraction, 0), 1) * ceiling) / 2);
}

/**
 * The registry client of the node's trust list (ARCHITECTURE.md "Wire formats", trust list):
 * polls `GET {registry}/trust-list.json` with `If-None-Match`; a list that verifies against the
 * pinned root — endorsed list key, signature, schema — and is newer than the one held replaces
 * it (the trust holder then tells the signer and wakes the dispatcher) and is written to the
 * cache. An older version is a rollback and is refused (`KPX_TRUST_LIST_ROLLBACK`); the same
 * version with other bytes is refused too. A refused or unreachable registry never costs the
 * node its list: it keeps the one held, which is stale only past `nextUpdate` + grace.
 */
export function createTrustSync(options: TrustSyncOptions): TrustSync {
  const log = options.logger.child({ component: 'trust-sync' });
  const waker = createWaker();
  let etag: string | undefined;
  let failures = 0;
  let lastError: TrustSyncError | null = null;

  const fail = (result: TrustRefreshResult & { message: string }): TrustRefreshResult => {
    failures += 1;
    lastError = {
      at: new Date(options.clock.now()).toISOString(),
      ...('code' in result ? { code: result.code } : {}),
      message: result.message,
    };
    return result;
  };
  // What the cache file holds (`null`: not read yet), so it is written only when it differs.
  let cached: string | undefined | null = null;
  async function keepCached(jws: string): Promise<void> {
    const cache = options.cache;
    if (cache === undefined) return;
    try {
      cached ??= await cache.read();
      if (cached === jws) return;
      await cache.write(jws);
      cached = jws;
    } catch (error) {
      log.error({ err: error, path: cache.path }, 'trust list: writing the cache failed');
    }
  }

  const succeed = (result: TrustRefreshResult): TrustRefreshResult => {
    failures = 0;
    lastError = null;
    options.holder.confirmed(options.clock.now());
    return result;
  };

  async function poll(): Promise<TrustRefreshResult> {
    const held = options.holder.current();
    let answer;
    try {
      answer = await pollTrustList(options.fetch, {
        registryUrl: options.registryUrl,
        timeoutMs: options.timeoutMs,
        ...(etag === undefined ? {} : { etag }),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn(
        { registry: options.registryUrl, error: message, failures: failures + 1 },
        'trust list: registry unreachable; keeping the list held',
      );
      return fail({ outcome: 'unreachable', message: `registry unreachable: ${message}` });
    }
    if (answer.status === 'not-modified' || answer.jws === held.document.signed) {
      if (answer.etag !== undefined) etag = answer.etag;
      // A list held from the seed file is the registry's current one: the cache gets it too.
      if (held.document.verification === 'signature' && held.document.signed !== undefined)
        await keepCached(held.document.signed);
      return succeed({ outcome: 'unchanged', version: held.list.version });
    }
    const now = options.clock.now();
    const verified = await verifySignedTrustList(answer.jws, {
      rootKey: options.rootKey,
      verifier: options.verifier,
      now,
      minVersion: held.list.version,
    });
    const refuse = (code: KpxCode, message: string, version?: number): TrustRefreshResult => {
      log.error(
        { registry: options.registryUrl, code, message, held: held.list.version, version },
        'trust list refused; keeping the list held',
      );
      return fail({
        outcome: 'refused',
        code,
        message,
        ...(version === undefined ? {} : { version }),
      });
    };
    if (!verified.ok) return refuse(verified.code, `${verified.check}: ${verified.message}`);
    const { list } = verified;
    if (list.version === held.list.version) {
      return refuse(
        'KPX_TRUST_LIST_INVALID',
        `version ${list.version} is already held with other content`,
        list.version,
      );
    }
    const snapshot = createTrustSnapshot(
      { list, signed: answer.jws, source: options.registryUrl, verification: 'signature' },
      now,
    );
    try {
      options.accept?.(snapshot);
    } catch (error) {
      if (error instanceof KpxError) return refuse(error.code, error.message, list.version);
      throw error;
    }
    await keepCached(answer.jws);
    options.holder.replace(snapshot);
    if (answer.etag !== undefined) etag = answer.etag;
    else etag = undefined;
    log.info(
      {
        version: list.version,
        previous: held.list.version,
        nextUpdate: list.nextUpdate,
        ...(verified.pastNextUpdate ? { pastNextUpdate: true } : {}),
      },
      'trust list updated',
    );
    return succeed({ outcome: 'updated', version: list.version, previous: held.list.version });
  }

  // Concurrent calls (the loop, a reload, a rotation) share one poll: two would race to replace.
  let inFlight: Promise<TrustRefreshResult> | undefined;
  function refresh(): Promise<TrustRefreshResult> {
    inFlight ??= poll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let ok = false;
      try {
        const result = await refresh();
        ok = result.outcome === 'updated' || result.outcome === 'unchanged';
      } catch (error) {
        failures += 1;
        log.error({ err: error }, 'trust list refresh failed unexpectedly');
      }
      if (signal.aborted) break;
      const fraction = randomFraction(options.random);
      const delay = ok
        ? Math.floor(options.refreshIntervalMs * (0.9 + 0.2 * fraction))
        : trustRetryDelayMs(failures, options.refreshIntervalMs, fraction);
      await waker.sleep(delay, signal);
    }
  }

  return Object.freeze({
    registryUrl: options.registryUrl,
    refresh,
    run,
    wake: () => waker.wake(),
    status: () => ({ failures, lastError }),
  });
}
