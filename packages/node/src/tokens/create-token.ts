import { createHash } from 'node:crypto';
import { KpxError } from '@kpx/domain';
import { base64urlEncode } from '@kpx/protocol';
import { z } from 'zod';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { parseWith } from '../validation/parse-with.js';
import { companyForRole } from '../applications/companies.js';
import { allRoles, type Role } from './roles.js';

/** Body of `POST /api/v1/tokens`. */
export const tokenRequestSchema = z
  .strictObject({
    role: z.enum(allRoles as [Role, ...Role[]]),
    name: z.string().min(1).max(200).meta({ description: 'Who or what uses the token.' }),
    company: z
      .string()
      .max(64)
      .optional()
      .meta({ description: 'The company id; required for `trader`, refused for officers.' }),
    expiresAt: z.iso
      .datetime()
      .optional()
      .meta({ description: 'RFC 3339; no expiry when absent.' }),
  })
  .meta({ id: 'TokenRequest' });

/** A new token: the secret appears here once and is never stored nor shown again. */
export type CreatedToken = {
  id: string;
  token: string;
  role: Role;
  name: string;
  expiresAt: string | null;
  /** The company of a `trader` token. */
  company?: string;
};

/** Prefix that makes kpx tokens recognisable to secret scanners. */
export const tokenPrefix = 'kpx_';

/** Hex SHA-256 of a bearer token, the only form it is stored and looked up in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Creates an API token with one role. 256 random bits, so a fast hash (SHA-256) at rest is
 * enough: nothing to brute-force (unlike passwords, which need a slow KDF).
 */
export function createToken(ctx: NodeContext, body: unknown, actor: string): Promise<CreatedToken> {
  const request = parseWith(tokenRequestSchema, body);
  const nowMs = ctx.clock.now();
  if (request.expiresAt !== undefined && Date.parse(request.expiresAt) <= nowMs) {
    throw new KpxError('KPX_VALIDATION_FAILED', {
      problems: [
        {
          code: 'KPX_DATE_INVALID',
          path: '/expiresAt',
          message: 'The expiry must be in the future.',
        },
      ],
    });
  }
  const token = tokenPrefix + base64urlEncode(ctx.random(32));
  const id = ctx.ids();
  const expiresAt = request.expiresAt === undefined ? null : isoAt(Date.parse(request.expiresAt));
  return ctx.storage.transactor.transact(async (uow) => {
    const now = isoAt(nowMs);
    const companyId = await companyForRole(uow.db, request.role, request.company);
    await repositories(uow.db, ctx.ids).tokens.insert({
      id,
      tokenHash: hashToken(token),
      role: request.role,
      name: request.name,
      companyId,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    });
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'token.create',
      subject: id,
      data: {
        role: request.role,
        name: request.name,
        expiresAt,
        ...(companyId === null ? {} : { company: companyId }),
      },
    });
    return {
      id,
      token,
      role: request.role,
      name: request.name,
      expiresAt,
      ...(companyId === null ? {} : { company: companyId }),
    };
  });
}
