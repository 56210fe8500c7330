import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32Encode } from './base32.js';

/** TOTP parameters (RFC 6238 §4): kpx uses HMAC-SHA-1, 30-second steps, 6 digits. */
export type TotpOptions = {
  /** Seconds per step (RFC 6238 X). Default 30. */
  stepSeconds?: number;
  /** Code length. Default 6. */
  digits?: number;
  /** Unix time the steps count from (RFC 6238 T0). Default 0. */
  t0?: number;
};

const defaults = { stepSeconds: 30, digits: 6, t0: 0 };

/** RFC 4226 §5.3 HOTP: HMAC-SHA-1 of the 8-byte big-endian counter, dynamically truncated. */
export function hotp(secret: Uint8Array, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: the time step of `timeMs`. */
export function totpStep(timeMs: number, options: TotpOptions = {}): number {
  const { stepSeconds, t0 } = { ...defaults, ...options };
  return Math.floor((Math.floor(timeMs / 1000) - t0) / stepSeconds);
}

/** The TOTP code at `timeMs` (RFC 6238 §4.2). */
export function totp(secret: Uint8Array, timeMs: number, options: TotpOptions = {}): string {
  return hotp(secret, totpStep(timeMs, options), options.digits ?? defaults.digits);
}

/**
 * Checks a code against the steps around `timeMs` (±`window` steps, RFC 6238 §5.2 allows one
 * step of network delay and clock drift) and returns the step it matched, or `undefined`. A
 * step at or before `lastStep` never matches, so a code is accepted once (§5.2: "the verifier
 * MUST NOT accept the second attempt of the same OTP").
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  timeMs: number,
  options: TotpOptions & { window?: number; lastStep?: number | null } = {},
): number | undefined {
  const digits = options.digits ?? defaults.digits;
  if (!new RegExp(`^[0-9]{${digits}}$`).test(code)) return undefined;
  const current = totpStep(timeMs, options);
  const window = options.window ?? 1;
  let matched: number | undefined;
  // Every candidate is computed and compared in constant time: no early exit by step.
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const expected = hotp(secret, step, digits);
    const same = timingSafeEqual(Buffer.from(expected), Buffer.from(code));
    if (same && matched === undefined && (options.lastStep == null || step > options.lastStep))
      matched = step;
  }
  return matched;
}

/**
 * The `otpauth://totp/…` URI authenticator apps read from a QR code (Google Authenticator Key
 * Uri Format): issuer and account in the label, the base32 secret, SHA1, 6 digits, 30 s.
 */
export function otpauthUri(secret: Uint8Array, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
