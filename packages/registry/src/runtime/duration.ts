import { KpxError } from '@kpx/domain';

const units: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Reads a duration such as `24h`, `30m`, `7d`, `90s`, `1500ms` (or a bare number of
 * milliseconds) into milliseconds. Throws `KPX_USAGE` on anything else, and on zero.
 *
 * @example
 * ```ts
 * parseDuration('24h'); // 86400000
 * ```
 */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  const amount = match?.[1];
  if (match === null || amount === undefined) {
    throw new KpxError('KPX_USAGE', {
      detail: `not a duration: ${JSON.stringify(text)} (e.g. 24h, 30m, 7d)`,
    });
  }
  const ms = Number(amount) * (units[match[2] ?? 'ms'] ?? 1);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new KpxError('KPX_USAGE', { detail: `duration out of range: ${text}` });
  }
  return ms;
}
