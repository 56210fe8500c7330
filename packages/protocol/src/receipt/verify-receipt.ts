import { isCanonicalJsonText } from '../jws/compact-jws.js';
import { runJwsChecks, stringMember } from '../jws/verify-jws.js';
import type { SignatureVerifier } from '../keys/signer.js';
import type { KeyResolver } from '../keys/trusted-key.js';
import { CheckList, type VerifyOutcome } from '../verification/check.js';
import { parseDateTime } from '../verification/time.js';
import { receiptSchema, receiptTyp, type Receipt } from './receipt.js';

/** Options of {@link verifyReceipt}. */
export type VerifyReceiptOptions = {
  keys: KeyResolver;
  verifier: SignatureVerifier;
  /** The digest of the envelope that was sent; when given, the receipt must name it. */
  expectedDigest?: string;
  /** The authority the envelope was sent to; when given, the receipt's key must be one of its. */
  expectedAuthority?: string;
};

/** The checks of {@link verifyReceipt}, in order. */
export const receiptCheckNames = [
  'format',
  'header',
  'key-known',
  'key-authority',
  'key-valid-at-signing',
  'key-not-revoked',
  'signature',
  'payload',
  'digest',
] as const;

/**
 * Verifies a `kpx-receipt+jwt`: a known key valid at `receivedAt` and not revoked, (with
 * `expectedAuthority`) belonging to the addressee, a good signature, the payload shape, and
 * (with `expectedDigest`) the digest of what was sent (`KPX_DIGEST_MISMATCH`).
 *
 * @example
 * ```ts
 * const outcome = await verifyReceipt(receiptJws, { keys, verifier, expectedDigest: await envelopeDigest(sent),
 *   expectedAuthority: 'EU-BE-ANTWERP' });
 * ```
 */
export async function verifyReceipt(
  jws: string,
  options: VerifyReceiptOptions,
): Promise<VerifyOutcome<Receipt>> {
  const list = new CheckList();
  const result = await runJwsChecks(list, jws, {
    typ: receiptTyp,
    keys: options.keys,
    verifier: options.verifier,
    // A receipt names no authority of its own: the one it must come from is the addressee.
    claimedAuthority: () => options.expectedAuthority ?? null,
    authorityLabel: 'addressee',
    signingTime: (payload) => parseDateTime(stringMember(payload, 'receivedAt')),
    revocation: { mode: 'strict' },
    laterChecks: ['payload', 'digest'],
  });
  if (!result.verified) return list.outcome<Receipt>(undefined, result.kid);

  const { payload, payloadText } = result.parsed;
  const parsed = receiptSchema.safeParse(payload);
  if (!parsed.success || !isCanonicalJsonText(payloadText, payload)) {
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    const message =
      issue === undefined
        ? 'payload is not RFC 8785 canonical JSON'
        : `not a receipt at /${issue.path.map(String).join('/')}: ${issue.message}`;
    list.fail('payload', 'KPX_PAYLOAD_INVALID', message);
    list.skip('digest', 'payload invalid');
    return list.outcome<Receipt>(undefined, result.kid);
  }
  const receipt = payload as Receipt;
  list.pass('payload', `${receipt.result} receipt for message ${receipt.messageId}`);

  if (options.expectedDigest === undefined) {
    list.pass('digest', `digest ${receipt.digest} (no digest expected)`);
  } else if (receipt.digest !== options.expectedDigest) {
    list.fail(
      'digest',
      'KPX_DIGEST_MISMATCH',
      `receipt is for ${receipt.digest}, the envelope sent has ${options.expectedDigest}`,
    );
  } else {
    list.pass('digest', 'receipt names the digest of the envelope sent');
  }
  return list.outcome(receipt, result.kid);
}
