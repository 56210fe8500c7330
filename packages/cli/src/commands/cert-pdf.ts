import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { defaultDirectory } from '@kpx/domain';
import {
  checkPrintInput,
  renderCertificatePdf,
  renderContainerLabelPdf,
  printLanguagesFor,
  signedCertificateParts,
  type SignedCertificateParts,
} from '@kpx/print';
import { decodeQrPayload, encodeQrPayload, qrVersionForAlphanumeric } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { readKeyFile } from '../key-files.js';
import { nodeRequest } from '../node-api.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { readText } from '../read-input.js';

export type CertPdfOptions = {
  out: string;
  label?: boolean;
  lang?: string;
  /** The QR payload (`KP1:…`) or a file holding it. */
  qr?: string;
  /** The private key that signed the document: makes the QR payload. */
  key?: string;
  node?: string;
  token?: string;
  json?: boolean;
};

/** What `--json` prints. */
type PdfResult = {
  number: string;
  kind: 'certificate' | 'label';
  out: string;
  bytes: number;
  sha256: string;
  source: 'file' | 'node';
  /** The QR payload printed (file mode), its length and QR version at level M. */
  qr?: { text: string; chars: number; version: number | undefined };
};

async function qrTextFor(parts: SignedCertificateParts, signed: string, options: CertPdfOptions) {
  if (options.qr !== undefined && options.key !== undefined)
    throw new CliError('KPX_USAGE', 'give --qr or --key, not both', exitCodes.usage);
  if (options.qr !== undefined) {
    return options.qr.startsWith('KP1:') ? options.qr : (await readText(options.qr)).trim();
  }
  if (options.key !== undefined) {
    const key = await readKeyFile(options.key);
    // The QR carries the document's kid: only the key that signed the document may sign it.
    if (key.kid !== parts.kid) {
      throw new CliError(
        'KPX_KEY_AUTHORITY_MISMATCH',
        `the document is signed by ${parts.kid}; ${options.key} is ${key.kid}`,
        exitCodes.usage,
      );
    }
    return encodeQrPayload(parts.certificate, signed, createNodeSigner(key.privateJwk));
  }
  throw new CliError(
    'KPX_USAGE',
    'the printed QR needs the issuer’s signature: --key FILE (the key that signed the document) or --qr KP1:…|FILE',
    exitCodes.usage,
  );
}

/** Renders from a signed certificate file, with the same `@kpx/print` steps as the node. */
async function pdfFromFile(
  file: string,
  options: CertPdfOptions,
): Promise<{ pdf: Uint8Array; number: string; qrText: string }> {
  const signed = (await readText(file)).trim();
  const parts = signedCertificateParts(signed);
  if (parts === undefined) {
    throw new CliError(
      'KPX_JWS_MALFORMED',
      `${file} is not a signed certificate (vc+jwt)`,
      exitCodes.invalid,
    );
  }
  const languages = printLanguagesFor(parts.certificate, options.lang);
  if (languages === undefined)
    throw new CliError('KPX_USAGE', '--lang is en, ru, fr, en,ru or en,fr', exitCodes.usage);
  const qrText = await qrTextFor(parts, signed, options);
  const input = { ...parts, signedJws: signed, qrText, languages, directory: defaultDirectory };
  try {
    checkPrintInput(input);
  } catch (error) {
    // A QR of another document (or key) would print a page whose proof names something else.
    throw new CliError(
      decodeQrPayload(qrText).ok ? 'KPX_DIGEST_MISMATCH' : 'KPX_QR_MALFORMED',
      `the QR payload does not belong to ${file}: ${(error as Error).message}`,
      exitCodes.invalid,
    );
  }
  const pdf =
    options.label === true
      ? await renderContainerLabelPdf({ certificate: parts.certificate, qrText, languages })
      : await renderCertificatePdf(input);
  return { pdf, number: parts.certificate.number, qrText };
}

/** Downloads the node's rendering (`GET /api/v1/certificates/{n}/pdf` or `label.pdf`). */
async function pdfFromNode(number: string, node: string, options: CertPdfOptions) {
  const path = options.label === true ? 'label.pdf' : 'pdf';
  const query = options.lang === undefined ? '' : `?lang=${encodeURIComponent(options.lang)}`;
  const response = await nodeRequest(
    { node, ...(options.token === undefined ? {} : { token: options.token }) },
    `/api/v1/certificates/${encodeURIComponent(number)}/${path}${query}`,
    'printing from a node',
  );
  return { pdf: new Uint8Array(await response.arrayBuffer()), number };
}

/**
 * `kpx cert pdf FILE --key KEY|--qr KP1:… --out PDF` renders the printable certificate (KPCS
 * Annex I A, A4), or with `--label` the container label (Annex I C), from a signed certificate;
 * `kpx cert pdf NUMBER --node URL --token T --out PDF` fetches the node's own rendering. Same
 * input, same bytes (fixed PDF dates, deterministic Ed25519 signature of the QR).
 */
export async function certPdf(subject: string, options: CertPdfOptions, io: Io): Promise<number> {
  const rendered =
    options.node === undefined
      ? { ...(await pdfFromFile(subject, options)), source: 'file' as const }
      : { ...(await pdfFromNode(subject, options.node, options)), source: 'node' as const };
  await writeFile(options.out, rendered.pdf);
  const result: PdfResult = {
    number: rendered.number,
    kind: options.label === true ? 'label' : 'certificate',
    out: options.out,
    bytes: rendered.pdf.length,
    sha256: createHash('sha256').update(rendered.pdf).digest('hex'),
    source: rendered.source,
    ...('qrText' in rendered
      ? {
          qr: {
            text: rendered.qrText,
            chars: rendered.qrText.length,
            version: qrVersionForAlphanumeric(rendered.qrText.length),
          },
        }
      : {}),
  };
  if (options.json === true) printJson(io, result);
  else
    io.out(
      `${result.kind === 'label' ? 'container label' : 'certificate'} ${result.number} → ${result.out} (${String(result.bytes)} bytes)`,
    );
  return exitCodes.ok;
}
