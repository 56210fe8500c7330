import { fontNames } from './fonts.js';
import type { Pdf } from './pdf-document.js';

/** A text style of the printed forms. */
export type TextStyle = { font: string; size: number; color: string };

/** The styles of the printed forms (sizes in points). */
export const styles = {
  title: { font: fontNames.bold, size: 17, color: '#000000' },
  titleTranslation: { font: fontNames.regular, size: 11, color: '#222222' },
  number: { font: fontNames.bold, size: 26, color: '#000000' },
  statement: { font: fontNames.regular, size: 8.5, color: '#000000' },
  statementTranslation: { font: fontNames.regular, size: 7.5, color: '#333333' },
  label: { font: fontNames.regular, size: 6.5, color: '#555555' },
  strong: { font: fontNames.bold, size: 9.5, color: '#000000' },
  value: { font: fontNames.regular, size: 9, color: '#000000' },
  translation: { font: fontNames.regular, size: 7.5, color: '#333333' },
  small: { font: fontNames.regular, size: 7, color: '#000000' },
  footer: { font: fontNames.regular, size: 7, color: '#555555' },
} as const satisfies Record<string, TextStyle>;

// PDFKit writes a ToUnicode map for every glyph (ligatures map back to their letters), so the
// printed text can be copied, searched and read aloud; the tests extract it with pdftotext.
const textOptions = { lineGap: 1 };

/** Height of `text` in `style`, wrapped to `width`. */
export function textHeight(doc: Pdf, text: string, style: TextStyle, width: number): number {
  doc.font(style.font).fontSize(style.size);
  return doc.heightOfString(text, { ...textOptions, width });
}

/** Draws `text` in `style` wrapped to `width` at (x, y); returns its height. */
export function drawText(
  doc: Pdf,
  text: string,
  style: TextStyle,
  at: { x: number; y: number; width: number; align?: 'left' | 'right' | 'center' },
): number {
  const height = textHeight(doc, text, style, at.width);
  doc.fillColor(style.color);
  doc.text(text, at.x, at.y, { ...textOptions, width: at.width, align: at.align ?? 'left' });
  return height;
}

/**
 * The largest size, at most `style.size` and at least `minSize`, at which `text` fits on one
 * line of `width`: the certificate number is printed large, and must never wrap.
 */
export function fitOneLine(
  doc: Pdf,
  text: string,
  style: TextStyle,
  width: number,
  minSize = 8,
): TextStyle {
  doc.font(style.font).fontSize(style.size);
  const natural = doc.widthOfString(text, textOptions);
  if (natural <= width) return style;
  return {
    ...style,
    size: Math.max(minSize, Math.floor((style.size * width * 10) / natural) / 10),
  };
}
