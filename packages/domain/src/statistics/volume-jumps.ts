import { amountToCents, centsToAmount, isAmount, type Amount } from '../amount.js';
import { KpxError } from '../kpx-error.js';
import type { Anomaly } from './anomaly.js';
import { parseFactor, type Factor } from './factor.js';
import { periodOf, previousPeriod, quarterOf } from './period.js';
import { tradeFactsOf, type CertificateState, type TradeFlow } from './trade-fact.js';

/** Carats of one flow with one partner in one quarter: totals known from earlier. */
export type PeriodVolume = { period: string; flow: TradeFlow; partner: string; carats: Amount };

/** When a change of volume is a jump: by more than `factor` either way, at `minimumCarats` or more. */
export type VolumeJumpOptions = { factor?: string; minimumCarats?: Amount };

/** Defaults of {@link VolumeJumpOptions}: ×3 or ÷3, from 1000 carats. */
export const defaultVolumeJump = Object.freeze({ factor: '3', minimumCarats: '1000.00' });

/** Input of {@link detectVolumeJumps}. */
export type VolumeJumpInput = {
  certificates: readonly CertificateState[];
  today: string;
  previousPeriodTotals?: readonly PeriodVolume[] | undefined;
  volumeJump?: VolumeJumpOptions | undefined;
};

/**
 * Carats of one flow with one partner that changed from one quarter to the next by more than
 * the factor either way (default ×3 / ÷3, a rise from nothing included), where the larger of
 * the two is at least the minimum; severity low. Volumes are the trade facts of
 * `certificates`, and `previousPeriodTotals` where given (they win over the certificates for
 * their quarter, flow and partner: pass the totals of quarters whose certificates are left
 * out). A quarter is compared only when it and the quarter before have figures for that flow;
 * a fall is not reported for the quarter of `today` or later, which are not complete.
 *
 * @throws KpxError `KPX_CONFIG_INVALID` for a jump option out of shape or a factor below 1;
 * `KPX_PERIOD_INVALID` for a previous total not given per quarter.
 */
export function detectVolumeJumps(input: VolumeJumpInput): Anomaly[] {
  const factor = parseFactor(
    input.volumeJump?.factor ?? defaultVolumeJump.factor,
    'volumeJump.factor',
  );
  if (factor.numerator < factor.denominator) {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: 'volumeJump.factor must be at least 1' });
  }
  const minimumText = input.volumeJump?.minimumCarats ?? defaultVolumeJump.minimumCarats;
  if (!isAmount(minimumText)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: 'volumeJump.minimumCarats must be an amount like "1000.00"',
    });
  }
  const minimum = amountToCents(minimumText);

  const key = (period: string, flow: TradeFlow, partner: string) =>
    JSON.stringify([period, flow, partner]);
  const volumes = new Map<
    string,
    { period: string; flow: TradeFlow; partner: string; carats: bigint }
  >();
  const explicit = new Set<string>();
  for (const v of input.previousPeriodTotals ?? []) {
    if (periodOf(v.period).kind !== 'quarter') {
      throw new KpxError('KPX_PERIOD_INVALID', {
        detail: `previousPeriodTotals are per quarter; got ${v.period}`,
      });
    }
    const k = key(v.period, v.flow, v.partner);
    explicit.add(k);
    const prev = volumes.get(k)?.carats ?? 0n;
    volumes.set(k, {
      period: v.period,
      flow: v.flow,
      partner: v.partner,
      carats: prev + amountToCents(v.carats),
    });
  }
  for (const state of input.certificates) {
    for (const fact of tradeFactsOf(state)) {
      const period = quarterOf(fact.date);
      const k = key(period, fact.flow, fact.partner);
      if (explicit.has(k)) continue;
      const carats = fact.lines.reduce((s, l) => s + amountToCents(l.carats), 0n);
      const prev = volumes.get(k)?.carats ?? 0n;
      volumes.set(k, { period, flow: fact.flow, partner: fact.partner, carats: prev + carats });
    }
  }
  const covered = new Set([...volumes.values()].map((v) => JSON.stringify([v.period, v.flow])));
  const currentQuarter = quarterOf(input.today);

  // Every (quarter, flow, partner) with figures, and the quarter after each (for falls to zero).
  const pairs = new Map<string, { period: string; flow: TradeFlow; partner: string }>();
  for (const v of volumes.values()) {
    pairs.set(key(v.period, v.flow, v.partner), v);
    const next = nextQuarter(v.period);
    if (next !== undefined) pairs.set(key(next, v.flow, v.partner), { ...v, period: next });
  }
  const out: Anomaly[] = [];
  for (const { period, flow, partner } of pairs.values()) {
    if (period.startsWith('0000-Q1')) continue; // no quarter before it
    const before = previousPeriod(periodOf(period)).id;
    if (
      !covered.has(JSON.stringify([before, flow])) ||
      !covered.has(JSON.stringify([period, flow]))
    )
      continue;
    const now = volumes.get(key(period, flow, partner))?.carats ?? 0n;
    const then = volumes.get(key(before, flow, partner))?.carats ?? 0n;
    if ((now > then ? now : then) < minimum) continue;
    const rose = now * factor.denominator > then * factor.numerator;
    const fell = now * factor.numerator < then * factor.denominator && period < currentQuarter;
    if (!rose && !fell) continue;
    const what = flow === 'export' ? `Exports to ${partner}` : `Imports from ${partner}`;
    out.push({
      kind: 'volume-jump',
      partner,
      period,
      detail: `${what} ${rose ? 'rose' : 'fell'} from ${centsToAmount(then)} ct in ${before} to ${centsToAmount(now)} ct in ${period}, ${rose ? 'more than ×' : 'below ÷'}${factorText(factor)}.`,
      severity: 'low',
    });
  }
  return out;
}

function nextQuarter(period: string): string | undefined {
  const year = Number(period.slice(0, 4));
  const q = Number(period.slice(6));
  if (q < 4) return `${period.slice(0, 4)}-Q${q + 1}`;
  return year >= 9999 ? undefined : `${String(year + 1).padStart(4, '0')}-Q1`;
}

function factorText(f: Factor): string {
  const whole = f.numerator / f.denominator;
  const rest = f.numerator % f.denominator;
  if (rest === 0n) return String(whole);
  const places = String(f.denominator).length - 1;
  return `${whole}.${String(rest).padStart(places, '0').replace(/0+$/, '')}`;
}
