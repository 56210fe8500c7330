import { KpxError } from '@kpx/domain';
import type { Kysely } from 'kysely';
import type { NodeConfig } from '../config/node-config.js';
import { isoAt } from '../runtime/clock.js';
import type { KpxDatabase } from '../storage/database-schema.js';

/** The slow-down settings (`config.console.signInThrottle`). */
export type ThrottleSettings = NodeConfig['console']['signInThrottle'];

/** Failures counted under one key (an account or an address). */
export type ThrottleState = { failures: number; lastFailureAt: number };

/** The counter key of an account (lower-case username, as typed: existing or not). */
export const accountKey = (username: string): string => `user:${username.slice(0, 100)}`;
/** The counter key of a client address (see `addressKey`). */
export const addressThrottleKey = (address: string): string => `addr:${address}`;

/**
 * How long an attempt waits after `failures` failures: nothing for the first `freeFailures`,
 * then baseDelay · 2^(failures − freeFailures), at most maxDelay (with the defaults: 1 s after
 * the 5th failure, 2 s, 4 s, … 30 s). A slow-down, never a lockout: the right password still
 * gets in after the wait (OWASP Authentication Cheat Sheet, "Account lockout").
 */
export function throttleDelayMs(failures: number, settings: ThrottleSettings): number {
  if (failures < settings.freeFailures) return 0;
  const exponent = Math.min(failures - settings.freeFailures, 30);
  return Math.min(settings.baseDelayMs * 2 ** exponent, settings.maxDelayMs);
}

/**
 * The failures still counted under `keys` at `nowMs`: a key's count lapses once `windowMs`
 * passed without a failure (so steady hammering never resets it, a quiet quarter hour does).
 */
export async function readThrottle(
  db: Kysely<KpxDatabase>,
  keys: readonly string[],
  nowMs: number,
  settings: ThrottleSettings,
): Promise<Map<string, ThrottleState>> {
  const rows = await db
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute();
  const states = new Map<string, ThrottleState>();
  for (const row of rows) {
    const lastFailureAt = Date.parse(row.last_failure_at);
    if (nowMs - lastFailureAt > settings.windowMs) continue;
    states.set(row.key, { failures: Number(row.failures), lastFailureAt });
  }
  return states;
}

/** Milliseconds before `state` lets another attempt through (0: now). */
export function waitMs(
  state: ThrottleState | undefined,
  nowMs: number,
  settings: ThrottleSettings,
): number {
  if (state === undefined) return 0;
  return Math.max(0, state.lastFailureAt + throttleDelayMs(state.failures, settings) - nowMs);
}

/** Counts one failure under each key (inside the caller's transaction), and drops lapsed counters. */
export async function recordFailure(
  db: Kysely<KpxDatabase>,
  keys: readonly string[],
  nowMs: number,
  settings: ThrottleSettings,
): Promise<void> {
  const now = isoAt(nowMs);
  const states = await readThrottle(db, keys, nowMs, settings);
  for (const key of keys) {
    const failures = (states.get(key)?.failures ?? 0) + 1;
    const updated = await db
      .updateTable('sign_in_throttle')
      .set({
        failures,
        last_failure_at: now,
        ...(failures === 1 ? { window_started_at: now } : {}),
      })
      .where('key', '=', key)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) {
      await db
        .insertInto('sign_in_throttle')
        .values({ key, failures, window_started_at: now, last_failure_at: now })
        .execute();
    }
  }
  await db
    .deleteFrom('sign_in_throttle')
    .where('last_failure_at', '<', isoAt(nowMs - settings.windowMs))
    .execute();
}

/** Forgets the failures of a key (an admin reset the account's password). */
export async function clearThrottle(db: Kysely<KpxDatabase>, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}

/** `429 KPX_RATE_LIMITED` with `Retry-After` (RFC 9110 §10.2.3) and `retryAfter` in the problem. */
export class RateLimitedError extends KpxError {
  readonly retryAfter: number;
  constructor(waitMilliseconds: number) {
    const seconds = Math.max(1, Math.ceil(waitMilliseconds / 1000));
    super('KPX_RATE_LIMITED', {
      detail: `Too many failed sign-ins from this address; try again in ${seconds} s`,
    });
    this.retryAfter = seconds;
  }
}
