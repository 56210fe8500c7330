import { computeDiscrepancies } from '@kpx/domain';
import {
  certificateCancelledBodySchema,
  certificateSupersededBodySchema,
  importConfirmedBodySchema,
  importRejectedBodySchema,
} from '../message-bodies.js';
import { reject, type MessageHandler } from '../message-handler.js';
import { applyStatusNotice } from './status-notice.js';

const invalidBody = (type: string) => ({
  subject: null,
  rejection: reject('KPX_PAYLOAD_INVALID', `body is not a valid ${type} body`),
});

/** `certificate.cancelled`: the issuer withdrew the certificate; our incoming copy is cancelled. */
export const handleCertificateCancelled: MessageHandler = (_ctx, envelope) => {
  const body = certificateCancelledBodySchema.safeParse(envelope.body);
  if (!body.success) return Promise.resolve(invalidBody(envelope.type));
  return Promise.resolve(
    applyStatusNotice(envelope, {
      number: body.data.number,
      direction: 'incoming',
      event: 'cancel',
      status: 'cancelled',
      timelineEvent: 'cancelled',
      action: 'certificate.cancel',
      data: { reason: body.data.reason },
    }),
  );
};

/** `certificate.superseded`: an amendment replaced the certificate; our incoming copy is superseded. */
export const handleCertificateSuperseded: MessageHandler = (_ctx, envelope) => {
  const body = certificateSupersededBodySchema.safeParse(envelope.body);
  if (!body.success) return Promise.resolve(invalidBody(envelope.type));
  return Promise.resolve(
    applyStatusNotice(envelope, {
      number: body.data.number,
      direction: 'incoming',
      event: 'supersede',
      status: 'superseded',
      timelineEvent: 'superseded',
      action: 'certificate.supersede',
      data: { replacedBy: body.data.replacedBy },
      replacedBy: body.data.replacedBy,
    }),
  );
};

/**
 * `import.confirmed` (KPCS III(b)): the importer confirms receipt; the issuer's copy becomes
 * `confirmed`. The discrepancies are recomputed here from the certificate we signed and the
 * figures confirmed, rather than trusted from the message: both sides then show the same
 * result from the same rule. A copy this node already marked `expired` (on its own clock) is
 * still confirmed when the shipment was received on or before the date of expiry (late
 * confirmation, docs/decisions.md D16); received after, the message is rejected with
 * `KPX_CERTIFICATE_EXPIRED`.
 */
export const handleImportConfirmed: MessageHandler = (_ctx, envelope) => {
  const body = importConfirmedBodySchema.safeParse(envelope.body);
  if (!body.success) return Promise.resolve(invalidBody(envelope.type));
  const { number, confirmation } = body.data;
  return Promise.resolve(
    applyStatusNotice(envelope, {
      number,
      direction: 'outgoing',
      event: 'confirm',
      status: 'confirmed',
      timelineEvent: 'confirmed',
      action: 'certificate.confirm',
      data: { by: envelope.from },
      receivedOn: confirmation.receivedOn,
      async also(_uow, repos, at) {
        const record = await repos.certificates.find(number);
        if (record === undefined) return;
        await repos.confirmations.insert({
          certificateNumber: number,
          confirmation,
          discrepancies: computeDiscrepancies(record.certificate, confirmation),
          confirmedAt: at,
          confirmedBy: envelope.from,
          messageId: envelope.id,
        });
      },
    }),
  );
};

/** `import.rejected`: the importer refused the shipment; the issuer's copy becomes `rejected`. */
export const handleImportRejected: MessageHandler = (_ctx, envelope) => {
  const body = importRejectedBodySchema.safeParse(envelope.body);
  if (!body.success) return Promise.resolve(invalidBody(envelope.type));
  return Promise.resolve(
    applyStatusNotice(envelope, {
      number: body.data.number,
      direction: 'outgoing',
      event: 'reject',
      status: 'rejected',
      timelineEvent: 'rejected',
      action: 'certificate.reject',
      data: { reason: body.data.reason, by: envelope.from },
    }),
  );
};
