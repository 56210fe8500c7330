import { createHash } from 'node:crypto';
import type { Problem } from '@kpx/domain';

/** The kinds of supporting document an application carries. */
export const attachmentKinds = ['invoice', 'packing-list', 'other'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** The only type accepted: documents are PDF files, kept as sent and never opened here. */
export const pdfMediaType = 'application/pdf';

/** A supporting document as the API receives it (JSON, content in base64). */
export type AttachmentInput = {
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  content: string;
};

/** A checked document, ready to store. */
export type CheckedAttachment = {
  kind: AttachmentKind;
  filename: string;
  contentType: typeof pdfMediaType;
  size: number;
  sha256: string;
  content: Uint8Array;
};

// ISO 32000-2 §7.5.2: a PDF file begins with the header `%PDF-`. Only the first bytes are looked
// at: the node never parses a document (a parser is attack surface; officers open the files in
// their own viewer), so this check only refuses what is plainly not a PDF — HTML, scripts,
// executables renamed `.pdf`.
const pdfMagic = Buffer.from('%PDF-', 'latin1');
// Standard base64 (RFC 4648 §4), padded; whitespace is not allowed, so the length is exact.
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// A plain file name: no path, no control characters, no quotes (it goes into a
// Content-Disposition header when downloaded), ending in .pdf.
const unsafeFilenameCharacter = /[/\\"]/;
const safeFilename = (name: string): boolean =>
  name.length >= 1 &&
  name.length <= 200 &&
  !unsafeFilenameCharacter.test(name) &&
  ![...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/**
 * Checks the supporting documents of an application: each a PDF (`application/pdf`, `%PDF-`
 * header) no larger than `maxBytes`, with a plain `.pdf` file name; at least one invoice and
 * one packing list; at most `maxCount`. Returns every problem at once (paths under
 * `/attachments`), or the decoded documents with their SHA-256.
 */
export function checkAttachments(
  attachments: readonly AttachmentInput[],
  limits: { maxBytes: number; maxCount: number },
): { ok: true; value: CheckedAttachment[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const checked: CheckedAttachment[] = [];
  const problem = (code: Problem['code'], path: string, message: string) =>
    problems.push({ code, path: `/attachments${path}`, message });
  if (attachments.length > limits.maxCount)
    problem('KPX_ATTACHMENT_INVALID', '', `At most ${limits.maxCount} documents.`);
  for (const kind of ['invoice', 'packing-list'] as const) {
    if (!attachments.some((a) => a.kind === kind))
      problem('KPX_FIELD_REQUIRED', '', `A ${kind} (PDF) is required.`);
  }
  attachments.forEach((a, i) => {
    const before = problems.length;
    if (a.contentType.split(';')[0]?.trim().toLowerCase() !== pdfMediaType)
      problem('KPX_ATTACHMENT_INVALID', `/${i}/contentType`, 'Only application/pdf is accepted.');
    if (!safeFilename(a.filename) || !a.filename.toLowerCase().endsWith('.pdf'))
      problem(
        'KPX_ATTACHMENT_INVALID',
        `/${i}/filename`,
        'A plain file name ending in .pdf, without path, quotes or control characters.',
      );
    // Refuse by length first: a huge body is not decoded at all.
    if (a.content.length > Math.ceil(limits.maxBytes / 3) * 4) {
      problem('KPX_ATTACHMENT_TOO_LARGE', `/${i}/content`, `At most ${limits.maxBytes} bytes.`);
      return;
    }
    if (!base64.test(a.content)) {
      problem('KPX_ATTACHMENT_INVALID', `/${i}/content`, 'Not base64 (RFC 4648, padded).');
      return;
    }
    const bytes = Buffer.from(a.content, 'base64');
    if (bytes.length > limits.maxBytes)
      problem('KPX_ATTACHMENT_TOO_LARGE', `/${i}/content`, `At most ${limits.maxBytes} bytes.`);
    else if (bytes.length < pdfMagic.length || !bytes.subarray(0, pdfMagic.length).equals(pdfMagic))
      problem('KPX_ATTACHMENT_INVALID', `/${i}/content`, 'Not a PDF file (no %PDF- header).');
    if (problems.length > before) return;
    checked.push({
      kind: a.kind,
      filename: a.filename,
      contentType: pdfMediaType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content: new Uint8Array(bytes),
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: checked };
}
