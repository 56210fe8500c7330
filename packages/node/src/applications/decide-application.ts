import { KpxError, type Problem } from '@kpx/domain';
import { appendAudit } from '../audit/append-audit.js';
import { issueInTransaction } from '../certificates/issue-certificate.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { parseWith } from '../validation/parse-with.js';
import { applicationRepository } from './application-repository.js';
import { decisionRequestSchema, type ApplicationDetail } from './application-schemas.js';
import { nextApplicationStatus } from './application-states.js';
import { detailOf } from './application-views.js';
import { companyRepository } from './company-repository.js';
import { enqueueApplicationEvent } from '../webhooks/webhook-events.js';
import { webhookRepository } from '../webhooks/webhook-repository.js';

function required(path: string, message: string): Problem {
  return { code: 'KPX_FIELD_REQUIRED', path, message };
}

/**
 * An officer's decision on an application (`POST /api/v1/applications/{id}/decision`):
 * `review` (take it up), `request-changes` or `refuse` (each with a reason the trader sees), or
 * `approve` — the KPCS validation step: the officer records the container seal ids and the
 * check done, and the certificate is issued from the application by the very code path of
 * `POST /api/v1/certificates` (validated again, numbered, signed, stored, delivery queued), in
 * the same transaction as the decision, its timeline entry and its audit entry. Either all of it
 * happens or none. A decision that does not fit the state is `409 KPX_APPLICATION_STATE`; two
 * officers deciding at once: one wins, the other gets `409` (optimistic version).
 */
export async function decideApplication(
  ctx: NodeContext,
  request: { id: string; body: unknown; actor: string; principal: string },
): Promise<ApplicationDetail> {
  const decision = parseWith(decisionRequestSchema, request.body);
  const problems: Problem[] = [];
  if (
    (decision.action === 'refuse' || decision.action === 'request-changes') &&
    decision.reason === undefined
  )
    problems.push(required('/reason', 'Say why: the trader sees it.'));
  if (decision.action === 'approve') {
    if (decision.seals === undefined || decision.seals.length === 0)
      problems.push(required('/seals', 'Record the container seal ids checked.'));
    if (decision.check === undefined)
      problems.push(required('/check', 'Record the KPCS validation check done.'));
  }
  if (problems.length > 0) throw new KpxError('KPX_VALIDATION_FAILED', { problems });
  if (decision.action === 'approve') ctx.trust.assertFresh('issue a certificate');

  // The certificate's delivery is queued by the issue (enqueueMessage wakes the dispatcher
  // after commit), exactly as for an officer's issue.
  return ctx.storage.transactor.transact(async (uow) => {
    const apps = applicationRepository(uow.db, ctx.ids);
    const record = await apps.find(request.id);
    if (record === undefined)
      throw new KpxError('KPX_NOT_FOUND', { detail: `No application ${request.id}` });
    const status = nextApplicationStatus(record.status, decision.action);
    const nowMs = ctx.clock.now();
    const now = isoAt(nowMs);
    let certificateNumber: string | null = null;
    if (decision.action === 'approve') {
      const seals = decision.seals ?? [];
      const issued = await issueInTransaction(ctx, uow, repositories(uow.db, ctx.ids), {
        draft: { ...record.draft, seals },
        actor: request.actor,
        principal: request.principal,
      });
      certificateNumber = issued.number;
    }
    const final = status === 'refused' || status === 'approved';
    const changed = await apps.update(record.id, record.version, {
      updatedAt: now,
      status,
      ...(final ? { decidedBy: request.actor, decidedAt: now } : {}),
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      ...(decision.action === 'approve'
        ? { seals: decision.seals ?? [], check: decision.check ?? null, certificateNumber }
        : {}),
    });
    if (!changed)
      throw new KpxError('KPX_APPLICATION_STATE', {
        detail: 'The application changed meanwhile; reload it',
      });
    const data = {
      from: record.status,
      to: status,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      ...(decision.action === 'approve'
        ? { seals: decision.seals, check: decision.check, certificate: certificateNumber }
        : {}),
    };
    await apps.appendEvent(record.id, { at: now, type: status, actor: request.actor, data });
    await appendAudit(uow.db, {
      at: now,
      actor: request.actor,
      action: `application.${decision.action}`,
      subject: `application:${record.id}`,
      data,
    });
    const updated = (await apps.find(record.id)) ?? record;
    await enqueueApplicationEvent(webhookRepository(uow.db, ctx.ids), updated, now, data);
    const company = await companyRepository(uow.db).find(record.companyId);
    return detailOf(
      uow.db,
      ctx.ids,
      updated,
      { id: record.companyId, name: company?.name ?? '' },
      nowMs,
    );
  });
}
