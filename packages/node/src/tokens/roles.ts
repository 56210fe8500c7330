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

/** Who may call a route: roles, `public` (no credentials), or `partner-node` (signed envelope). */
export type Access = readonly Role[] | 'public' | 'partner-node';

/** The "officers" of the HTTP table: every role may read certificates. */
export const officers: readonly Role[] = roles;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
