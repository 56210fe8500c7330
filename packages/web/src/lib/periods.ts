/** The quarter id of a calendar date: `2026-07-01` → `2026-Q3`. */
export function quarterOfDate(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${String(Math.floor((month - 1) / 3) + 1)}`;
}

/** The last `count` quarters, newest first, ending with the quarter of `today`. */
export function recentQuarters(today: string, count: number): string[] {
  let year = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${String(year)}-Q${String(q)}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

/** Whether a date falls in a period id (`2026-Q3`, `2026-H1` or `2026`). */
export function inPeriod(date: string, period: string): boolean {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return q[1] === year && Math.floor((month - 1) / 3) + 1 === Number(q[2]);
  const h = /^(\d{4})-H([12])$/.exec(period);
  if (h) return h[1] === year && (month <= 6 ? 1 : 2) === Number(h[2]);
  return /^\d{4}$/.test(period) ? period === year : true;
}
