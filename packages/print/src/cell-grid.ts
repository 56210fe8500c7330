import type { Pdf } from './pdf-document.js';
import { drawText, styles, textHeight, type TextStyle } from './text-style.js';

/** One line of a cell's content. */
export type CellLine = { text: string; style: TextStyle };

/** A labelled box of the form: the label in every language, then its lines. */
export type Cell = { label: string; lines: CellLine[] };

const padding = 3.5;
const labelGap = 1.5;

/** Height of `cell` drawn `width` wide. */
export function cellHeight(doc: Pdf, cell: Cell, width: number): number {
  const inner = width - 2 * padding;
  let height = padding + textHeight(doc, cell.label, styles.label, inner) + labelGap;
  for (const line of cell.lines) height += textHeight(doc, line.text, line.style, inner);
  return height + padding;
}

/** Height of a row of `cells` sharing `width` equally. */
export function rowHeight(doc: Pdf, cells: readonly Cell[], width: number): number {
  const w = width / cells.length;
  return Math.max(...cells.map((c) => cellHeight(doc, c, w)));
}

/**
 * Draws `cells` side by side in boxes of one height across `width` from (x, y); returns the
 * row's height.
 */
export function drawRow(
  doc: Pdf,
  cells: readonly Cell[],
  at: { x: number; y: number; width: number },
): number {
  const w = at.width / cells.length;
  const height = rowHeight(doc, cells, at.width);
  cells.forEach((cell, i) => {
    const x = at.x + i * w;
    doc.lineWidth(0.5).strokeColor('#777777').rect(x, at.y, w, height).stroke();
    let y = at.y + padding;
    y += drawText(doc, cell.label, styles.label, { x: x + padding, y, width: w - 2 * padding });
    y += labelGap;
    for (const line of cell.lines) {
      y += drawText(doc, line.text, line.style, { x: x + padding, y, width: w - 2 * padding });
    }
  });
  return height;
}
