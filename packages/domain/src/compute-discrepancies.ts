import { subtractAmounts } from './amount.js';
import type { Certificate } from './certificate-schema.js';
import type { Confirmation } from './confirmation-input-schema.js';
import { hsCodeValues, type HsCode } from './hs-codes.js';

/** Which figure differs: a total, or one HS line's carats or value. */
export type DiscrepancyField =
  'parcels' | 'carats' | 'valueUsd' | `items/${HsCode}/carats` | `items/${HsCode}/valueUsd`;

/**
 * A difference between the certificate and what arrived. `expected` is the certificate's figure,
 * `actual` the confirmed one, `difference` = actual − expected (`"-12.30"`, `"-1"`); amounts
 * keep two places, parcels are whole numbers.
 */
export type Discrepancy = {
  field: DiscrepancyField;
  expected: string;
  actual: string;
  difference: string;
};

/**
 * Compares a confirmation with its certificate (KPCS III(b); the KP's plausibility checks):
 * parcels, total carats and value, and — when the confirmation gives lines — each HS line's
 * carats and value (an HS on one side only counts as `0.00` on the other). Only differences are
 * returned, in that order; an empty list means everything matched.
 */
export function computeDiscrepancies(
  certificate: Certificate,
  confirmation: Confirmation,
): Discrepancy[] {
  const out: Discrepancy[] = [];
  if (certificate.parcels !== confirmation.parcels) {
    out.push({
      field: 'parcels',
      expected: String(certificate.parcels),
      actual: String(confirmation.parcels),
      difference: String(confirmation.parcels - certificate.parcels),
    });
  }
  const amount = (field: DiscrepancyField, expected: string, actual: string) => {
    const difference = subtractAmounts(actual, expected);
    if (difference !== '0.00') out.push({ field, expected, actual, difference });
  };
  amount('carats', certificate.totals.carats, confirmation.carats);
  amount('valueUsd', certificate.totals.valueUsd, confirmation.valueUsd);
  if (confirmation.items) {
    for (const hs of hsCodeValues) {
      const expected = certificate.items.find((i) => i.hs === hs);
      const actual = confirmation.items.find((i) => i.hs === hs);
      if (!expected && !actual) continue;
      amount(`items/${hs}/carats`, expected?.carats ?? '0.00', actual?.carats ?? '0.00');
      amount(`items/${hs}/valueUsd`, expected?.valueUsd ?? '0.00', actual?.valueUsd ?? '0.00');
    }
  }
  return out;
}
