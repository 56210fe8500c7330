import { create } from 'qrcode';

/** Error-correction level of every kpx QR code: M, about 15 % of the symbol recoverable. */
export const qrErrorCorrection = 'M';

/** Width of the quiet zone around a QR symbol, in modules (ISO/IEC 18004:2015 §6.3.8). */
export const qrQuietZoneModules = 4;

/** A QR symbol: its version and its modules, row by row. */
export type QrSymbol = {
  /** QR version, 1–40. */
  version: number;
  /** Modules per side (17 + 4 × version). */
  size: number;
  /** True where the module at (row, column) is dark. */
  dark(row: number, column: number): boolean;
};

// The QR alphanumeric character set (ISO/IEC 18004:2015 Table 5): also the base45 alphabet of
// RFC 9285, so a whole `KP1:` text is one alphanumeric segment.
const alphanumeric = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * Encodes `text` as a QR symbol in alphanumeric mode at error-correction level M, in the
 * smallest version that holds it (the version `qrVersionForAlphanumeric` of `@kpx/protocol`
 * predicts).
 *
 * @throws TypeError when `text` has characters outside the QR alphanumeric set, or is too
 * long for a version-40 symbol.
 *
 * @example
 * ```ts
 * const symbol = qrSymbol(qrText); // KP1:… of 745 characters → version 18, 89 × 89 modules
 * ```
 */
export function qrSymbol(text: string): QrSymbol {
  if (!alphanumeric.test(text)) {
    throw new TypeError('QR text is not in the QR alphanumeric set (a KP1: payload is)');
  }
  let qr: ReturnType<typeof create>;
  try {
    qr = create([{ data: text, mode: 'alphanumeric' }], {
      errorCorrectionLevel: qrErrorCorrection,
    });
  } catch (cause) {
    throw new TypeError('QR text does not fit a QR code at level M', { cause });
  }
  const { size, data } = qr.modules;
  return {
    version: qr.version,
    size,
    dark: (row, column) => data[row * size + column] === 1,
  };
}
