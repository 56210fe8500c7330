import type { Kysely } from 'kysely';
import type { KpxDatabase } from '../storage/database-schema.js';

/** The first response to a request made with an `Idempotency-Key`. */
export type StoredResponse = { requestHash: string; status: number; body: unknown };

/** Storage port of idempotency keys, scoped per principal (token). */
export interface IdempotencyRepository {
  find(principal: string, key: string): Promise<StoredResponse | undefined>;
  insert(principal: string, key: string, response: StoredResponse, at: string): Promise<void>;
}

/** The Kysely adapter of {@link IdempotencyRepository}. */
export function idempotencyRepository(db: Kysely<KpxDatabase>): IdempotencyRepository {
  return Object.freeze<IdempotencyRepository>({
    async find(principal: string, key: string) {
      const row = await db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status', 'response_json'])
        .where('principal', '=', principal)
        .where('key', '=', key)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        requestHash: row.request_hash,
        status: row.status,
        body: JSON.parse(row.response_json) as unknown,
      };
    },
    async insert(principal: string, key: string, response: StoredResponse, at: string) {
      await db
        .insertInto('idempotency_keys')
        .values({
          principal,
          key,
          request_hash: response.requestHash,
          status: response.status,
          response_json: JSON.stringify(response.body),
          created_at: at,
        })
        .execute();
    },
  });
}
