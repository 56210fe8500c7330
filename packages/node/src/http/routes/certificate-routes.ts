import {
  cancellationInputSchema,
  certificateDraftSchema,
  confirmationInputSchema,
  paperCertificateInputSchema,
  rejectionInputSchema,
} from '@kpx/domain';
import { z } from 'zod';
import { principalKey } from '../../auth/principal.js';
import { cancelCertificate } from '../../certificates/cancel-certificate.js';
import { confirmImport } from '../../certificates/confirm-import.js';
import { getCertificate } from '../../certificates/get-certificate.js';
import { issueCertificate } from '../../certificates/issue-certificate.js';
import { listCertificates, maxPageSize } from '../../certificates/list-certificates.js';
import { recordPaperCertificate } from '../../certificates/record-paper-certificate.js';
import { rejectImport } from '../../certificates/reject-import.js';
import { officers } from '../../tokens/roles.js';
import { apiRoute, problemReply } from '../api-route.js';
import { actorOf, principalOf } from '../principal.js';
import { problem } from '../problem.js';
import { readJson } from '../read-body.js';
import {
  confirmedSchema,
  detailSchema,
  issuedSchema,
  numberParams,
  pageSchema,
  paperRecordedSchema,
  statusChangeSchema,
} from '../schemas.js';

const tags = ['certificates'];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
/** Idempotency keys: 1–255 visible ASCII characters (draft-ietf-httpapi-idempotency-key-header). */
const idempotencyKey = /^[\x21-\x7E]{1,255}$/;

export const issueRoute = apiRoute({
  access: ['issuer'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/certificates',
    tags,
    summary: 'Issue a certificate',
    description:
      'Validates the draft (all problems at once), numbers, signs and stores it, and queues its delivery in one transaction. With `Idempotency-Key`, a retry with the same body returns the first response (`Idempotent-Replayed: true`); another body with the same key is `KPX_IDEMPOTENCY_CONFLICT`. Delivery is `paper` when the importing authority has no node.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
      body: { content: json(certificateDraftSchema), required: true },
    },
    responses: {
      201: { description: 'Issued.', content: json(issuedSchema) },
      409: problemReply('KPX_IDEMPOTENCY_CONFLICT, or the replaced certificate cannot be amended.'),
    },
  },
  async handle(ctx, c) {
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !idempotencyKey.test(key)) {
      throw problem(
        'KPX_VALIDATION_FAILED',
        'Idempotency-Key must be 1 to 255 visible ASCII characters',
      );
    }
    const draft = await readJson(c);
    const principal = principalOf(c);
    const outcome = await issueCertificate(ctx, {
      draft,
      actor: actorOf(c),
      principal: principalKey(principal),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    if (outcome.replayed) c.header('idempotent-replayed', 'true');
    c.header('location', `/api/v1/certificates/${encodeURIComponent(outcome.body.number)}`);
    return c.json(outcome.body, outcome.status as 201);
  },
});

export const listRoute = apiRoute({
  access: officers,
  config: {
    method: 'get',
    path: '/api/v1/certificates',
    tags,
    summary: 'List certificates, newest first',
    request: {
      query: z.object({
        direction: z.enum(['outgoing', 'incoming']).optional(),
        status: z.string().optional(),
        partner: z.string().optional().meta({ description: 'Participant code or authority id.' }),
        limit: z
          .string()
          .regex(/^[0-9]+$/)
          .optional()
          .meta({ description: `1 to ${maxPageSize}, default 50.` }),
        cursor: z.string().optional(),
      }),
    },
    responses: { 200: { description: 'A page.', content: json(pageSchema) } },
  },
  async handle(ctx, c) {
    const q = c.req.query();
    const direction = q['direction'];
    if (direction !== undefined && direction !== 'outgoing' && direction !== 'incoming') {
      throw problem('KPX_VALIDATION_FAILED', 'direction is outgoing or incoming');
    }
    const limit = q['limit'];
    if (limit !== undefined && !/^[0-9]{1,4}$/.test(limit))
      throw problem('KPX_VALIDATION_FAILED', 'limit is a whole number');
    const page = await listCertificates(ctx, {
      ...(direction === undefined ? {} : { direction }),
      ...(q['status'] === undefined ? {} : { status: q['status'] }),
      ...(q['partner'] === undefined ? {} : { partner: q['partner'] }),
      ...(limit === undefined ? {} : { limit: Number(limit) }),
      ...(q['cursor'] === undefined ? {} : { cursor: q['cursor'] }),
    });
    return c.json(page);
  },
});

export const detailRoute = apiRoute({
  access: officers,
  config: {
    method: 'get',
    path: '/api/v1/certificates/{number}',
    tags,
    summary: 'A certificate with its timeline, signed document, receipts and confirmation',
    request: { params: numberParams },
    responses: {
      200: { description: 'The certificate.', content: json(detailSchema) },
      404: problemReply('Not held (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    return c.json(await getCertificate(ctx, c.req.param('number') ?? ''));
  },
});

export const confirmRoute = apiRoute({
  access: ['importer'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/certificates/{number}/confirmation',
    tags,
    summary: 'Confirm the import (KPCS III(b))',
    description:
      'Records what arrived, computes the discrepancies, marks the certificate confirmed (consumed) and sends the signed confirmation to the issuer. A second confirmation is KPX_ALREADY_CONSUMED and is recorded as a reuse attempt. A certificate already expired can still be confirmed when the shipment was received on or before its date of expiry (late confirmation); received after, KPX_CERTIFICATE_EXPIRED.',
    request: {
      params: numberParams,
      body: { content: json(confirmationInputSchema), required: true },
    },
    responses: {
      200: { description: 'Confirmed.', content: json(confirmedSchema) },
      404: problemReply('No such incoming certificate (KPX_NOT_FOUND).'),
      409: problemReply(
        'Already confirmed (KPX_ALREADY_CONSUMED, recorded as reuse) or not in a status that can be confirmed.',
      ),
      422: problemReply(
        'The input is not valid (KPX_VALIDATION_FAILED with problems), or the certificate expired before the shipment was received (KPX_CERTIFICATE_EXPIRED).',
      ),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(
      await confirmImport(ctx, {
        number: c.req.param('number') ?? '',
        confirmation: body,
        actor: actorOf(c),
      }),
    );
  },
});

export const rejectRoute = apiRoute({
  access: ['importer'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/certificates/{number}/rejection',
    tags,
    summary: 'Reject the shipment at import',
    request: {
      params: numberParams,
      body: { content: json(rejectionInputSchema), required: true },
    },
    responses: {
      200: { description: 'Rejected.', content: json(statusChangeSchema) },
      404: problemReply('No such incoming certificate (KPX_NOT_FOUND).'),
      409: problemReply('Not in a status that can be rejected.'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(
      await rejectImport(ctx, { number: c.req.param('number') ?? '', body, actor: actorOf(c) }),
    );
  },
});

export const cancelRoute = apiRoute({
  access: ['issuer'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/certificates/{number}/cancellation',
    tags,
    summary: 'Cancel a certificate (issuer only, before confirmation)',
    request: {
      params: numberParams,
      body: { content: json(cancellationInputSchema), required: true },
    },
    responses: {
      200: { description: 'Cancelled.', content: json(statusChangeSchema) },
      404: problemReply('No such outgoing certificate (KPX_NOT_FOUND).'),
      409: problemReply('Not in a status that can be cancelled (e.g. confirmed).'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(
      await cancelCertificate(ctx, {
        number: c.req.param('number') ?? '',
        body,
        actor: actorOf(c),
      }),
    );
  },
});

export const paperRoute = apiRoute({
  access: ['importer'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/paper-certificates',
    tags,
    summary: 'Record an incoming paper certificate from a partner without a node',
    request: { body: { content: json(paperCertificateInputSchema), required: true } },
    responses: {
      201: { description: 'Recorded.', content: json(paperRecordedSchema) },
      409: problemReply('A certificate with this number is already held (KPX_CONFLICT).'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(await recordPaperCertificate(ctx, { body, actor: actorOf(c) }), 201);
  },
});

export const certificateRoutes = [
  issueRoute,
  listRoute,
  detailRoute,
  confirmRoute,
  rejectRoute,
  cancelRoute,
  paperRoute,
];
