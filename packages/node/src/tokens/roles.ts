/**
 * Officer roles (ARCHITECTURE.md "HTTP API"). One role per token: separation of duties means
 * an admin manages tokens and the outbox but does not issue or confirm.
 */
export type Role = 'admin' | 'issuer' | 'importer' | 'analyst' | 'auditor';

/** Every {@link Role}. */
export const roles: readonly Role[] = Object.freeze([
  'admin',
  'issuer',
  'importer',
  'analyst',
  'auditor',
]);

/**
 * Who may call a route: roles (bearer token or console session), `public` (no credentials),
 * `partner-node` (signed envelope), or `session` (any officer signed in to the console — the
 * routes about one's own session and account; an API token has no account and gets 403).
 */
export type Access = readonly Role[] | 'public' | 'partner-node' | 'session';

/** The "officers" of the HTTP table: every role may read certificates. */
export const officers: readonly Role[] = roles;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
