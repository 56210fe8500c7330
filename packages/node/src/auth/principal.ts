import type { Role } from '../tokens/roles.js';

/** A request authenticated by an API token (`Authorization: Bearer kpx_…`). */
export type TokenPrincipal = {
  kind: 'token';
  tokenId: string;
  role: Role;
  name: string;
  /** The company a `trader` token acts for; null for officers. */
  companyId: string | null;
};

/** A request authenticated by a console session cookie: an officer signed in. */
export type UserPrincipal = {
  kind: 'user';
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** The company a `trader` account belongs to; null for officers. */
  companyId: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  /** SHA-256 of the session id (the row's key); the id itself is only in the cookie. */
  sessionIdHash: string;
  csrfToken: string;
};

/** Who a request comes from. */
export type Principal = TokenPrincipal | UserPrincipal;

/**
 * The actor recorded in timelines and the audit log: `token:<token id>` (never the token) or
 * `user:<username>`.
 */
export function actorOfPrincipal(principal: Principal): string {
  return principal.kind === 'token' ? `token:${principal.tokenId}` : `user:${principal.username}`;
}

/**
 * What idempotency keys are scoped to: the token id for tokens (as before sessions existed, so
 * stored keys keep working), `user:<id>` for an officer.
 */
export function principalKey(principal: Principal): string {
  return principal.kind === 'token' ? principal.tokenId : `user:${principal.userId}`;
}
