import { KpxError } from '@kpx/domain';
import { appendAudit } from '../audit/append-audit.js';
import type { Principal } from '../auth/principal.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { parseWith } from '../validation/parse-with.js';
import { enqueueApplicationEvent } from '../webhooks/webhook-events.js';
import { webhookRepository } from '../webhooks/webhook-repository.js';
import { applicationRepository } from './application-repository.js';
import { applicationInputSchema, type ApplicationDetail } from './application-schemas.js';
import { nextApplicationStatus } from './application-states.js';
import { detailOf } from './application-views.js';
import { checkApplication } from './check-application.js';
import { findVisibleApplication } from './read-applications.js';
import { activeCompany } from './trader-scope.js';

/**
 * The trader's revision after an officer asked for changes
 * (`POST /api/v1/applications/{id}/resubmission`, same body as a submission): checked exactly
 * like a new application, the draft and the documents replace the earlier ones (the earlier
 * documents stay stored, out of the application's list, for the audit trail's hashes), and the
 * application is `submitted` again — back in the review queue, in its place: its waiting time
 * counts from the first submission (the trader has been waiting all along).
 */
export async function resubmitApplication(
  ctx: NodeContext,
  request: { id: string; body: unknown; actor: string; principal: Principal },
): Promise<ApplicationDetail> {
  const record = await findVisibleApplication(ctx, request.principal, request.id);
  const input = parseWith(applicationInputSchema, request.body);
  const nowMs = ctx.clock.now();
  const company = await activeCompany(ctx, record.companyId);
  const status = nextApplicationStatus(record.status, 'resubmit');
  const checked = checkApplication(ctx, company, input, nowMs);
  if (!checked.ok) throw new KpxError('KPX_VALIDATION_FAILED', { problems: checked.problems });
  const now = isoAt(nowMs);
  return ctx.storage.transactor.transact(async (uow) => {
    const apps = applicationRepository(uow.db, ctx.ids);
    const changed = await apps.revise(record.id, record.version, {
      draft: checked.draft,
      status,
      at: now,
    });
    if (!changed)
      throw new KpxError('KPX_APPLICATION_STATE', {
        detail: 'The application changed meanwhile; reload it',
      });
    await apps.retireAttachments(record.id);
    for (const document of checked.documents)
      await apps.insertAttachment(record.id, ctx.ids(), document);
    const files = checked.documents.map((d) => ({ kind: d.kind, sha256: d.sha256, size: d.size }));
    await apps.appendEvent(record.id, {
      at: now,
      type: 'submitted',
      actor: request.actor,
      data: { resubmitted: true },
    });
    await appendAudit(uow.db, {
      at: now,
      actor: request.actor,
      action: 'application.resubmit',
      subject: `application:${record.id}`,
      data: { company: record.companyId, attachments: files },
    });
    const updated = (await apps.find(record.id)) ?? record;
    await enqueueApplicationEvent(webhookRepository(uow.db, ctx.ids), updated, now, {
      resubmitted: true,
    });
    return detailOf(uow.db, ctx.ids, updated, { id: company.id, name: company.name }, nowMs);
  });
}
