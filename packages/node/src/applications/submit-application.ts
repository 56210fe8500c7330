import { KpxError, type CertificateDraft } from '@kpx/domain';
import { appendAudit } from '../audit/append-audit.js';
import type { Principal } from '../auth/principal.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { parseWith } from '../validation/parse-with.js';
import { applicationRepository, type ApplicationRecord } from './application-repository.js';
import { applicationInputSchema, type ApplicationDetail } from './application-schemas.js';
import { detailOf } from './application-views.js';
import type { CheckedAttachment } from './attachments.js';
import { checkApplication } from './check-application.js';
import { activeCompany, applyingCompanyId } from './trader-scope.js';
import { enqueueApplicationEvent } from '../webhooks/webhook-events.js';
import { webhookRepository } from '../webhooks/webhook-repository.js';

/**
 * A trader submits a certificate draft with its supporting documents
 * (`POST /api/v1/applications`). The draft passes the domain's `validateDraft` — the same rules
 * and messages an officer's issue gets — and the exporter must be the trader's own company (its
 * licence). Every problem comes at once (`422 KPX_VALIDATION_FAILED`, draft problems under
 * `/draft`, documents under `/attachments`). Stored with its documents, timeline entry and
 * audit entry in one transaction; the application starts `submitted`.
 */
export async function submitApplication(
  ctx: NodeContext,
  request: { body: unknown; actor: string; principal: Principal },
): Promise<ApplicationDetail> {
  const companyId = applyingCompanyId(request.principal);
  const input = parseWith(applicationInputSchema, request.body);
  const nowMs = ctx.clock.now();
  const company = await activeCompany(ctx, companyId);

  const checked = checkApplication(ctx, company, input, nowMs);
  if (!checked.ok) throw new KpxError('KPX_VALIDATION_FAILED', { problems: checked.problems });
  const record = await storeApplication(ctx, {
    companyId,
    draft: checked.draft,
    documents: checked.documents,
    actor: request.actor,
    nowMs,
  });
  return detailOf(ctx.storage.db, ctx.ids, record, { id: company.id, name: company.name }, nowMs);
}

/**
 * Stores a checked application — record, documents, timeline entry, audit entry — in one
 * transaction, `submitted`. Shared by the single submission and the CSV bulk upload.
 */
export function storeApplication(
  ctx: NodeContext,
  input: {
    companyId: string;
    draft: CertificateDraft;
    documents: readonly CheckedAttachment[];
    actor: string;
    nowMs: number;
    /** How it came: `api` (one) or `csv` (bulk upload), for the timeline. */
    via?: 'api' | 'csv';
  },
): Promise<ApplicationRecord> {
  const now = isoAt(input.nowMs);
  const record: ApplicationRecord = {
    id: ctx.ids(),
    companyId: input.companyId,
    status: 'submitted',
    draft: input.draft,
    submittedBy: input.actor,
    submittedAt: now,
    updatedAt: now,
    decidedBy: null,
    decidedAt: null,
    reason: null,
    seals: null,
    check: null,
    certificateNumber: null,
    version: 1,
  };
  return ctx.storage.transactor.transact(async (uow) => {
    const apps = applicationRepository(uow.db, ctx.ids);
    await apps.insert(record);
    for (const document of input.documents)
      await apps.insertAttachment(record.id, ctx.ids(), document);
    const files = input.documents.map((d) => ({ kind: d.kind, sha256: d.sha256, size: d.size }));
    await apps.appendEvent(record.id, {
      at: now,
      type: 'submitted',
      actor: input.actor,
      ...(input.via === 'csv' ? { data: { via: 'csv' } } : {}),
    });
    await appendAudit(uow.db, {
      at: now,
      actor: input.actor,
      action: 'application.submit',
      subject: `application:${record.id}`,
      data: { company: input.companyId, attachments: files, via: input.via ?? 'api' },
    });
    await enqueueApplicationEvent(webhookRepository(uow.db, ctx.ids), record, now);
    return record;
  });
}
