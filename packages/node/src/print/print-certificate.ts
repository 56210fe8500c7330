import { KpxError, type Certificate } from '@kpx/domain';
import { encodeQrPayload } from '@kpx/protocol';
import {
  certificatePdfFileName,
  containerLabelFileName,
  printLanguagesFor,
  renderCertificatePdf,
  renderContainerLabelPdf,
  signedCertificateParts,
  type PrintLanguages,
} from '@kpx/print';
import { repositories } from '../storage/repositories.js';
import type { NodeContext } from '../node-context.js';

/** A rendered document and the file name to offer it under. */
export type PrintedPdf = { pdf: Uint8Array; fileName: string };

type Printable = {
  number: string;
  certificate: Certificate;
  signed: string;
  qrText: string;
  kid: string;
  digest: string;
};

function unavailable(number: string, why: string): KpxError {
  return new KpxError('KPX_QR_UNAVAILABLE', { detail: `${number}: ${why}` });
}

/**
 * What printing a held certificate needs. The QR payload is the one stored at issue (outgoing)
 * or carried, verified, in the issuer's `certificate.issued` message (incoming). An outgoing
 * certificate stored before QR payloads were kept gets one now if this node still signs with
 * the key that signed it (the QR must name the document's own key); otherwise, and for a
 * certificate recorded from paper or received without a QR, `409 KPX_QR_UNAVAILABLE`.
 */
async function printable(ctx: NodeContext, number: string): Promise<Printable> {
  const record = await repositories(ctx.storage.db, ctx.ids).certificates.find(number);
  if (record === undefined) {
    throw new KpxError('KPX_NOT_FOUND', { detail: `No certificate ${number} is held here` });
  }
  const signed = record.signed;
  if (signed === null)
    throw unavailable(number, 'recorded from paper: there is no signed document to print');
  const parts = signedCertificateParts(signed);
  if (parts === undefined) {
    throw new KpxError('KPX_JWS_MALFORMED', {
      detail: `${number}: the stored document does not decode`,
    });
  }
  let qrText = record.qrText ?? undefined;
  if (qrText === undefined) {
    if (record.direction !== 'outgoing') {
      throw unavailable(number, 'the issuer’s message carried no QR payload');
    }
    const signer = ctx.signer;
    if (signer.kid !== parts.kid) {
      throw unavailable(
        number,
        'signed with a key this node no longer signs with; no QR was stored',
      );
    }
    qrText = await encodeQrPayload(parts.certificate, signed, signer);
    const stored = qrText;
    await ctx.storage.transactor.transact(async (uow) => {
      await uow.db
        .updateTable('certificates')
        .set({ qr_text: stored })
        .where('number', '=', number)
        .where('qr_text', 'is', null)
        .execute();
    });
  }
  return { number, ...parts, signed, qrText };
}

function languagesOf(certificate: Certificate, lang: string | undefined): PrintLanguages {
  const languages = printLanguagesFor(certificate, lang);
  if (languages === undefined) {
    throw new KpxError('KPX_VALIDATION_FAILED', {
      detail: 'lang is en, ru, fr, en,ru or en,fr',
      problems: [
        { code: 'KPX_VALIDATION_FAILED', path: '/lang', message: 'en, ru, fr, en,ru or en,fr' },
      ],
    });
  }
  return languages;
}

/**
 * The printable certificate (`GET /api/v1/certificates/{number}/pdf`): KPCS Annex I A on A4,
 * with the `KP1:` QR code, the signing key id and the document digest (`@kpx/print`). English,
 * with Russian or French beside it by default where the issuer works in it; `lang` overrides.
 */
export async function certificatePdf(
  ctx: NodeContext,
  number: string,
  lang?: string,
): Promise<PrintedPdf> {
  const p = await printable(ctx, number);
  const pdf = await renderCertificatePdf({
    certificate: p.certificate,
    signedJws: p.signed,
    qrText: p.qrText,
    kid: p.kid,
    digest: p.digest,
    languages: languagesOf(p.certificate, lang),
    directory: ctx.trust.current().directory,
  });
  return { pdf, fileName: certificatePdfFileName(number) };
}

/**
 * The container label (`GET /api/v1/certificates/{number}/label.pdf`): KPCS Annex I C, the
 * number large and the same QR code, A6.
 */
export async function containerLabelPdf(
  ctx: NodeContext,
  number: string,
  lang?: string,
): Promise<PrintedPdf> {
  const p = await printable(ctx, number);
  const pdf = await renderContainerLabelPdf({
    certificate: p.certificate,
    qrText: p.qrText,
    languages: languagesOf(p.certificate, lang),
  });
  return { pdf, fileName: containerLabelFileName(number) };
}
