import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';
import type { Role } from './roles.js';

/** An API token as stored: never the token itself, only its SHA-256. */
export type TokenRecord = {
  id: string;
  tokenHash: string;
  role: Role;
  name: string;
  /** The company of a `trader` token (migration 0004); null for officers. */
  companyId: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
};

/** Storage port of API tokens. */
export interface TokenRepository {
  insert(token: TokenRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<TokenRecord | undefined>;
}

/** The Kysely adapter of {@link TokenRepository}. */
export function tokenRepository(db: Kysely<KpxDatabase>): TokenRepository {
  return Object.freeze<TokenRepository>({
    async insert(t: TokenRecord) {
      await db
        .insertInto('api_tokens')
        .values({
          id: t.id,
          token_hash: t.tokenHash,
          role: t.role,
          name: t.name,
          company_id: t.companyId,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
          revoked_at: t.revokedAt,
        })
        .execute();
    },
    async findByHash(tokenHash: string) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        id: row.id,
        tokenHash: row.token_hash,
        role: row.role as Role,
        name: row.name,
        companyId: row.company_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
      };
    },
  });
}
