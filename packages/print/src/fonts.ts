import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The font names registered on every kpx PDF document. */
export const fontNames = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold' } as const;

/** The TrueType files of the fonts, by name. */
export type FontFiles = Readonly<Record<(typeof fontNames)[keyof typeof fontNames], Buffer>>;

let cached: FontFiles | undefined;

/**
 * DejaVu Sans and DejaVu Sans Bold (Latin, Cyrillic, Greek) from the `dejavu-fonts-ttf`
 * package, read once. PDFKit embeds the glyphs a document uses as a subset, so the certificate
 * prints the same on any reader, with no system fonts.
 */
export function dejaVuFonts(): FontFiles {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const file = (name: string): Buffer =>
      readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`));
    cached = { DejaVuSans: file('DejaVuSans'), 'DejaVuSans-Bold': file('DejaVuSans-Bold') };
  }
  return cached;
}
