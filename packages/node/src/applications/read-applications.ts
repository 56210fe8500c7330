import { KpxError } from '@kpx/domain';
import type { Principal } from '../auth/principal.js';
import type { NodeContext } from '../node-context.js';
import { applicationRepository, type ApplicationRecord } from './application-repository.js';
import type { ApplicationDetail, ApplicationSummary } from './application-schemas.js';
import { applicationStatuses, type ApplicationStatus } from './application-states.js';
import { detailOf, summaryOf } from './application-views.js';
import type { AttachmentRecord } from './application-repository.js';
import { companyRepository } from './company-repository.js';
import { applicationScope } from './trader-scope.js';

/** Largest page of `GET /api/v1/applications`. */
export const maxApplicationPage = 200;

// Another company's application answers exactly like one that does not exist: a trader learns
// nothing about other companies, not even that an id is taken.
function notFound(id: string): KpxError {
  return new KpxError('KPX_NOT_FOUND', { detail: `No application ${id}` });
}

/** The application `id` if `principal` may see it (a trader: its company's only), else 404. */
export async function findVisibleApplication(
  ctx: NodeContext,
  principal: Principal,
  id: string,
): Promise<ApplicationRecord> {
  const scope = applicationScope(principal);
  const record = await applicationRepository(ctx.storage.db, ctx.ids).find(id);
  if (
    record === undefined ||
    (scope.companyId !== undefined && record.companyId !== scope.companyId)
  )
    throw notFound(id);
  return record;
}

/** `GET /api/v1/applications/{id}`: the application, its documents, timeline and certificate. */
export async function getApplication(
  ctx: NodeContext,
  principal: Principal,
  id: string,
): Promise<ApplicationDetail> {
  const record = await findVisibleApplication(ctx, principal, id);
  const company = await companyRepository(ctx.storage.db).find(record.companyId);
  return detailOf(
    ctx.storage.db,
    ctx.ids,
    record,
    { id: record.companyId, name: company?.name ?? '' },
    ctx.clock.now(),
  );
}

/** A supporting document's stored bytes (`GET …/attachments/{attachment}`), scoped like the rest. */
export async function getAttachment(
  ctx: NodeContext,
  principal: Principal,
  id: string,
  attachmentId: string,
): Promise<AttachmentRecord & { content: Uint8Array }> {
  await findVisibleApplication(ctx, principal, id);
  const found = await applicationRepository(ctx.storage.db, ctx.ids).attachmentContent(
    id,
    attachmentId,
  );
  if (found === undefined)
    throw new KpxError('KPX_NOT_FOUND', { detail: `No document ${attachmentId}` });
  return found;
}

/**
 * `GET /api/v1/applications`: a trader's own company's applications, or for officers all of
 * them (optionally one company's) — the review queue is `status=submitted` or `under_review`,
 * `order=asc` (longest waiting first). Cursor-paged by id.
 */
export async function listApplications(
  ctx: NodeContext,
  principal: Principal,
  query: { status?: string; company?: string; order?: string; limit?: number; cursor?: string },
): Promise<{ items: ApplicationSummary[]; nextCursor: string | null }> {
  const scope = applicationScope(principal);
  const problems = [];
  if (
    query.status !== undefined &&
    !(applicationStatuses as readonly string[]).includes(query.status)
  )
    problems.push({
      code: 'KPX_VALIDATION_FAILED' as const,
      path: '/status',
      message: `One of ${applicationStatuses.join(', ')}.`,
    });
  if (query.order !== undefined && query.order !== 'asc' && query.order !== 'desc')
    problems.push({
      code: 'KPX_VALIDATION_FAILED' as const,
      path: '/order',
      message: 'asc or desc.',
    });
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxApplicationPage)
    problems.push({
      code: 'KPX_VALIDATION_FAILED' as const,
      path: '/limit',
      message: `1 to ${maxApplicationPage}.`,
    });
  if (problems.length > 0) throw new KpxError('KPX_VALIDATION_FAILED', { problems });
  // A trader's own company, whatever `company` says.
  const companyId = scope.companyId ?? query.company;
  const rows = await applicationRepository(ctx.storage.db, ctx.ids).list({
    ...(companyId === undefined ? {} : { companyId }),
    ...(query.status === undefined ? {} : { status: query.status as ApplicationStatus }),
    order: query.order === 'asc' ? 'asc' : 'desc',
    limit: limit + 1,
    ...(query.cursor === undefined ? {} : { after: query.cursor }),
  });
  const nowMs = ctx.clock.now();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) =>
      summaryOf(r, { id: r.companyId, name: r.companyName }, r.certificateStatus, nowMs),
    ),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
