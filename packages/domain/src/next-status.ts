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

/**
 * What a `confirm` event knows about the shipment: the date of receipt stated in the
 * confirmation and the certificate's date of expiry (both `YYYY-MM-DD`). Only a confirmation
 * of an `expired` certificate needs it (see {@link nextStatus}).
 */
export type ConfirmContext = { receivedOn: string; expiresOn: string };

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
 * - One exception, late confirmation (docs/decisions.md D16): `expired` + `confirm` with a
 *   {@link ConfirmContext} → `confirmed` when the shipment was received on or before the date of
 *   expiry (the officer recorded it late), else `KPX_CERTIFICATE_EXPIRED`. Without the context
 *   it stays `KPX_STATUS_TRANSITION`: the state machine alone does not know dates.
 *
 * @example nextStatus('delivered', 'confirm') // { ok: true, status: 'confirmed' }
 * @example nextStatus('expired', 'confirm', { receivedOn: '2026-09-28', expiresOn: '2026-09-29' })
 * // { ok: true, status: 'confirmed' }
 */
export function nextStatus(
  status: CertificateStatus,
  event: LifecycleEvent,
  context?: ConfirmContext,
): Transition {
  if (status === 'issued' || (status === 'delivered' && event !== 'deliver')) {
    const next = open[event];
    if (next) return { ok: true, status: next };
  }
  if (status === 'expired' && event === 'confirm' && context !== undefined) {
    return receivedBeforeExpiry(context)
      ? { ok: true, status: 'confirmed' }
      : { ok: false, code: 'KPX_CERTIFICATE_EXPIRED' };
  }
  if (
    status === 'confirmed' &&
    (event === 'confirm' || event === 'deliver' || event === 'reject')
  ) {
    return { ok: false, code: 'KPX_ALREADY_CONSUMED' };
  }
  return { ok: false, code: 'KPX_STATUS_TRANSITION' };
}

/**
 * True when a shipment received on `receivedOn` is covered by a certificate expiring on
 * `expiresOn` (the certificate is valid through its date of expiry), so its confirmation may
 * still be recorded after the certificate was marked `expired` (docs/decisions.md D16).
 */
export function receivedBeforeExpiry(context: ConfirmContext): boolean {
  return context.receivedOn <= context.expiresOn;
}

/**
 * True for statuses no event leaves: confirmed, rejected, cancelled, expired, superseded
 * (an `expired` certificate is left only by a late confirmation, given its dates: see
 * {@link nextStatus}).
 */
export function isTerminal(status: CertificateStatus): boolean {
  return status !== 'issued' && status !== 'delivered';
}
