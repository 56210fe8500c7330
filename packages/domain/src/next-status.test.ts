import { describe, expect, it } from 'vitest';
import {
  certificateStatuses,
  isTerminal,
  lifecycleEvents,
  nextStatus,
  receivedBeforeExpiry,
  type CertificateStatus,
  type LifecycleEvent,
} from './next-status.js';

/** The whole table: status → event → next status or error code. */
const table: Record<CertificateStatus, Record<LifecycleEvent, string>> = {
  issued: {
    deliver: 'delivered',
    confirm: 'confirmed',
    reject: 'rejected',
    cancel: 'cancelled',
    supersede: 'superseded',
    expire: 'expired',
  },
  delivered: {
    deliver: 'KPX_STATUS_TRANSITION',
    confirm: 'confirmed',
    reject: 'rejected',
    cancel: 'cancelled',
    supersede: 'superseded',
    expire: 'expired',
  },
  confirmed: {
    deliver: 'KPX_ALREADY_CONSUMED',
    confirm: 'KPX_ALREADY_CONSUMED',
    reject: 'KPX_ALREADY_CONSUMED',
    cancel: 'KPX_STATUS_TRANSITION',
    supersede: 'KPX_STATUS_TRANSITION',
    expire: 'KPX_STATUS_TRANSITION',
  },
  rejected: allRefused(),
  cancelled: allRefused(),
  expired: allRefused(),
  superseded: allRefused(),
};

function allRefused(): Record<LifecycleEvent, string> {
  return Object.fromEntries(lifecycleEvents.map((e) => [e, 'KPX_STATUS_TRANSITION'])) as Record<
    LifecycleEvent,
    string
  >;
}

describe('lifecycle', () => {
  const cases = certificateStatuses.flatMap((s) =>
    lifecycleEvents.map((e) => [s, e, table[s][e]] as const),
  );

  it('covers every status and event', () => {
    expect(cases).toHaveLength(7 * 6);
  });

  it.each(cases)('%s + %s → %s', (status, event, expected) => {
    const result = nextStatus(status, event);
    if (expected.startsWith('KPX_')) expect(result).toEqual({ ok: false, code: expected });
    else expect(result).toEqual({ ok: true, status: expected });
  });

  it('knows the terminal statuses, which no event leaves', () => {
    for (const status of certificateStatuses) {
      const leaves = lifecycleEvents.some((e) => nextStatus(status, e).ok);
      expect(isTerminal(status)).toBe(!leaves);
    }
    expect(certificateStatuses.filter(isTerminal)).toEqual([
      'confirmed',
      'rejected',
      'cancelled',
      'expired',
      'superseded',
    ]);
  });

  it('only moves into statuses it knows', () => {
    for (const [status, event] of cases) {
      const r = nextStatus(status, event);
      if (r.ok) expect(certificateStatuses).toContain(r.status);
    }
  });
});

describe('late confirmation (D16)', () => {
  const expiresOn = '2026-09-29';

  it('confirms an expired certificate when the shipment arrived on or before the expiry date', () => {
    for (const receivedOn of ['2026-07-01', '2026-09-28', expiresOn]) {
      expect(nextStatus('expired', 'confirm', { receivedOn, expiresOn })).toEqual({
        ok: true,
        status: 'confirmed',
      });
      expect(receivedBeforeExpiry({ receivedOn, expiresOn })).toBe(true);
    }
  });

  it('refuses it with KPX_CERTIFICATE_EXPIRED when the shipment arrived after expiry', () => {
    for (const receivedOn of ['2026-09-30', '2027-01-01']) {
      expect(nextStatus('expired', 'confirm', { receivedOn, expiresOn })).toEqual({
        ok: false,
        code: 'KPX_CERTIFICATE_EXPIRED',
      });
      expect(receivedBeforeExpiry({ receivedOn, expiresOn })).toBe(false);
    }
  });

  it('changes nothing else: the dates matter only for expired + confirm', () => {
    const context = { receivedOn: '2026-07-01', expiresOn };
    for (const status of certificateStatuses) {
      for (const event of lifecycleEvents) {
        if (status === 'expired' && event === 'confirm') continue;
        expect(nextStatus(status, event, context)).toEqual(nextStatus(status, event));
      }
    }
    expect(nextStatus('expired', 'reject', context)).toEqual({
      ok: false,
      code: 'KPX_STATUS_TRANSITION',
    });
  });
});
