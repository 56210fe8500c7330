import { z } from 'zod';
import { principalKey } from '../../auth/principal.js';
import {
  applicationDetailSchema,
  applicationIdParams,
  applicationPageSchema,
  applicationRequestSchema,
  decisionRequestSchema,
} from '../../applications/application-schemas.js';
import { applicationStatuses } from '../../applications/application-states.js';
import { bulkApplications, bulkInputSchema } from '../../applications/bulk-applications.js';
import { decideApplication } from '../../applications/decide-application.js';
import {
  getApplication,
  getAttachment,
  listApplications,
  maxApplicationPage,
} from '../../applications/read-applications.js';
import { resubmitApplication } from '../../applications/resubmit-application.js';
import { submitApplication } from '../../applications/submit-application.js';
import type { Role } from '../../tokens/roles.js';
import { apiRoute, problemReply } from '../api-route.js';
import { actorOf, principalOf } from '../principal.js';
import { problem } from '../problem.js';
import { readJson } from '../read-body.js';

// Trader applications (docs/applications.md). Traders see their own company's applications
// only; officers who review (issuer) or oversee (admin, auditor) see all. Only an issuer decides.

const tags = ['applications'];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
/** Who may read applications: the trader (own company only) and the officers who oversee them. */
export const applicationReaders: readonly Role[] = ['trader', 'issuer', 'admin', 'auditor'];

export const submitApplicationRoute = apiRoute({
  access: ['trader'],
  body: 'upload',
  config: {
    method: 'post',
    path: '/api/v1/applications',
    tags,
    summary: 'Apply for a certificate (trader): the draft with its supporting documents',
    description:
      'The draft is validated like an officer’s issue (all problems at once, under `/draft`), the exporter must be the trader’s company, and the documents must be PDF files (`application/pdf`, `%PDF-` header, size limit; problems under `/attachments`). Documents are stored with their SHA-256 and never opened by the node.',
    request: { body: { content: json(applicationRequestSchema), required: true } },
    responses: {
      201: { description: 'Submitted.', content: json(applicationDetailSchema) },
      403: problemReply(
        'Not a trader (KPX_FORBIDDEN), or the company is suspended (KPX_COMPANY_INACTIVE).',
      ),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    const view = await submitApplication(ctx, {
      body,
      actor: actorOf(c),
      principal: principalOf(c),
    });
    c.header('location', `/api/v1/applications/${view.id}`);
    return c.json(view, 201);
  },
});

const csvProblemSchema = z.object({ code: z.string(), column: z.string(), message: z.string() });
const bulkResultSchema = z
  .object({
    accepted: z.int(),
    refused: z.int(),
    results: z.array(
      z.object({
        row: z.int().meta({ description: 'As a spreadsheet numbers it (the header is row 1).' }),
        line: z.int(),
        reference: z.string().optional(),
        ok: z.boolean(),
        id: z.string().optional().meta({ description: 'The application the row became.' }),
        problems: z.array(csvProblemSchema),
      }),
    ),
  })
  .meta({ id: 'ApplicationBulkResult' });

export const bulkApplicationsRoute = apiRoute({
  access: ['trader'],
  body: 'upload',
  config: {
    method: 'post',
    path: '/api/v1/applications/bulk',
    tags,
    summary: 'Apply in bulk (trader): one application per CSV row, a result per row',
    description:
      'JSON `{ csv, documents }`: the CSV (header first; columns in docs/applications.md), and the PDF documents its `invoice` and `packingList` columns name, base64 by file name. Each row is checked like a single application and stored on its own; the answer gives every row `ok` with its `id`, or its problems with code and column. A header that cannot be read or too many rows: 422 `KPX_CSV_INVALID`, nothing stored.',
    request: { body: { content: json(bulkInputSchema), required: true } },
    responses: {
      200: { description: 'Every row’s result.', content: json(bulkResultSchema) },
      403: problemReply(
        'Not a trader (KPX_FORBIDDEN), or the company is suspended (KPX_COMPANY_INACTIVE).',
      ),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(
      await bulkApplications(ctx, { body, actor: actorOf(c), principal: principalOf(c) }),
    );
  },
});

export const listApplicationsRoute = apiRoute({
  access: applicationReaders,
  config: {
    method: 'get',
    path: '/api/v1/applications',
    tags,
    summary: 'Applications: a trader’s own, or (officers) the review queue',
    request: {
      query: z.object({
        status: z.enum(applicationStatuses).optional(),
        company: z.string().optional().meta({ description: 'Officers: one company’s only.' }),
        order: z
          .enum(['asc', 'desc'])
          .optional()
          .meta({ description: '`asc`: longest waiting first (the queue); default `desc`.' }),
        limit: z
          .string()
          .regex(/^[0-9]+$/)
          .optional()
          .meta({ description: `1 to ${maxApplicationPage}, default 50.` }),
        cursor: z.string().optional(),
      }),
    },
    responses: { 200: { description: 'A page.', content: json(applicationPageSchema) } },
  },
  async handle(ctx, c) {
    const q = c.req.query();
    const limit = q['limit'];
    if (limit !== undefined && !/^[0-9]{1,4}$/.test(limit))
      throw problem('KPX_VALIDATION_FAILED', 'limit is a whole number');
    return c.json(
      await listApplications(ctx, principalOf(c), {
        ...(q['status'] === undefined ? {} : { status: q['status'] }),
        ...(q['company'] === undefined ? {} : { company: q['company'] }),
        ...(q['order'] === undefined ? {} : { order: q['order'] }),
        ...(limit === undefined ? {} : { limit: Number(limit) }),
        ...(q['cursor'] === undefined ? {} : { cursor: q['cursor'] }),
      }),
    );
  },
});

export const applicationDetailRoute = apiRoute({
  access: applicationReaders,
  config: {
    method: 'get',
    path: '/api/v1/applications/{id}',
    tags,
    summary: 'An application with its documents, timeline and the certificate issued from it',
    request: { params: applicationIdParams },
    responses: {
      200: { description: 'The application.', content: json(applicationDetailSchema) },
      404: problemReply('No such application, or another company’s (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    return c.json(await getApplication(ctx, principalOf(c), c.req.param('id') ?? ''));
  },
});

export const attachmentRoute = apiRoute({
  access: applicationReaders,
  config: {
    method: 'get',
    path: '/api/v1/applications/{id}/attachments/{attachment}',
    tags,
    summary: 'A supporting document, the exact bytes stored (download, never rendered inline)',
    request: {
      params: applicationIdParams.extend({
        attachment: z
          .string()
          .min(1)
          .max(64)
          .meta({ param: { name: 'attachment', in: 'path' } }),
      }),
    },
    responses: {
      200: {
        description: 'The PDF, as an attachment.',
        content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
      },
      404: problemReply('No such document (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    const found = await getAttachment(
      ctx,
      principalOf(c),
      c.req.param('id') ?? '',
      c.req.param('attachment') ?? '',
    );
    // Downloaded, never shown in the console's origin: `attachment`, and a sandbox CSP so even a
    // browser that opens it inline runs nothing with the console's cookies.
    return new Response(Buffer.from(found.content), {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': contentDisposition(found.filename),
        'content-security-policy': "sandbox; default-src 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        digest: `sha-256=${Buffer.from(found.sha256, 'hex').toString('base64')}`,
      },
    });
  },
});

/** RFC 6266: an ASCII fallback name, and the exact name UTF-8 encoded (RFC 8187). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export const decisionRoute = apiRoute({
  access: ['issuer'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/applications/{id}/decision',
    tags,
    summary: 'Decide on an application (issuer); `approve` issues the certificate',
    description:
      '`review` (submitted → under_review), `request-changes` or `refuse` with a `reason`, `approve` with the container `seals` and the `check` done: the certificate is issued from the application (same validation, numbering, signing and delivery as `POST /api/v1/certificates`) in the same transaction. Every decision is in the audit log.',
    request: {
      params: applicationIdParams,
      body: { content: json(decisionRequestSchema), required: true },
    },
    responses: {
      200: { description: 'Decided.', content: json(applicationDetailSchema) },
      404: problemReply('No such application (KPX_NOT_FOUND).'),
      409: problemReply('Not a decision for the current state (KPX_APPLICATION_STATE).'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    const principal = principalOf(c);
    return c.json(
      await decideApplication(ctx, {
        id: c.req.param('id') ?? '',
        body,
        actor: actorOf(c),
        principal: principalKey(principal),
      }),
    );
  },
});

export const resubmitRoute = apiRoute({
  access: ['trader'],
  body: 'upload',
  config: {
    method: 'post',
    path: '/api/v1/applications/{id}/resubmission',
    tags,
    summary: 'Revise an application after changes were requested (trader)',
    description:
      'Same body and checks as a submission; the draft and documents replace the earlier ones and the application is `submitted` again. Only from `changes_requested` (else 409 KPX_APPLICATION_STATE).',
    request: {
      params: applicationIdParams,
      body: { content: json(applicationRequestSchema), required: true },
    },
    responses: {
      200: { description: 'Submitted again.', content: json(applicationDetailSchema) },
      404: problemReply('No such application of the company (KPX_NOT_FOUND).'),
      409: problemReply('Changes were not requested (KPX_APPLICATION_STATE).'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(
      await resubmitApplication(ctx, {
        id: c.req.param('id') ?? '',
        body,
        actor: actorOf(c),
        principal: principalOf(c),
      }),
    );
  },
});

export const applicationRoutes = [
  submitApplicationRoute,
  bulkApplicationsRoute,
  listApplicationsRoute,
  applicationDetailRoute,
  attachmentRoute,
  decisionRoute,
  resubmitRoute,
] as const;
