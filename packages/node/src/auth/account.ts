import { KpxError } from '@kpx/domain';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { parseWith } from '../validation/parse-with.js';
import { passwordChangeSchema, totpConfirmSchema } from './auth-schemas.js';
import { base32Decode, base32Encode } from './base32.js';
import { hashPassword, passwordSaltLength, verifyPassword } from './password-hash.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { UserPrincipal } from './principal.js';
import { sessionRepository } from './session-repository.js';
import { accountKey, recordFailure, readThrottle, throttleDelayMs } from './sign-in-throttle.js';
import { otpauthUri, verifyTotp } from './totp.js';
import { sessionUserOf, type SessionUser, type UserRecord } from './user-record.js';
import { userRepository } from './user-repository.js';

const actorOf = (principal: UserPrincipal): string => `user:${principal.username}`;

async function currentUser(ctx: NodeContext, principal: UserPrincipal): Promise<UserRecord> {
  const user = await userRepository(ctx.storage.db).findById(principal.userId);
  if (user === undefined) throw new KpxError('KPX_UNAUTHENTICATED', { detail: 'No such account' });
  return user;
}

/** Hashes a new password with the node's configured cost and a fresh salt. */
export function newPasswordHash(ctx: NodeContext, password: string): Promise<string> {
  return hashPassword(password, ctx.random(passwordSaltLength), {
    logN: ctx.config.console.passwordHashLogN,
    r: 8,
    p: 1,
  });
}

/** Signs out (`DELETE /api/v1/session`): the session row is deleted, so the cookie is dead. */
export async function signOut(ctx: NodeContext, principal: UserPrincipal): Promise<void> {
  await ctx.storage.transactor.transact(async (uow) => {
    await sessionRepository(uow.db).delete(principal.sessionIdHash);
    await appendAudit(uow.db, {
      at: isoAt(ctx.clock.now()),
      actor: actorOf(principal),
      action: 'session.sign-out',
      subject: `user:${principal.username}`,
    });
  });
}

/**
 * Changes one's own password (`POST /api/v1/session/password`). The current password is
 * checked (a wrong one counts as a failed sign-in of the account, with the same slow-down:
 * `403 KPX_PASSWORD_WRONG`); the new one must meet the policy (`422 KPX_PASSWORD_WEAK`). Every
 * other session of the account ends; this one stays.
 */
export async function changePassword(
  ctx: NodeContext,
  principal: UserPrincipal,
  body: unknown,
): Promise<void> {
  const input = parseWith(passwordChangeSchema, body);
  const user = await currentUser(ctx, principal);
  const settings = ctx.config.console.signInThrottle;
  const key = accountKey(user.username);
  const failures = (await readThrottle(ctx.storage.db, [key], ctx.clock.now(), settings)).get(
    key,
  )?.failures;
  const delay = throttleDelayMs(failures ?? 0, settings);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    const nowMs = ctx.clock.now();
    await ctx.storage.transactor.transact(async (uow) => {
      await recordFailure(uow.db, [key], nowMs, settings);
      await appendAudit(uow.db, {
        at: isoAt(nowMs),
        actor: actorOf(principal),
        action: 'user.password-change-failed',
        subject: `user:${user.username}`,
      });
    });
    throw new KpxError('KPX_PASSWORD_WRONG', {
      detail: 'The current password is wrong',
      problems: [
        { code: 'KPX_PASSWORD_WRONG', path: '/currentPassword', message: 'Wrong password.' },
      ],
    });
  }
  checkPasswordPolicy(input.newPassword, '/newPassword');
  const hash = await newPasswordHash(ctx, input.newPassword);
  await ctx.storage.transactor.transact(async (uow) => {
    const now = isoAt(ctx.clock.now());
    await userRepository(uow.db).update(user.id, {
      updatedAt: now,
      passwordHash: hash,
      mustChangePassword: false,
    });
    await sessionRepository(uow.db).deleteForUser(user.id, principal.sessionIdHash);
    await appendAudit(uow.db, {
      at: now,
      actor: actorOf(principal),
      action: 'user.password-change',
      subject: `user:${user.username}`,
    });
  });
}

/**
 * Starts TOTP enrolment (`POST /api/v1/session/totp`): a new 160-bit secret (RFC 4226 §4
 * recommends 160 bits) is held as pending and shown once, as base32 and as an `otpauth://` URI
 * for a QR code. It protects nothing until confirmed with a code. An account that already has
 * TOTP must have it reset by an admin first (`409 KPX_CONFLICT`), so a stolen session cannot
 * swap the second factor.
 */
export async function startTotpEnrolment(
  ctx: NodeContext,
  principal: UserPrincipal,
): Promise<{ secret: string; otpauthUri: string }> {
  const user = await currentUser(ctx, principal);
  if (user.totpSecret !== null) {
    throw new KpxError('KPX_CONFLICT', {
      detail: 'TOTP is already enabled; an admin can reset it',
    });
  }
  const secret = ctx.random(20);
  const encoded = base32Encode(secret);
  await ctx.storage.transactor.transact(async (uow) => {
    await userRepository(uow.db).update(user.id, {
      updatedAt: isoAt(ctx.clock.now()),
      totpPendingSecret: encoded,
    });
  });
  return { secret: encoded, otpauthUri: otpauthUri(secret, `kpx ${ctx.authority}`, user.username) };
}

/**
 * Confirms TOTP enrolment (`POST /api/v1/session/totp/confirm`) with a code from the pending
 * secret; from then on sign-in asks for a code. A wrong code is `422 KPX_TOTP_INVALID`.
 */
export async function confirmTotp(
  ctx: NodeContext,
  principal: UserPrincipal,
  body: unknown,
): Promise<SessionUser> {
  const input = parseWith(totpConfirmSchema, body);
  const user = await currentUser(ctx, principal);
  const pending =
    user.totpPendingSecret === null ? undefined : base32Decode(user.totpPendingSecret);
  if (pending === undefined) {
    throw new KpxError('KPX_CONFLICT', {
      detail: 'No TOTP enrolment was started (POST /api/v1/session/totp)',
    });
  }
  const step = verifyTotp(pending, input.code.replace(/\s/g, ''), ctx.clock.now());
  if (step === undefined) {
    throw new KpxError('KPX_TOTP_INVALID', {
      detail: 'The code does not match; check the device clock and try the next code',
      problems: [{ code: 'KPX_TOTP_INVALID', path: '/code', message: 'Wrong code.' }],
    });
  }
  const now = isoAt(ctx.clock.now());
  const updated: UserRecord = {
    ...user,
    totpSecret: user.totpPendingSecret,
    totpPendingSecret: null,
    totpLastStep: step,
    updatedAt: now,
  };
  await ctx.storage.transactor.transact(async (uow) => {
    await userRepository(uow.db).update(user.id, {
      updatedAt: now,
      totpSecret: updated.totpSecret,
      totpPendingSecret: null,
      totpLastStep: step,
    });
    await appendAudit(uow.db, {
      at: now,
      actor: actorOf(principal),
      action: 'user.totp-enable',
      subject: `user:${user.username}`,
    });
  });
  return sessionUserOf(updated);
}
