// TEST ONLY: Debian poppler-utils (pdftoppm, pdftotext, pdfinfo, pdffonts) as the independent
// reader of the PDFs we write. .ci/run installs poppler-utils when pdftoppm is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name: string): string => {
  const path = `/usr/bin/${name}`;
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: apt-get install poppler-utils`);
  }
  return path;
};

function withPdf<T>(pdf: Uint8Array, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kpx-print-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of `pdf` in content-stream order (`pdftotext -raw`), UTF-8. */
export function pdfText(pdf: Uint8Array): string {
  return withPdf(pdf, (file) =>
    execFileSync(bin('pdftotext'), ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
}

/** `pdfinfo` fields of `pdf` by name. */
export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const out = withPdf(pdf, (file) => execFileSync(bin('pdfinfo'), [file], { encoding: 'utf8' }));
  return Object.fromEntries(
    out
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

/** `pdffonts` rows of `pdf`: name, and whether embedded, subset, with a ToUnicode map. */
export function pdfFonts(
  pdf: Uint8Array,
): { name: string; embedded: boolean; subset: boolean; unicode: boolean }[] {
  const out = withPdf(pdf, (file) => execFileSync(bin('pdffonts'), [file], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      const [emb, sub, uni] = cols.slice(-5, -2);
      return {
        name: cols[0] ?? '',
        embedded: emb === 'yes',
        subset: sub === 'yes',
        unicode: uni === 'yes',
      };
    });
}

/** Rasterises every page of `pdf` with `pdftoppm -r <dpi> -png`; PNG bytes per page. */
export function rasterise(pdf: Uint8Array, dpi = 150): Buffer[] {
  return withPdf(pdf, (file, dir) => {
    execFileSync(bin('pdftoppm'), ['-r', String(dpi), '-png', file, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((name) => name.startsWith('page') && name.endsWith('.png'))
      .sort()
      .map((name) => readFileSync(join(dir, name)));
  });
}

/** Text with all whitespace removed: lines wrapped anywhere still match. */
export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** A word's box on a page, in points from the top left (`pdftotext -bbox`). */
export type WordBox = {
  page: number;
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
};

/** Every word of `pdf` with its box. */
export function wordBoxes(pdf: Uint8Array): WordBox[] {
  const html = withPdf(pdf, (file) =>
    execFileSync(bin('pdftotext'), ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
  const boxes: WordBox[] = [];
  let page = -1;
  const pattern =
    /<page\b|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(pattern)) {
    if (m[0].startsWith('<page')) {
      page += 1;
      continue;
    }
    const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    boxes.push({ page, text: m[5] ?? '', x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  }
  return boxes;
}
