import { validateDraft, type CertificateDraft, type Problem } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { checkAttachments, type AttachmentInput, type CheckedAttachment } from './attachments.js';
import type { Company } from './company-schemas.js';

/**
 * Checks an application before it is stored: the draft by the domain's `validateDraft` (the
 * rules and messages of an officer's issue; problems under `/draft`), the exporter must be the
 * applying company (its licence, `KPX_EXPORTER_MISMATCH`), and the documents (problems under
 * `/attachments`). Every problem at once.
 */
export function checkApplication(
  ctx: NodeContext,
  company: Company,
  input: { draft: unknown; attachments: readonly AttachmentInput[] },
  nowMs: number,
):
  | { ok: true; draft: CertificateDraft; documents: CheckedAttachment[] }
  | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const checked = validateDraft(input.draft, {
    directory: ctx.trust.current().directory,
    issuingAuthority: ctx.authority,
    today: isoAt(nowMs).slice(0, 10),
  });
  if (!checked.ok)
    problems.push(...checked.problems.map((p) => ({ ...p, path: `/draft${p.path}` })));
  else if (checked.value.replaces !== undefined)
    // An amendment supersedes a certificate: only an officer decides that (it could be
    // another company's), so a trader cannot ask for one through an application.
    problems.push({
      code: 'KPX_FIELD_UNKNOWN',
      path: '/draft/replaces',
      message: 'An amendment is made by an officer, not through an application.',
    });
  else if (checked.value.exporter.licence !== company.licence)
    problems.push({
      code: 'KPX_EXPORTER_MISMATCH',
      path: '/draft/exporter/licence',
      message: `The exporter must be your company (licence ${company.licence}).`,
    });
  const documents = checkAttachments(input.attachments, {
    maxBytes: ctx.config.applications.maxAttachmentBytes,
    maxCount: ctx.config.applications.maxAttachments,
  });
  if (!documents.ok) problems.push(...documents.problems);
  if (problems.length > 0 || !checked.ok || !documents.ok) return { ok: false, problems };
  return { ok: true, draft: checked.value, documents: documents.value };
}
