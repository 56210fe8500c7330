// Exact sums of two-place decimal strings (bigint hundredths), for grouping statistics rows in
// the browser without pulling the domain package into the statistics chunk.

const shape = /^(-?)(\d+)\.(\d{2})$/;

export function toCents(amount: string): bigint {
  const m = shape.exec(amount);
  if (!m) throw new RangeError(`not an amount: ${amount}`);
  const cents = BigInt(m[2] ?? '0') * 100n + BigInt(m[3] ?? '0');
  return m[1] === '-' ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${fraction}`;
}

export function addAmounts(a: string, b: string): string {
  return fromCents(toCents(a) + toCents(b));
}

export function subtractAmount(a: string, b: string): string {
  return fromCents(toCents(a) - toCents(b));
}

/** For chart geometry only (bar heights); never for a figure that is displayed. */
export function plotValue(amount: string): number {
  return Number(toCents(amount)) / 100;
}
