/** A column of {@link toCsv}: a property name (also the header), or a property and a header. */
export type CsvColumn<T> = (keyof T & string) | { key: keyof T & string; header: string };

/** Options of {@link toCsv}. */
export type CsvOptions = {
  /**
   * Start with a UTF-8 byte-order mark, so spreadsheet programs read names in Cyrillic and
   * other non-Latin scripts correctly. Default `false`.
   */
  bom?: boolean;
};

/** A number as spreadsheets read it: sign, digits, decimals. Never a formula. */
const plainNumber = /^[+-]?[0-9]+(?:\.[0-9]+)?$/;
/** First characters that make a spreadsheet cell a formula (OWASP "CSV injection"). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180). Text is quoted when it holds a comma, quote or line break (quotes
 * written twice). Guard against formula injection: text that starts with `=`, `+`, `-`, `@`,
 * tab or CR gets a leading `'`, so a spreadsheet shows it as text instead of running it — unless
 * it is a plain decimal number (`-12.30`, a discrepancy), which no spreadsheet reads as a
 * formula and which must stay a number. Numbers and bigints are written in full, booleans as
 * `true`/`false`, `null` and `undefined` as an empty cell, anything else as JSON.
 */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    text = String(value);
  else text = JSON.stringify(value) ?? '';
  if (formulaStart.test(text) && !plainNumber.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes rows as CSV (RFC 4180): a header line, then one line per row, the columns in the
 * given order, every line ended by CRLF. Cells as {@link csvCell}: amounts (`"1520.35"`) stay
 * plain numbers; text that could run as a spreadsheet formula is neutralised with a leading
 * `'` — which is why output is for people and spreadsheets, and reading it back gives that `'`
 * too.
 *
 * @example toCsv([{ hs: '7102.31', carats: '1.50' }], ['hs', 'carats']) // 'hs,carats\r\n7102.31,1.50\r\n'
 */
export function toCsv<T extends object>(
  rows: readonly T[],
  columns: readonly CsvColumn<T>[],
  options: CsvOptions = {},
): string {
  const keys = columns.map((c) => (typeof c === 'string' ? c : c.key));
  const headers = columns.map((c) => (typeof c === 'string' ? c : c.header));
  // A lone empty cell is written "" so the line does not read back as a blank line.
  const line = (cells: string[]) =>
    cells.length === 1 && cells[0] === '' ? '""' : cells.join(',');
  const lines = [line(headers.map(csvCell))];
  for (const row of rows) lines.push(line(keys.map((k) => csvCell(row[k]))));
  return (options.bom ? '\uFEFF' : '') + lines.map((l) => `${l}\r\n`).join('');
}
