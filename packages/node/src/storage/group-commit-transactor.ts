import { sql, type ControlledTransaction, type Kysely } from 'kysely';
import type { KpxDatabase } from './database-schema.js';
import { runEffects, type Transactor, type UnitOfWork } from './transactor.js';

type Pending = {
  work: (uow: UnitOfWork) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

type Done =
  { ok: true; value: unknown; effects: Array<() => void> } | { ok: false; error: unknown };

/** Options of {@link createGroupCommitTransactor}. */
export type GroupCommitOptions = {
  /** Most units committed by one COMMIT (bounds the latency a unit waits for others). */
  maxBatch?: number;
};

/**
 * Group commit for SQLite with `synchronous=FULL`: units that arrive while a commit is being
 * written are run together in ONE transaction, each inside its own SAVEPOINT, and made durable
 * by ONE commit (one WAL fsync). A failing unit is rolled back to its savepoint alone; the
 * others still commit. Each unit resolves only after the shared COMMIT returned, so a caller
 * never sees (or tells a partner about) data that is not yet durable.
 *
 * Units run one after another on the single connection, so they are serialisable exactly as
 * separate transactions would be; the batch only shares the fsync. See docs/decisions.md D10–D11.
 */
export function createGroupCommitTransactor(
  db: Kysely<KpxDatabase>,
  options: GroupCommitOptions = {},
): Transactor {
  const maxBatch = options.maxBatch ?? 64;
  const queue: Pending[] = [];
  let draining = false;

  async function runBatch(batch: Pending[]): Promise<void> {
    let trx: ControlledTransaction<KpxDatabase> | undefined;
    const done: Done[] = [];
    try {
      trx = await db.startTransaction().execute();
      for (const unit of batch) {
        const effects: Array<() => void> = [];
        await sql`savepoint kpx_unit`.execute(trx);
        try {
          const value = await unit.work({ db: trx, afterCommit: (e) => effects.push(e) });
          await sql`release savepoint kpx_unit`.execute(trx);
          done.push({ ok: true, value, effects });
        } catch (error) {
          await sql`rollback to savepoint kpx_unit`.execute(trx);
          await sql`release savepoint kpx_unit`.execute(trx);
          done.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      // The batch itself failed (BEGIN, COMMIT, a savepoint command): nothing of it is durable.
      await trx
        ?.rollback()
        .execute()
        .catch(() => undefined);
      for (const unit of batch) unit.reject(error);
      return;
    }
    batch.forEach((unit, i) => {
      const result = done[i];
      if (result === undefined) return;
      if (result.ok) {
        unit.resolve(result.value);
        runEffects(result.effects);
      } else {
        unit.reject(result.error);
      }
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await runBatch(queue.splice(0, maxBatch));
    } finally {
      draining = false;
    }
  }

  return Object.freeze({
    transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) {
          draining = true;
          // Start on the next macrotask, so units submitted by requests already read from the
          // sockets join the first batch instead of each paying a commit of its own.
          setImmediate(() => void drain());
        }
      });
    },
  });
}
