import { createHmac } from 'node:crypto';

/** The header a receiver checks: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const signatureHeader = 'kpx-signature';

/**
 * Signs a webhook body: HMAC-SHA256 with the webhook's secret over `<t>.<body>`, where `t` is
 * the time of this attempt in Unix seconds. The time is inside the MAC so a receiver can refuse
 * an old request replayed (compare `t` to its clock, e.g. ±5 minutes), and the exact bytes of
 * the body are what is covered (the receiver computes the MAC over the raw body, before parsing).
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'base64url'))
    .update(`${unixSeconds}.${body}`, 'utf8')
    .digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
