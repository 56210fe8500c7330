import { labelLine } from './labels.js';
import type { Pdf } from './pdf-document.js';
import type { PrintLanguage } from './print-languages.js';
import { drawText, styles } from './text-style.js';

/**
 * Writes on every buffered page the certificate number and `Page n / N`, so that a loose page
 * is traced to its certificate.
 */
export function drawFooters(
  doc: Pdf,
  number: string,
  languages: readonly PrintLanguage[],
  at: { x: number; y: number; width: number },
): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const page = `${labelLine('page', languages)} ${i + 1} / ${range.count}`;
    const title = `${labelLine('title', languages.slice(0, 1))} ${number}`;
    drawText(doc, title, styles.footer, { x: at.x, y: at.y, width: at.width / 2 });
    drawText(doc, page, styles.footer, {
      x: at.x + at.width / 2,
      y: at.y,
      width: at.width / 2,
      align: 'right',
    });
  }
}
