import { isCanonicalJsonText } from '../jws/compact-jws.js';
import { runJwsChecks, stringMember } from '../jws/verify-jws.js';
import type { SignatureVerifier } from '../keys/signer.js';
import type { KeyResolver } from '../keys/trusted-key.js';
import { CheckList, type VerifyOutcome } from '../verification/check.js';
import { instantMs, parseDateTime, type Instant } from '../verification/time.js';
import { envelopeSchema, envelopeTyp, type Envelope } from './envelope.js';

/** Default tolerated clock skew for `createdAt` in the future: 5 minutes. */
export const defaultMaxSkewMs = 5 * 60 * 1000;
/**
 * Default oldest acceptable `createdAt`: 400 days, longer than any certificate validity, so the
 * deduplication window covers every message that can still matter (ARCHITECTURE.md flow 3).
 */
export const defaultMaxAgeMs = 400 * 24 * 60 * 60 * 1000;

/** Options of {@link verifyEnvelope}. */
export type VerifyEnvelopeOptions = {
  keys: KeyResolver;
  verifier: SignatureVerifier;
  now: Instant;
  /** This node's authority id; when given, `to` must equal it. */
  expectedTo?: string;
  maxSkewMs?: number;
  maxAgeMs?: number;
};

/** The checks of {@link verifyEnvelope}, in order. */
export const envelopeCheckNames = [
  'format',
  'header',
  'key-known',
  'key-authority',
  'key-valid-at-signing',
  'key-not-revoked',
  'signature',
  'payload',
  'addressee',
  'freshness',
] as const;

/**
 * Verifies a `kpx-message+jwt`: signature by a key of the `from` authority valid at `createdAt`
 * and not revoked, payload shape, `to` = `expectedTo` (`KPX_MESSAGE_MISADDRESSED`), and
 * `createdAt` no further than `maxSkewMs` in the future (`KPX_MESSAGE_FROM_FUTURE`) nor older
 * than `maxAgeMs` (`KPX_MESSAGE_TOO_OLD`). Never throws on bad input.
 *
 * @throws TypeError only when `options.now` is not a date-time (a caller bug, not bad input).
 *
 * @example
 * ```ts
 * const outcome = await verifyEnvelope(jws, { keys, verifier, now: new Date(), expectedTo: 'EU-BE-ANTWERP' });
 * if (outcome.valid) handle(outcome.value.type, outcome.value.body);
 * ```
 */
export async function verifyEnvelope(
  jws: string,
  options: VerifyEnvelopeOptions,
): Promise<VerifyOutcome<Envelope>> {
  const now = instantMs(options.now); // throws on a bad clock value: a caller bug
  const list = new CheckList();
  const result = await runJwsChecks(list, jws, {
    typ: envelopeTyp,
    keys: options.keys,
    verifier: options.verifier,
    claimedAuthority: (payload) => stringMember(payload, 'from'),
    authorityLabel: 'sender (from)',
    signingTime: (payload) => parseDateTime(stringMember(payload, 'createdAt')),
    revocation: { mode: 'strict' },
    laterChecks: ['payload', 'addressee', 'freshness'],
  });
  if (!result.verified) return list.outcome<Envelope>(undefined, result.kid);

  const { payload, payloadText } = result.parsed;
  const parsed = envelopeSchema.safeParse(payload);
  if (!parsed.success || !isCanonicalJsonText(payloadText, payload)) {
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    const message =
      issue === undefined
        ? 'payload is not RFC 8785 canonical JSON'
        : `not an envelope at /${issue.path.map(String).join('/')}: ${issue.message}`;
    list.fail('payload', 'KPX_PAYLOAD_INVALID', message);
    list.skipAll(['addressee', 'freshness'], 'payload invalid');
    return list.outcome<Envelope>(undefined, result.kid);
  }
  const envelope = payload as Envelope;
  list.pass('payload', `${envelope.type} message ${envelope.id}`);

  if (options.expectedTo === undefined) {
    list.pass('addressee', `addressed to ${envelope.to} (no addressee expected)`);
  } else if (envelope.to !== options.expectedTo) {
    list.fail(
      'addressee',
      'KPX_MESSAGE_MISADDRESSED',
      `addressed to ${envelope.to}, this is ${options.expectedTo}`,
    );
  } else {
    list.pass('addressee', `addressed to ${envelope.to}`);
  }

  const created = parseDateTime(envelope.createdAt);
  const skew = options.maxSkewMs ?? defaultMaxSkewMs;
  const maxAge = options.maxAgeMs ?? defaultMaxAgeMs;
  if (created === undefined) {
    list.fail(
      'freshness',
      'KPX_PAYLOAD_INVALID',
      `createdAt ${envelope.createdAt} is not a date-time`,
    );
  } else if (created > now + skew) {
    list.fail(
      'freshness',
      'KPX_MESSAGE_FROM_FUTURE',
      `created ${envelope.createdAt}, more than ${skew} ms ahead of now`,
    );
  } else if (created < now - maxAge) {
    list.fail(
      'freshness',
      'KPX_MESSAGE_TOO_OLD',
      `created ${envelope.createdAt}, older than ${maxAge} ms`,
    );
  } else {
    list.pass('freshness', `created ${envelope.createdAt}`);
  }
  return list.outcome(envelope, result.kid);
}
