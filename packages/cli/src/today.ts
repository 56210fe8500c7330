/** Today's date in UTC as `YYYY-MM-DD` (the CLI is the edge where the clock is read). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
