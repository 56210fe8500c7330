import PDFDocument from 'pdfkit';
import { dejaVuFonts, fontNames } from './fonts.js';

/** A PDFKit document. */
export type Pdf = InstanceType<typeof PDFDocument>;

/** Metadata of a document; the dates make the output reproducible. */
export type PdfMetadata = {
  title: string;
  subject: string;
  author: string;
  /** The date (`YYYY-MM-DD`) written as both CreationDate and ModDate, at 00:00:00 UTC. */
  date: string;
  /** Page size in points, [width, height]. */
  size: readonly [number, number];
};

/** A4 in points (ISO 216: 210 × 297 mm). */
export const a4: readonly [number, number] = [595.28, 841.89];

/**
 * Makes a metadata text safe for PDFKit's XMP packet, which interpolates it into XML without
 * escaping (`Gem & Jewellery …` would make the packet invalid XML): `&` becomes `and`, markup
 * characters go.
 */
export function metadataText(text: string): string {
  return text
    .replace(/\s*&\s*/g, ' and ')
    .replace(/[<>"]/g, '')
    .trim();
}

/**
 * Opens a reproducible PDF: fixed CreationDate and ModDate (so the document ID, an MD5 of the
 * info dictionary in PDFKit, is fixed too), fonts embedded as subsets whose tags PDFKit derives
 * from the font's resource name, not from randomness. No page margins: the layouts place
 * everything themselves, so PDFKit never adds a page on its own.
 */
export function openPdf(meta: PdfMetadata): Pdf {
  const date = new Date(`${meta.date}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${meta.date}`);
  const doc = new PDFDocument({
    size: [...meta.size],
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: metadataText(meta.title),
      Subject: metadataText(meta.subject),
      Author: metadataText(meta.author),
      Creator: 'kpx',
      Producer: 'kpx (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  const fonts = dejaVuFonts();
  for (const name of Object.values(fontNames)) doc.registerFont(name, fonts[name]);
  return doc;
}

/** Ends `doc` and collects its bytes. */
export function finishPdf(doc: Pdf): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    });
    doc.on('error', reject);
    doc.end();
  });
}
