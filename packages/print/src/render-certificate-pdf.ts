import { defaultDirectory, type Certificate } from '@kpx/domain';
import {
  authorityCells,
  authorityShortName,
  countryCells,
  dateCells,
  partyCells,
  sealCell,
  shipmentCells,
  type CellContext,
} from './certificate-cells.js';
import { checkPrintInput, type CertificatePrintInput } from './certificate-print-input.js';
import { drawRow, rowHeight, type Cell } from './cell-grid.js';
import { drawFooters } from './draw-footers.js';
import { drawQr, pointsPerMm, type QrPlacement } from './draw-qr.js';
import { drawHsTable } from './hs-table.js';
import { fill, labelLine, labels } from './labels.js';
import { ensureSpace, type PageFrame } from './page-frame.js';
import { a4, finishPdf, openPdf, type Pdf } from './pdf-document.js';
import { qrQuietZoneModules, qrSymbol } from './qr-symbol.js';
import { drawText, fitOneLine, styles } from './text-style.js';

/** Width of the printed QR symbol (without quiet zone): 64 mm, so that it stays at least 6 cm
 * when a printer shrinks the page to fit (typically to 94–97 %). */
export const certificateQrWidthMm = 64;

/** A rendered PDF with the geometry of its QR code (for tests and print checks). */
export type RenderedPdf = { pdf: Uint8Array; pages: number; qr: QrPlacement };

const margin = 36;
const gap = 6;
const [pageWidth, pageHeight] = a4;
const contentWidth = pageWidth - 2 * margin;
const footerY = pageHeight - 24;

function continuationHeading(certificate: Certificate, languages: CellContext['languages']) {
  return (doc: Pdf, y: number): number =>
    drawText(
      doc,
      `${labels.title.en} ${certificate.number} (${labelLine('continued', languages)})`,
      styles.strong,
      { x: margin, y, width: contentWidth },
    ) + gap;
}

/**
 * The heading beside the QR code: title (KPCS Annex I A), the unique number printed large, the
 * fixed statement, the dates of issue and expiry. Returns its height.
 */
function drawHeading(doc: Pdf, certificate: Certificate, ctx: CellContext, width: number): number {
  const { languages } = ctx;
  const x = margin;
  let y = margin;
  y += drawText(doc, labels.title.en, styles.title, { x, y, width });
  for (const l of languages.slice(1)) {
    y += drawText(doc, labels.title[l], styles.titleTranslation, { x, y, width });
  }
  y += gap;
  y += drawText(doc, labelLine('number', languages), styles.label, { x, y, width });
  const numberStyle = fitOneLine(doc, certificate.number, styles.number, width);
  y += drawText(doc, certificate.number, numberStyle, { x, y, width });
  y += gap;
  y += drawText(doc, labels.statement.en, styles.statement, { x, y, width });
  for (const l of languages.slice(1)) {
    y += drawText(doc, labels.statement[l], styles.statementTranslation, { x, y, width });
  }
  y += gap;
  y += drawRow(doc, dateCells(certificate, ctx), { x, y, width });
  return y - margin;
}

/** The QR code at the top right, with its caption; returns placement and block height. */
function drawTopQr(doc: Pdf, qrText: string, languages: CellContext['languages']) {
  const symbol = qrSymbol(qrText);
  const width = certificateQrWidthMm * pointsPerMm;
  const quiet = (qrQuietZoneModules * width) / symbol.size;
  const x = pageWidth - margin - width;
  const placement = drawQr(doc, symbol, { page: 0, x, y: margin, width });
  let y = margin + width + quiet;
  for (const text of [labels.scan.en, ...languages.slice(1).map((l) => labels.scan[l])]) {
    y += drawText(doc, text, styles.footer, {
      x: x - quiet,
      y,
      width: width + 2 * quiet,
      align: 'center',
    });
  }
  return { placement, height: y - margin, blockWidth: width + quiet };
}

/**
 * KPCS Annex I A: validation by the exporting authority. On kpx the validation is the
 * authority's signature; the page names the key (`kid`) and the digest of the signed document,
 * so the paper can be matched to the electronic original.
 */
function validationCell(input: CertificatePrintInput, ctx: CellContext): Cell {
  const { certificate } = input;
  const text = (l: CellContext['languages'][number]) =>
    fill(labels.validationText[l], {
      authority: authorityShortName(certificate, l, ctx),
      date: certificate.issuedOn,
    });
  return {
    label: labelLine('validation', ctx.languages),
    lines: [
      { text: text('en'), style: styles.value },
      ...ctx.languages.slice(1).map((l) => ({ text: text(l), style: styles.translation })),
      { text: `${labelLine('kid', ctx.languages)}: ${input.kid}`, style: styles.small },
      { text: `${labelLine('digest', ctx.languages)}: ${input.digest}`, style: styles.small },
    ],
  };
}

function flowRow(frame: PageFrame, cells: readonly Cell[]): void {
  const height = rowHeight(frame.doc, cells, frame.width);
  ensureSpace(frame, height);
  frame.y += drawRow(frame.doc, cells, { x: frame.x, y: frame.y, width: frame.width });
  frame.y += gap;
}

/**
 * Renders the printable certificate and reports where its QR code is. See
 * {@link renderCertificatePdf}.
 *
 * @throws TypeError when the parts of `input` do not belong together (see `checkPrintInput`).
 */
export async function renderCertificate(input: CertificatePrintInput): Promise<RenderedPdf> {
  checkPrintInput(input);
  const { certificate, languages } = input;
  const ctx: CellContext = {
    languages,
    directory: input.directory ?? defaultDirectory,
    ...(input.authorityName === undefined ? {} : { authorityName: input.authorityName }),
  };
  const doc = openPdf({
    title: `${labels.title.en} ${certificate.number}`,
    subject: labels.statement.en,
    author: authorityShortName(certificate, 'en', ctx),
    date: certificate.issuedOn,
    size: a4,
  });
  doc.addPage();
  const qr = drawTopQr(doc, input.qrText, languages);
  const headingWidth = contentWidth - qr.blockWidth - gap;
  const heading = drawHeading(doc, certificate, ctx, headingWidth);
  const frame: PageFrame = {
    doc,
    x: margin,
    width: contentWidth,
    top: margin,
    bottom: footerY - gap,
    continuation: continuationHeading(certificate, languages),
    y: margin + Math.max(heading, qr.height) + gap,
    page: 0,
  };
  flowRow(frame, countryCells(certificate, ctx));
  flowRow(frame, authorityCells(certificate, ctx));
  flowRow(frame, partyCells(certificate, ctx));
  drawHsTable(frame, certificate, languages);
  frame.y += gap;
  flowRow(frame, shipmentCells(certificate, ctx));
  flowRow(frame, [sealCell(certificate, ctx)]);
  flowRow(frame, [validationCell(input, ctx)]);
  drawFooters(doc, certificate.number, languages, { x: margin, y: footerY, width: contentWidth });
  return { pdf: await finishPdf(doc), pages: frame.page + 1, qr: qr.placement };
}

/**
 * Renders the printable KP certificate as an A4 PDF: every field of KPCS Annex I A (title,
 * fixed statement, unique number printed large, country of origin or MIXED, dates of issue and
 * expiry, issuing authority, exporter and importer with name, address and licence, carat
 * weight and value per HS line with the HS descriptions, totals, number of parcels, transit,
 * seals, the certificate replaced, validation by the exporting authority), in English and
 * optionally Russian or French, with the signing `kid`, the document digest and a QR code
 * 64 mm wide carrying the `KP1:` payload. DejaVu Sans is embedded (subset), so Latin and
 * Cyrillic print on any reader.
 *
 * The same input gives the same bytes: CreationDate and ModDate are the date of issue, the
 * document ID derives from them, and nothing random enters the file.
 *
 * @throws TypeError when the parts of `input` do not belong together (see `checkPrintInput`).
 *
 * @example
 * ```ts
 * const signedJws = await signCertificate(certificate, signer, { issuedAt });
 * const qrText = await encodeQrPayload(certificate, signedJws, signer);
 * const digest = base64urlEncode(sha256Node(utf8(signedJws)));
 * const pdf = await renderCertificatePdf({
 *   certificate, signedJws, qrText, kid: signer.kid, digest, languages: ['en', 'ru'],
 * });
 * // HTTP: new Response(pdf, { headers: { 'content-type': pdfMediaType } })
 * ```
 */
export async function renderCertificatePdf(input: CertificatePrintInput): Promise<Uint8Array> {
  return (await renderCertificate(input)).pdf;
}

/** The media type of the rendered documents. */
export const pdfMediaType = 'application/pdf';

/** A file name for a certificate's PDF: `KP-<number>.pdf`, with `/` and other unsafe characters as `-`. */
export function certificatePdfFileName(number: string): string {
  return `KP-${number.replace(/[^A-Za-z0-9.-]/g, '-')}.pdf`;
}
