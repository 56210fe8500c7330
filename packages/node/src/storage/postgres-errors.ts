/**
 * SQLSTATEs after which a unit of work is run again in a new transaction (PostgreSQL
 * Appendix A). READ COMMITTED never raises `40001` itself, but a database configured for
 * SERIALIZABLE would.
 */
const retryable: ReadonlySet<string> = new Set([
  // serialization_failure
  '40001',
  // deadlock_detected: e.g. an amendment locking the certificate it replaces while a receipt
  // for that certificate waits for the audit lock the amendment holds.
  '40P01',
  // unique_violation: a concurrent unit committed the same key first (an Idempotency-Key, an
  // inbox message id, an incoming certificate number). The insert waited for that unit and
  // failed once it committed; on the next attempt the unit reads the committed row and answers
  // with the first result, so a race never makes a second row nor a 500.
  '23505',
]);

/** The SQLSTATE of a pg error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Whether a unit that failed with `error` should be run again (see {@link retryable}). */
export function isRetryablePostgresError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && retryable.has(state);
}
