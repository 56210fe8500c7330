/**
 * @kpx/print — the printable KP certificate (KPCS Annex I A) and container label (Annex I C),
 * as reproducible PDFs that carry the digital proof as a `KP1:` QR code. Node only (PDFKit,
 * bundled DejaVu fonts).
 *
 * @packageDocumentation
 */
export {
  certificatePdfFileName,
  certificateQrWidthMm,
  pdfMediaType,
  renderCertificate,
  renderCertificatePdf,
  type RenderedPdf,
} from './render-certificate-pdf.js';
export {
  containerLabelFileName,
  jwsHeaderKid,
  printLanguagesFor,
  signedCertificateParts,
  type SignedCertificateParts,
} from './signed-certificate-parts.js';
export { checkPrintInput, type CertificatePrintInput } from './certificate-print-input.js';
export {
  a6,
  labelQrWidthMm,
  renderContainerLabel,
  renderContainerLabelPdf,
  type ContainerLabelInput,
} from './render-container-label-pdf.js';
export {
  defaultPrintLanguages,
  parsePrintLanguages,
  type PrintLanguage,
  type PrintLanguages,
} from './print-languages.js';
export { labels, type LabelKey, type LocalizedText } from './labels.js';
export { pointsPerMm, type QrPlacement } from './draw-qr.js';
export { qrErrorCorrection, qrQuietZoneModules, qrSymbol, type QrSymbol } from './qr-symbol.js';
export { a4 } from './pdf-document.js';
