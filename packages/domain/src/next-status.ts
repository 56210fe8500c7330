import type { KpxCode } from './error-codes.js';

/** Status of a certificate, the same on both sides (issuer and importer). */
export type CertificateStatus =
  'issued' | 'delivered' | 'confirmed' | 'rejected' | 'cancelled' | 'expired' | 'superseded';

/** What can happen to a certificate. */
export type LifecycleEvent = 'deliver' | 'confirm' | 'reject' | 'cancel' | 'supersede' | 'expire';

/** All statuses, in lifecycle order. */
export const certificateStatuses = [
  'issued',
  'delivered',
  'confirmed',
  'rejected',
  'cancelled',
  'expired',
  'superseded',
] as const satisfies readonly CertificateStatus[];

/** All events. */
export const lifecycleEvents = [
  'deliver',
  'confirm',
  'reject',
  'cancel',
  'supersede',
  'expire',
] as const satisfies readonly LifecycleEvent[];

/** The outcome of {@link nextStatus}. */
export type Transition = { ok: true; status: CertificateStatus } | { ok: false; code: KpxCode };

const open: Readonly<Record<LifecycleEvent, CertificateStatus | undefined>> = {
  deliver: 'delivered',
  confirm: 'confirmed', // from issued too: paper delivery has no electronic delivery step
  reject: 'rejected',
  cancel: 'cancelled', // only the issuer, only before confirmation
  supersede: 'superseded', // amendment: a new certificate `replaces` this one
  expire: 'expired',
};

/**
 * The lifecycle state machine.
 *
 * - `issued` → deliver, confirm, reject, cancel, supersede, expire;
 * - `delivered` → the same but deliver;
 * - every other status is terminal. A `confirmed` certificate is consumed (single use, KPCS
 *   III(b)): confirming, delivering or rejecting it again is `KPX_ALREADY_CONSUMED` (a second
 *   presentation, to be recorded as reuse); anything else, and any event on another terminal
 *   status, is `KPX_STATUS_TRANSITION`.
 *
 * @example nextStatus('delivered', 'confirm') // { ok: true, status: 'confirmed' }
 */
export function nextStatus(status: CertificateStatus, event: LifecycleEvent): Transition {
  if (status === 'issued' || (status === 'delivered' && event !== 'deliver')) {
    const next = open[event];
    if (next) return { ok: true, status: next };
  }
  if (
    status === 'confirmed' &&
    (event === 'confirm' || event === 'deliver' || event === 'reject')
  ) {
    return { ok: false, code: 'KPX_ALREADY_CONSUMED' };
  }
  return { ok: false, code: 'KPX_STATUS_TRANSITION' };
}

/** True for statuses no event leaves: confirmed, rejected, cancelled, expired, superseded. */
export function isTerminal(status: CertificateStatus): boolean {
  return status !== 'issued' && status !== 'delivered';
}
