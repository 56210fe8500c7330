import { qrVersionForAlphanumeric } from '@kpx/protocol';
import { describe, expect, it } from 'vitest';
import { drawQr, pointsPerMm, type QrCanvas } from './draw-qr.js';
import { qrSymbol } from './qr-symbol.js';

/** A canvas that records the rectangles of each fill. */
function recorder() {
  const fills: { color: string; rects: number[][] }[] = [];
  let color = '';
  let rects: number[][] = [];
  const canvas: QrCanvas = {
    save: () => undefined,
    restore: () => undefined,
    fillColor: (c) => (color = c),
    rect: (...r) => rects.push(r),
    fill: () => {
      fills.push({ color, rects });
      rects = [];
    },
  };
  return { canvas, fills };
}

describe('qrSymbol', () => {
  it.each([20, 21, 745, 816, 817, 1451])(
    'picks the version the protocol predicts for %i alphanumeric characters at level M',
    (length) => {
      const symbol = qrSymbol(`KP1:${'A'.repeat(length - 4)}`);
      expect(symbol.version).toBe(qrVersionForAlphanumeric(length));
      expect(symbol.size).toBe(17 + 4 * symbol.version);
    },
  );

  it('refuses text outside the alphanumeric set, and text too long for version 40', () => {
    expect(() => qrSymbol('kp1:lower')).toThrow(TypeError);
    expect(() => qrSymbol('A'.repeat(4297))).toThrow('does not fit');
  });
});

describe('drawQr', () => {
  it('draws dark modules as horizontal runs on a white quiet zone, at the width asked', () => {
    const symbol = qrSymbol('KP1:HELLO');
    const { canvas, fills } = recorder();
    const width = 60 * pointsPerMm;
    const placement = drawQr(canvas, symbol, { page: 0, x: 100, y: 50, width });
    expect(placement).toMatchObject({ page: 0, x: 100, y: 50, version: 1, modules: 21 });
    expect(placement.widthMm).toBeCloseTo(60, 9);
    const [quiet, dark] = fills;
    const m = width / 21;
    expect(quiet).toStrictEqual({
      color: '#ffffff',
      rects: [[100 - 4 * m, 50 - 4 * m, width + 8 * m, width + 8 * m]],
    });
    expect(dark?.color).toBe('#000000');
    // Every dark module is covered exactly once, and nothing else.
    const covered = new Set<string>();
    for (const [x = 0, y = 0, w = 0] of dark?.rects ?? []) {
      const row = Math.round((y - 50) / m);
      const first = Math.round((x - 100) / m);
      for (let c = first; c < first + Math.round(w / m); c++) covered.add(`${row},${c}`);
    }
    const expected = new Set<string>();
    for (let r = 0; r < 21; r++)
      for (let c = 0; c < 21; c++) if (symbol.dark(r, c)) expected.add(`${r},${c}`);
    expect(covered).toStrictEqual(expected);
  });
});
