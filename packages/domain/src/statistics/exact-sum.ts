import { centsToAmount, maxAmountCents, type Amount } from '../amount.js';
import { KpxError } from '../kpx-error.js';

/**
 * Hundredths as an {@link Amount}, for sums of statistics.
 *
 * @throws KpxError `KPX_TOTAL_TOO_LARGE` past {@link maxAmountCents}; `KPX_STATISTICS_INCONSISTENT`
 * below zero (figures removed that were never added).
 */
export function amountOfSum(cents: bigint): Amount {
  if (cents > maxAmountCents) {
    throw new KpxError('KPX_TOTAL_TOO_LARGE', {
      detail: `The sum ${centsToAmount(cents)} exceeds ${centsToAmount(maxAmountCents)}`,
    });
  }
  if (cents < 0n) {
    throw new KpxError('KPX_STATISTICS_INCONSISTENT', {
      detail: `The sum ${centsToAmount(cents)} is negative`,
    });
  }
  return centsToAmount(cents);
}
