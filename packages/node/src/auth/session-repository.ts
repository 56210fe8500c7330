import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/** A console session as stored (keyed by the hash of its id). */
export type SessionRecord = {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
};

/** Storage port of console sessions. */
export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  find(idHash: string): Promise<SessionRecord | undefined>;
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of a user, but `keep` (the one changing its own password). */
  deleteForUser(userId: string, keep?: string): Promise<void>;
  deleteExpired(now: string): Promise<void>;
}

/** The Kysely adapter of {@link SessionRepository}. */
export function sessionRepository(db: Kysely<KpxDatabase>): SessionRepository {
  return Object.freeze<SessionRepository>({
    async insert(s) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: s.idHash,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          expires_at: s.expiresAt,
          ip: s.ip,
          user_agent: s.userAgent,
        })
        .execute();
    },
    async find(idHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        idHash: row.id_hash,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        ip: row.ip,
        userAgent: row.user_agent,
      };
    },
    async touch(idHash, lastSeenAt, expiresAt) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteForUser(userId, keep) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keep !== undefined) query = query.where('id_hash', '!=', keep);
      await query.execute();
    },
    async deleteExpired(now) {
      await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    },
  });
}
