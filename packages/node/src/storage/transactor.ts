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

/** One database transaction per unit: the plain strategy (and PostgreSQL's, which groups commits itself). */
export function createPlainTransactor(db: Kysely<KpxDatabase>): Transactor {
  return Object.freeze({
    async transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
      const effects: Array<() => void> = [];
      const value = await db
        .transaction()
        .execute((trx) => work({ db: trx, afterCommit: (e) => effects.push(e) }));
      runEffects(effects);
      return value;
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
