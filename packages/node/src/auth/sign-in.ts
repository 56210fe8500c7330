import { KpxError } from '@kpx/domain';
import { base64urlEncode } from '@kpx/protocol';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { parseWith } from '../validation/parse-with.js';
import { signInRequestSchema } from './auth-schemas.js';
import { base32Decode } from './base32.js';
import { addressKey } from './client-address.js';
import { hashPassword, passwordSaltLength, verifyPassword } from './password-hash.js';
import { hashSessionId } from './session-id.js';
import { sessionRepository } from './session-repository.js';
import {
  RateLimitedError,
  accountKey,
  addressThrottleKey,
  readThrottle,
  recordFailure,
  throttleDelayMs,
  waitMs,
} from './sign-in-throttle.js';
import { verifyTotp } from './totp.js';
import { sessionUserOf, type SessionUser, type UserRecord } from './user-record.js';
import { userRepository } from './user-repository.js';

/** Where a sign-in comes from (for the slow-down, the session row and the audit log). */
export type RequestMeta = { address: string | undefined; userAgent: string | undefined };

/** A new session: the id goes into the cookie and is never stored. */
export type SignedIn = {
  sessionId: string;
  csrfToken: string;
  user: SessionUser;
  expiresAt: string;
};

/** Waits (real time): the server-side slow-down of an account under attack. */
export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

// A hash to check the password against when the account does not exist, so an unknown name
// costs the same scrypt as a known one (no user enumeration by timing).
const dummyHashes = new Map<number, Promise<string>>();
function dummyHash(logN: number): Promise<string> {
  let hash = dummyHashes.get(logN);
  if (hash === undefined) {
    hash = hashPassword('kpx dummy password', new Uint8Array(passwordSaltLength), {
      logN,
      r: 8,
      p: 1,
    });
    dummyHashes.set(logN, hash);
  }
  return hash;
}

type Failure = 'unknown-user' | 'password' | 'disabled' | 'totp';

async function fail(
  ctx: NodeContext,
  keys: readonly string[],
  username: string,
  user: UserRecord | undefined,
  meta: RequestMeta,
  reason: Failure,
): Promise<never> {
  const nowMs = ctx.clock.now();
  await ctx.storage.transactor.transact(async (uow) => {
    await recordFailure(uow.db, keys, nowMs, ctx.config.console.signInThrottle);
    await appendAudit(uow.db, {
      at: isoAt(nowMs),
      actor: user === undefined ? 'anonymous' : `user:${user.username}`,
      action: 'session.sign-in-failed',
      subject: `user:${username}`,
      data: { reason, address: meta.address ?? null },
    });
  });
  ctx.logger.info({ username, reason, address: meta.address }, 'sign-in failed');
  if (reason === 'totp')
    throw new KpxError('KPX_TOTP_REQUIRED', { detail: 'The one-time code is wrong or expired' });
  // The same answer for every other cause: nobody learns which accounts exist or are disabled.
  throw new KpxError('KPX_SIGN_IN_FAILED', { detail: 'Wrong username or password' });
}

/**
 * Signs an officer in (`POST /api/v1/session`) and opens a session.
 *
 * Failed attempts are slowed down, never locked out (OWASP Authentication Cheat Sheet): past
 * the free failures, an address that keeps failing is answered `429 KPX_RATE_LIMITED` with
 * `Retry-After` until its delay has passed (without the password being checked), and every
 * attempt on an account that keeps failing waits its delay server-side before the check — so the
 * officer, from another address, still gets in, only slower. Unknown, wrong and disabled all
 * answer `401 KPX_SIGN_IN_FAILED` after the same scrypt work; a right password on an account
 * with TOTP and no or a wrong code answers `401 KPX_TOTP_REQUIRED` (a wrong code counts as a
 * failure). Every outcome but a missing code is in the audit log.
 */
export async function signIn(
  ctx: NodeContext,
  body: unknown,
  meta: RequestMeta,
  sleep: Sleep = realSleep,
): Promise<SignedIn> {
  const input = parseWith(signInRequestSchema, body);
  const username = input.username.normalize('NFC').toLowerCase();
  const settings = ctx.config.console.signInThrottle;
  const userKey = accountKey(username);
  const addrKey = addressThrottleKey(addressKey(meta.address));
  const keys = [userKey, addrKey];

  const states = await readThrottle(ctx.storage.db, keys, ctx.clock.now(), settings);
  const addressWait = waitMs(states.get(addrKey), ctx.clock.now(), settings);
  if (addressWait > 0) throw new RateLimitedError(addressWait);
  const accountFailures = states.get(userKey)?.failures ?? 0;
  const accountDelay = throttleDelayMs(accountFailures, settings);
  if (accountDelay > 0) await sleep(accountDelay);

  const users = userRepository(ctx.storage.db);
  const user = await users.findByUsername(username);
  if (user === undefined) {
    await verifyPassword(input.password, await dummyHash(ctx.config.console.passwordHashLogN));
    return fail(ctx, keys, username, user, meta, 'unknown-user');
  }
  const matches = await verifyPassword(input.password, user.passwordHash);
  if (!matches) return fail(ctx, keys, username, user, meta, 'password');
  if (user.disabled) return fail(ctx, keys, username, user, meta, 'disabled');

  let totpStep: number | undefined;
  if (user.totpSecret !== null) {
    if (input.totp === undefined || input.totp === '') {
      throw new KpxError('KPX_TOTP_REQUIRED', { detail: 'Enter the code from the authenticator' });
    }
    const secret = base32Decode(user.totpSecret);
    totpStep =
      secret === undefined
        ? undefined
        : verifyTotp(secret, input.totp.replace(/\s/g, ''), ctx.clock.now(), {
            lastStep: user.totpLastStep,
          });
    if (totpStep === undefined) return fail(ctx, keys, username, user, meta, 'totp');
  }

  const nowMs = ctx.clock.now();
  const now = isoAt(nowMs);
  const sessionId = base64urlEncode(ctx.random(32));
  const csrfToken = base64urlEncode(ctx.random(32));
  const { idleTimeoutMs, absoluteTimeoutMs } = ctx.config.console;
  const expiresAt = isoAt(nowMs + Math.min(idleTimeoutMs, absoluteTimeoutMs));
  await ctx.storage.transactor.transact(async (uow) => {
    const sessions = sessionRepository(uow.db);
    await sessions.deleteExpired(now);
    await sessions.insert({
      idHash: hashSessionId(sessionId),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: meta.address ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    });
    await userRepository(uow.db).update(user.id, {
      updatedAt: user.updatedAt,
      lastSignInAt: now,
      ...(totpStep === undefined ? {} : { totpLastStep: totpStep }),
    });
    await appendAudit(uow.db, {
      at: now,
      actor: `user:${user.username}`,
      action: 'session.sign-in',
      subject: `user:${user.username}`,
      data: { address: meta.address ?? null, totp: totpStep !== undefined },
    });
  });
  return { sessionId, csrfToken, user: sessionUserOf(user), expiresAt };
}
