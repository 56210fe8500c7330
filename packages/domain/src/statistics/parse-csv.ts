/**
 * One record of a CSV text. `row` is its number counting from 1, blank lines included (the
 * row number a spreadsheet shows); `line` the physical line it starts on (they differ after a
 * quoted field with a line break). `error` is set when the record is malformed; `fields` then
 * holds what was read before the fault.
 */
export type CsvRecord = {
  row: number;
  line: number;
  fields: string[];
  error?: { column: number; message: string };
};

/**
 * Reads CSV text (RFC 4180): fields separated by commas, records by CRLF (LF and a lone CR are
 * taken too); a field in double quotes may hold commas, line breaks and quotes written twice
 * (`""`). A leading UTF-8 byte-order mark is skipped; blank lines give no record (but count as
 * rows); a final line break ends the last record. A quote inside an unquoted field, text after
 * a closing quote, or a quote never closed marks that record with an `error` (1-based column)
 * and reading goes on at the next line. Never throws.
 *
 * @example parseCsv('a,"b ""c"""\r\n') // [{ row: 1, line: 1, fields: ['a', 'b "c"'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  let row = 0;
  let line = 1;
  while (i < n) {
    row += 1;
    const record: CsvRecord = { row, line, fields: [] };
    const start = i;
    let field = '';
    for (;;) {
      const column = record.fields.length + 1;
      if (text[i] === '"') {
        // Quoted field: runs to the next quote not written twice.
        const startLine = line;
        i += 1;
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1;
          field += c;
          i += 1;
        }
        if (!closed) {
          record.fields.push(field);
          record.error = {
            column,
            message: `Column ${column}: the quote opened on line ${startLine} is never closed.`,
          };
          break;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          record.fields.push(field);
          record.error = {
            column,
            message: `Column ${column}: text after the closing quote; write a quote inside a quoted field as "".`,
          };
          i = skipLine(text, i);
          break;
        }
      } else {
        const from = i;
        while (i < n) {
          const c = text[i]!;
          if (c === ',' || c === '\r' || c === '\n' || c === '"') break;
          i += 1;
        }
        field = text.slice(from, i);
        if (text[i] === '"') {
          record.fields.push(field);
          record.error = {
            column,
            message: `Column ${column}: a quote inside an unquoted field; put the whole field in quotes and write the quote as "".`,
          };
          i = skipLine(text, i);
          break;
        }
      }
      record.fields.push(field);
      field = '';
      if (text[i] !== ',') break;
      i += 1;
    }
    // A line with nothing on it is no record (RFC 4180 has none; spreadsheets leave them).
    if (i !== start || record.error) records.push(record);
    // At a line break or the end: step over the break.
    if (text[i] === '\r') i += text[i + 1] === '\n' ? 2 : 1;
    else if (text[i] === '\n') i += 1;
    line += 1;
  }
  return records;
}

/** Index of the next line break (or the end), where reading resumes. */
function skipLine(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\r' && text[i] !== '\n') i += 1;
  return i;
}
