/**
 * Officer roles (ARCHITECTURE.md "HTTP API"). One role per token: separation of duties means
 * an admin manages tokens and the outbox but does not issue or confirm.
 */
export type OfficerRole = 'admin' | 'issuer' | 'importer' | 'analyst' | 'auditor';

/**
 * Every role: the officers', and `trader` — a licensed company's user, scoped to that one
 * company (docs/applications.md): it submits and follows its own applications, nothing else.
 */
export type Role = OfficerRole | 'trader';

/** Every officer role (not `trader`, which always comes with a company). */
export const roles: readonly OfficerRole[] = Object.freeze([
  'admin',
  'issuer',
  'importer',
  'analyst',
  'auditor',
]);

/** Every {@link Role}, `trader` last. */
export const allRoles: readonly Role[] = Object.freeze([...roles, 'trader']);

/**
 * Who may call a route: roles (bearer token or console session), `public` (no credentials),
 * `partner-node` (signed envelope), or `session` (any officer signed in to the console — the
 * routes about one's own session and account; an API token has no account and gets 403).
 */
export type Access = readonly Role[] | 'public' | 'partner-node' | 'session';

/** The "officers" of the HTTP table: every officer role may read certificates; traders may not. */
export const officers: readonly Role[] = roles;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (allRoles as readonly string[]).includes(value);
}
