import { signCompactJws } from '../jws/compact-jws.js';
import type { Signer } from '../keys/signer.js';
import { receiptSchema, receiptTyp, type Receipt } from './receipt.js';

/**
 * Signs a receipt as a `kpx-receipt+jwt` compact JWS. Throws a `TypeError` on a malformed
 * receipt (a caller bug).
 *
 * @example
 * ```ts
 * const receipt = await signReceipt({ messageId: envelope.id, digest: await envelopeDigest(jws),
 *   receivedAt: '2026-03-02T09:00:01.250Z', result: 'accepted' }, signer);
 * ```
 */
export async function signReceipt(receipt: Receipt, signer: Signer): Promise<string> {
  const checked = receiptSchema.safeParse(receipt);
  if (!checked.success)
    throw new TypeError(`invalid receipt: ${checked.error.issues[0]?.message ?? ''}`);
  return signCompactJws({ typ: receiptTyp }, receipt, signer);
}
