import { describe, expect, it } from 'vitest';
import {
  certificateStatuses,
  isTerminal,
  lifecycleEvents,
  nextStatus,
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
