import { KpxError } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import type { UserPrincipal } from './principal.js';
import { sessionRepository } from './session-repository.js';
import { hashSessionId } from './session-id.js';
import { userRepository } from './user-repository.js';

/** Last-seen is written at most this often, not on every request. */
const touchEveryMs = 60_000;

/** `401 KPX_UNAUTHENTICATED` for a session that is unknown, ended or whose account is disabled. */
export class SessionEndedError extends KpxError {
  constructor() {
    super('KPX_UNAUTHENTICATED', { detail: 'The session has ended; sign in again' });
  }
}

/**
 * The officer behind a session id (from the cookie), or `SessionEndedError`. A session ends
 * after `idleTimeoutMs` unused or `absoluteTimeoutMs` after sign-in (OWASP Session Management
 * Cheat Sheet), and at once when its account is disabled. The role is read from the account
 * on every request, so a role change applies to open sessions immediately.
 */
export async function resolveSession(ctx: NodeContext, sessionId: string): Promise<UserPrincipal> {
  const idHash = hashSessionId(sessionId);
  const session = await sessionRepository(ctx.storage.db).find(idHash);
  if (session === undefined) throw new SessionEndedError();
  const nowMs = ctx.clock.now();
  const { idleTimeoutMs, absoluteTimeoutMs } = ctx.config.console;
  const absoluteEnd = Date.parse(session.createdAt) + absoluteTimeoutMs;
  const user = await userRepository(ctx.storage.db).findById(session.userId);
  if (Date.parse(session.expiresAt) <= nowMs || absoluteEnd <= nowMs || user?.disabled !== false) {
    await ctx.storage.transactor.transact((uow) => sessionRepository(uow.db).delete(idHash));
    throw new SessionEndedError();
  }
  if (nowMs - Date.parse(session.lastSeenAt) >= touchEveryMs) {
    const expiresAt = isoAt(Math.min(nowMs + idleTimeoutMs, absoluteEnd));
    await ctx.storage.transactor.transact((uow) =>
      sessionRepository(uow.db).touch(idHash, isoAt(nowMs), expiresAt),
    );
  }
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    companyId: user.companyId,
    totpEnabled: user.totpSecret !== null,
    mustChangePassword: user.mustChangePassword,
    sessionIdHash: idHash,
    csrfToken: session.csrfToken,
  };
}
