import {
  KpxError,
  buildCertificate,
  formatCertificateNumber,
  nextStatus,
  validateDraft,
  type Certificate,
} from '@kpx/domain';
import { encodeQrPayload, signCertificate } from '@kpx/protocol';
import { requestHash } from '../idempotency/request-hash.js';
import type { NodeContext } from '../node-context.js';
import { enqueueMessage, prepareMessage } from '../outbox/enqueue-message.js';
import { isoAt } from '../runtime/clock.js';
import type { DeliveryMode } from '../storage/database-schema.js';
import { repositories, type Repositories } from '../storage/repositories.js';
import type { UnitOfWork } from '../storage/transactor.js';
import { refuseSuspended } from '../trust/verify-with-trust.js';
import type { CertificateRecord } from './certificate-record.js';
import { recordChange } from './record-change.js';
import { nextSerial } from './serial-repository.js';

/** Request to issue a certificate (`POST /api/v1/certificates`). */
export type IssueRequest = {
  /** The draft as received: validated here, all problems at once. */
  draft: unknown;
  /** Who issues (`token:<id>`), for the timeline and audit log. */
  actor: string;
  /** The token the request came with: idempotency keys are scoped to it. */
  principal: string;
  idempotencyKey?: string;
};

/** The `201` body of an issue. */
export type IssuedCertificate = {
  number: string;
  status: 'issued';
  delivery: DeliveryMode;
  issuedOn: string;
  expiresOn: string;
  replaces?: string;
};

/** The outcome; `replayed` when an `Idempotency-Key` retry got the first response again. */
export type IssueOutcome = { status: number; body: IssuedCertificate; replayed: boolean };

/**
 * Issues a certificate (ARCHITECTURE.md flow 1), all in ONE transaction: validate the draft
 * (KPCS Annex I rules via domain `validateDraft`) → number it from the authority's pattern and
 * serial → build → sign (vc+jwt) → store → queue the `certificate.issued` envelope, signed once.
 * When the importing authority has no endpoint in the trust list the delivery is `paper` and
 * nothing is queued. With `replaces` this is an amendment: the old certificate becomes
 * `superseded` and its importer is told (`certificate.superseded`).
 *
 * `Idempotency-Key`: the same key with the same body returns the first response (no second
 * certificate); with another body it is `KPX_IDEMPOTENCY_CONFLICT`.
 */
export function issueCertificate(ctx: NodeContext, request: IssueRequest): Promise<IssueOutcome> {
  // Past the trust list's nextUpdate + grace the node issues nothing (503): partners could not
  // be told apart from revoked or suspended ones.
  ctx.trust.assertFresh('issue a certificate');
  const hash =
    request.idempotencyKey === undefined ? undefined : requestHash('issue', request.draft);
  return ctx.storage.transactor.transact(async (uow) => {
    const repos = repositories(uow.db, ctx.ids);
    if (request.idempotencyKey !== undefined && hash !== undefined) {
      const stored = await repos.idempotency.find(request.principal, request.idempotencyKey);
      if (stored !== undefined) {
        if (stored.requestHash !== hash) {
          throw new KpxError('KPX_IDEMPOTENCY_CONFLICT', {
            detail: `Idempotency-Key ${request.idempotencyKey} was used with another request body`,
          });
        }
        return { status: stored.status, body: stored.body as IssuedCertificate, replayed: true };
      }
    }
    const body = await issueInTransaction(ctx, uow, repos, request);
    if (request.idempotencyKey !== undefined && hash !== undefined) {
      await repos.idempotency.insert(
        request.principal,
        request.idempotencyKey,
        { requestHash: hash, status: 201, body },
        isoAt(ctx.clock.now()),
      );
    }
    return { status: 201, body, replayed: false };
  });
}

/**
 * The issue itself, inside the caller's transaction: also what approving a trader's application
 * runs (docs/applications.md), so both paths validate, number, sign and queue alike.
 */
export async function issueInTransaction(
  ctx: NodeContext,
  uow: UnitOfWork,
  repos: Repositories,
  request: IssueRequest,
): Promise<IssuedCertificate> {
  const nowMs = ctx.clock.now();
  const now = isoAt(nowMs);
  const today = now.slice(0, 10);
  const trust = ctx.trust.current();
  refuseSuspended(
    trust,
    { ...(request.draft as object), issuingAuthority: ctx.authority },
    'issue a certificate',
  );
  const checked = validateDraft(request.draft, {
    directory: trust.directory,
    issuingAuthority: ctx.authority,
    today,
  });
  if (!checked.ok) throw new KpxError('KPX_VALIDATION_FAILED', { problems: checked.problems });
  const draft = checked.value;

  const replaced =
    draft.replaces === undefined ? undefined : await repos.certificates.find(draft.replaces);
  if (draft.replaces !== undefined) {
    if (replaced === undefined || replaced.direction !== 'outgoing') {
      throw new KpxError('KPX_REPLACES_INVALID', {
        problems: [
          {
            code: 'KPX_REPLACES_INVALID',
            path: '/replaces',
            message: `${draft.replaces} is not a certificate this authority issued.`,
          },
        ],
      });
    }
    const transition = nextStatus(replaced.status, 'supersede');
    if (!transition.ok) {
      throw new KpxError(transition.code, {
        detail: `${replaced.number} is ${replaced.status} and cannot be amended`,
      });
    }
  }

  const issuer = trust.directory.authority(ctx.authority);
  if (issuer === undefined)
    throw new KpxError('KPX_AUTHORITY_UNKNOWN', {
      detail: `${ctx.authority} is not in the trust list`,
    });
  const year = Number(today.slice(0, 4));
  const serial = await nextSerial(uow.db, ctx.authority, year);
  const number = formatCertificateNumber(issuer.numberPattern, {
    participant: issuer.participant,
    year,
    serial,
  });
  const certificate: Certificate = buildCertificate(draft, {
    directory: trust.directory,
    issuingAuthority: ctx.authority,
    number,
    issuedOn: today,
  });
  const signer = ctx.signer;
  const signed = await signCertificate(certificate, signer, { issuedAt: new Date(nowMs) });
  // The printed certificate's QR (KP1 payload, spec/qr-payload.md), signed by the same key as
  // the document and stored with it, so every print shows the same code.
  const qrText = await encodeQrPayload(certificate, signed, signer);
  const delivery: DeliveryMode =
    trust.endpointOf(certificate.importingAuthority) === undefined ? 'paper' : 'electronic';

  const record: CertificateRecord = {
    number,
    direction: 'outgoing',
    status: 'issued',
    delivery,
    issuingAuthority: ctx.authority,
    partnerParticipant: certificate.importingParticipant,
    partnerAuthority: certificate.importingAuthority,
    signed,
    certificate,
    issuedOn: certificate.issuedOn,
    expiresOn: certificate.expiresOn,
    replaces: certificate.replaces ?? null,
    replacedBy: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    qrText,
  };
  // On PostgreSQL the certificate row and its statistics are written with the timeline event
  // (`recordChange`), in the statement that takes the audit lock: fewer round trips while the
  // serial lock is held. Elsewhere (and when they do not fit one statement) stored here.
  const certificateWrites = repos.certificates.insertWrites(record);
  if (certificateWrites === undefined) await repos.certificates.insert(record);
  // The outbox row is written with the timeline event (`recordChange`), likewise.
  const message =
    delivery === 'electronic'
      ? await prepareMessage(ctx, uow, repos, {
          type: 'certificate.issued',
          to: certificate.importingAuthority,
          subject: number,
          body: { certificate: signed, qr: qrText },
        })
      : undefined;
  const messageId = message?.id;
  const data = {
    delivery,
    to: certificate.importingAuthority,
    ...(messageId === undefined ? {} : { messageId }),
  };
  await recordChange(
    uow,
    repos,
    {
      number,
      at: now,
      actor: request.actor,
      event: 'issued',
      action: 'certificate.issue',
      data,
    },
    [...(certificateWrites ?? []), ...(message === undefined ? [] : [message.write])],
  );

  if (replaced !== undefined) {
    await repos.certificates.updateStatus(replaced.number, {
      status: 'superseded',
      expectedVersion: replaced.version,
      at: now,
      replacedBy: number,
    });
    const notice =
      replaced.delivery === 'electronic' && replaced.partnerAuthority !== null
        ? await enqueueMessage(ctx, uow, repos, {
            type: 'certificate.superseded',
            to: replaced.partnerAuthority,
            subject: replaced.number,
            body: { number: replaced.number, replacedBy: number },
          })
        : undefined;
    const supersede = {
      replacedBy: number,
      ...(notice === undefined ? {} : { messageId: notice }),
    };
    await recordChange(uow, repos, {
      number: replaced.number,
      at: now,
      actor: request.actor,
      event: 'superseded',
      action: 'certificate.supersede',
      data: supersede,
    });
  }
  return {
    number,
    status: 'issued',
    delivery,
    issuedOn: certificate.issuedOn,
    expiresOn: certificate.expiresOn,
    ...(certificate.replaces === undefined ? {} : { replaces: certificate.replaces }),
  };
}
