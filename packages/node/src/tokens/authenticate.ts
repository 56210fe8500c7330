import { KpxError } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { repositories } from '../storage/repositories.js';
import { hashToken, tokenPrefix } from './create-token.js';
import type { TokenPrincipal } from '../auth/principal.js';

const bearer = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/;

/**
 * Resolves `Authorization: Bearer <token>` (RFC 6750 §2.1) to a principal, or throws
 * `KPX_UNAUTHENTICATED`. The same error for a missing, unknown, expired or revoked token: a
 * caller learns nothing about which tokens exist.
 */
export async function authenticate(
  ctx: NodeContext,
  authorization: string | undefined,
): Promise<TokenPrincipal> {
  const match = authorization === undefined ? null : bearer.exec(authorization.trim());
  const token = match?.[1];
  if (token === undefined || !token.startsWith(tokenPrefix)) {
    throw new KpxError('KPX_UNAUTHENTICATED', { detail: 'A bearer token is required' });
  }
  const record = await repositories(ctx.storage.db, ctx.ids).tokens.findByHash(hashToken(token));
  const now = ctx.clock.now();
  if (
    record === undefined ||
    record.revokedAt !== null ||
    (record.expiresAt !== null && Date.parse(record.expiresAt) <= now)
  ) {
    throw new KpxError('KPX_UNAUTHENTICATED', { detail: 'The bearer token is not valid' });
  }
  return {
    kind: 'token',
    tokenId: record.id,
    role: record.role,
    name: record.name,
    companyId: record.companyId,
  };
}
