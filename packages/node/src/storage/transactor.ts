import type { Kysely, Transaction } from 'kysely';
import type { KpxDatabase } from './database-schema.js';

/**
 * What a use case gets inside its transaction: the transaction to run every query on, and
 * `afterCommit` for side effects (waking the dispatcher, metrics) that must only happen once
 * the data is durable — never inside the transaction (a rolled-back unit must leave no trace).
 */
export type UnitOfWork = {
  readonly db: Transaction<KpxDatabase>;
  afterCommit(effect: () => void): void;
};

/**
 * Runs a unit of work in one transaction. A unit must use only `uow.db` and must not call
 * `transact` again (SQLite has one connection: a nested call would wait for itself).
 */
export interface Transactor {
  transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

/** Options of {@link createPlainTransactor}. */
export type PlainTransactorOptions = {
  /**
   * Runs a unit again, in a new transaction, when it failed with an error this accepts (e.g.
   * PostgreSQL's deadlock, serialization failure, or a unique key a concurrent unit committed
   * first — on the next attempt the unit reads that row and answers what the first one did).
   * At most `maxAttempts` runs in all; the last error is thrown.
   */
  retry?: { shouldRetry(error: unknown): boolean; maxAttempts: number };
};

/**
 * One database transaction per unit: the plain strategy, and PostgreSQL's (which groups
 * commits itself, and where several processes share the database). A retried unit runs from
 * the start; only the effects of the attempt that committed run.
 */
export function createPlainTransactor(
  db: Kysely<KpxDatabase>,
  options: PlainTransactorOptions = {},
): Transactor {
  const retry = options.retry;
  return Object.freeze({
    async transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const effects: Array<() => void> = [];
        try {
          const value = await db
            .transaction()
            .execute((trx) => work({ db: trx, afterCommit: (e) => effects.push(e) }));
          runEffects(effects);
          return value;
        } catch (error) {
          if (retry === undefined || attempt >= retry.maxAttempts || !retry.shouldRetry(error))
            throw error;
          // A little jitter, so units that collided do not collide again in lockstep.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        }
      }
    },
  });
}

/** Runs after-commit effects; one failing effect must not stop the others nor fail the committed unit. */
export function runEffects(effects: readonly (() => void)[]): void {
  for (const effect of effects) {
    try {
      effect();
    } catch {
      // Effects are best-effort notifications (wake-ups, metrics); the data is already committed.
    }
  }
}
