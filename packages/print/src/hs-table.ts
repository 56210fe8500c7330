import type { Certificate } from '@kpx/domain';
import { labelLine } from './labels.js';
import { hsDescriptions } from './localized-names.js';
import { ensureSpace, type PageFrame } from './page-frame.js';
import type { Pdf } from './pdf-document.js';
import type { PrintLanguage } from './print-languages.js';
import { drawText, styles, textHeight, type TextStyle } from './text-style.js';

type Column = { width: number; align: 'left' | 'right' };
type TableCell = { lines: { text: string; style: TextStyle }[] };

const padding = 3.5;

function columns(width: number): Column[] {
  const hs = 62;
  const carats = 78;
  const value = 92;
  return [
    { width: hs, align: 'left' },
    { width: width - hs - carats - value, align: 'left' },
    { width: carats, align: 'right' },
    { width: value, align: 'right' },
  ];
}

function measure(doc: Pdf, cells: readonly TableCell[], cols: readonly Column[]): number {
  const heights = cells.map((cell, i) => {
    const inner = (cols[i]?.width ?? 0) - 2 * padding;
    return cell.lines.reduce((sum, l) => sum + textHeight(doc, l.text, l.style, inner), 0);
  });
  return Math.max(...heights) + 2 * padding;
}

function drawTableRow(
  frame: PageFrame,
  cells: readonly TableCell[],
  cols: readonly Column[],
  shade: boolean,
): void {
  const { doc } = frame;
  const height = measure(doc, cells, cols);
  let x = frame.x;
  if (shade) doc.rect(frame.x, frame.y, frame.width, height).fill('#eeeeee');
  cells.forEach((cell, i) => {
    const col = cols[i];
    if (col === undefined) return;
    doc.lineWidth(0.5).strokeColor('#777777').rect(x, frame.y, col.width, height).stroke();
    let y = frame.y + padding;
    for (const line of cell.lines) {
      y += drawText(doc, line.text, line.style, {
        x: x + padding,
        y,
        width: col.width - 2 * padding,
        align: col.align,
      });
    }
    x += col.width;
  });
  frame.y += height;
}

/**
 * Draws the HS lines of the certificate (KPCS Annex I: HS classification, carat weight and
 * value in US$ per line, with the HS descriptions) and their totals. Amounts are printed
 * exactly as signed: decimal strings with two places, never re-formatted through a float.
 * The header row repeats when the table continues on a new page.
 */
export function drawHsTable(
  frame: PageFrame,
  certificate: Certificate,
  languages: readonly PrintLanguage[],
): void {
  const { doc } = frame;
  const cols = columns(frame.width);
  const label = (text: string): TableCell => ({ lines: [{ text, style: styles.label }] });
  const header = [
    label(labelLine('hs', languages)),
    label(labelLine('description', languages)),
    label(labelLine('carats', languages)),
    label(labelLine('value', languages)),
  ];
  const amount = (text: string, style: TextStyle = styles.value): TableCell => ({
    lines: [{ text, style }],
  });
  const rows = certificate.items.map((item) => [
    amount(item.hs, styles.strong),
    {
      lines: hsDescriptions(item.hs, languages).map((text, i) => ({
        text,
        style: i === 0 ? styles.value : styles.translation,
      })),
    },
    amount(item.carats),
    amount(item.valueUsd),
  ]);
  const totals = [
    amount(''),
    amount(labelLine('total', languages), styles.strong),
    amount(certificate.totals.carats, styles.strong),
    amount(certificate.totals.valueUsd, styles.strong),
  ];
  const headerHeight = measure(doc, header, cols);
  let pageOfHeader = -1;
  for (const [i, row] of [...rows, totals].entries()) {
    ensureSpace(frame, headerHeight + measure(doc, row, cols));
    if (pageOfHeader !== frame.page) {
      drawTableRow(frame, header, cols, true);
      pageOfHeader = frame.page;
    }
    drawTableRow(frame, row, cols, i === rows.length);
  }
}
