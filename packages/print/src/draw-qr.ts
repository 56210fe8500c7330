import type { QrSymbol } from './qr-symbol.js';
import { qrQuietZoneModules } from './qr-symbol.js';

/** Points per millimetre (PDF user space: 72 points to the inch). */
export const pointsPerMm = 72 / 25.4;

/**
 * Where a QR symbol was drawn, in PDF points from the top-left corner of its page, and how big
 * it is. `width` is the symbol itself, without the quiet zone.
 */
export type QrPlacement = {
  /** Page index, from 0. */
  page: number;
  x: number;
  y: number;
  /** Width (and height) of the symbol in points; `widthMm` in millimetres. */
  width: number;
  widthMm: number;
  moduleSize: number;
  version: number;
  modules: number;
};

/** The drawing calls {@link drawQr} needs (a subset of a PDFKit document). */
export type QrCanvas = {
  save(): unknown;
  restore(): unknown;
  rect(x: number, y: number, w: number, h: number): unknown;
  fillColor(color: string): unknown;
  fill(rule?: 'non-zero' | 'even-odd'): unknown;
};

/**
 * Draws `symbol` as vector rectangles, `width` points wide, with its top-left module at (x, y).
 * The caller keeps {@link qrQuietZoneModules} modules around it clear. Each horizontal run of
 * dark modules is one rectangle, so a rasteriser leaves no seams between neighbours; all are
 * filled as one black path.
 */
export function drawQr(
  canvas: QrCanvas,
  symbol: QrSymbol,
  at: { page: number; x: number; y: number; width: number },
): QrPlacement {
  const moduleSize = at.width / symbol.size;
  canvas.save();
  canvas.fillColor('#ffffff');
  const quiet = qrQuietZoneModules * moduleSize;
  canvas.rect(at.x - quiet, at.y - quiet, at.width + 2 * quiet, at.width + 2 * quiet);
  canvas.fill();
  canvas.fillColor('#000000');
  for (let row = 0; row < symbol.size; row++) {
    let column = 0;
    while (column < symbol.size) {
      if (!symbol.dark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < symbol.size && symbol.dark(row, column)) column++;
      canvas.rect(
        at.x + start * moduleSize,
        at.y + row * moduleSize,
        (column - start) * moduleSize,
        moduleSize,
      );
    }
  }
  canvas.fill('non-zero');
  canvas.restore();
  return {
    page: at.page,
    x: at.x,
    y: at.y,
    width: at.width,
    widthMm: at.width / pointsPerMm,
    moduleSize,
    version: symbol.version,
    modules: symbol.size,
  };
}
