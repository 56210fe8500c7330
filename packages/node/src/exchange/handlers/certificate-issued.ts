import { nextStatus } from '@kpx/domain';
import type { CertificateRecord } from '../../certificates/certificate-record.js';
import { recordChange } from '../../certificates/record-change.js';
import { verifyCertificateWithTrust, verifyQrWithTrust } from '../../trust/verify-with-trust.js';
import { certificateIssuedBodySchema } from '../message-bodies.js';
import { accepted, partnerActor, reject, type MessageHandler } from '../message-handler.js';

/**
 * `certificate.issued` (ARCHITECTURE.md flow 3): the certificate's signature must verify with
 * the issuer's key valid at signing time (`iat`), the certificate must satisfy the KPCS rules,
 * come from the envelope's sender and be addressed to this authority. The exact vc+jwt bytes are
 * stored. A certificate already consumed here, presented again, is refused and recorded as reuse.
 */
export const handleCertificateIssued: MessageHandler = async (ctx, envelope) => {
  const body = certificateIssuedBodySchema.safeParse(envelope.body);
  if (!body.success)
    return {
      subject: null,
      rejection: reject('KPX_PAYLOAD_INVALID', 'body is not { certificate }'),
    };
  const signed = body.data.certificate;
  // Names the cause: KPX_PARTICIPANT_SUSPENDED, KPX_AUTHORITY_MAY_NOT_ISSUE, KPX_KEY_REVOKED, …
  const outcome = await verifyCertificateWithTrust(ctx, signed);
  const certificate = outcome.value;
  if (!outcome.valid || certificate === undefined) {
    const failed = outcome.checks.find((c) => !c.ok);
    return {
      subject: null,
      rejection: reject(
        failed?.code ?? 'KPX_SIGNATURE_INVALID',
        `certificate ${failed?.check ?? ''}: ${failed?.message ?? ''}`,
      ),
    };
  }
  const number = certificate.number;
  if (certificate.issuingAuthority !== envelope.from) {
    return {
      subject: number,
      rejection: reject(
        'KPX_KEY_AUTHORITY_MISMATCH',
        `certificate issued by ${certificate.issuingAuthority}, sent by ${envelope.from}`,
      ),
    };
  }
  if (certificate.importingAuthority !== ctx.authority) {
    return {
      subject: number,
      rejection: reject(
        'KPX_MESSAGE_MISADDRESSED',
        `certificate is for ${certificate.importingAuthority}, this is ${ctx.authority}`,
      ),
    };
  }
  // The issuer's QR payload (optional) is kept for printing only when it verifies and is the
  // QR of exactly this document; a bad one is dropped, it does not cost the certificate.
  let qrText: string | null = null;
  if (body.data.qr !== undefined) {
    const qr = await verifyQrWithTrust(ctx, body.data.qr, { document: signed });
    if (qr.valid && qr.value?.number === number) qrText = body.data.qr;
    else
      ctx.logger.warn(
        { number, from: envelope.from, check: qr.checks.find((c) => !c.ok)?.check },
        'dropped the QR payload of a received certificate: it does not verify',
      );
  }
  return {
    subject: number,
    async apply(uow, repos, at) {
      const actor = partnerActor(envelope.from);
      const held = await repos.certificates.find(number);
      if (held !== undefined) {
        if (held.signed !== signed || held.direction !== 'incoming') {
          return reject('KPX_CONFLICT', `another certificate ${number} is already held`);
        }
        if (held.status === 'confirmed') {
          await recordChange(uow, repos, {
            number,
            at,
            actor,
            event: 'reuse-attempt',
            action: 'certificate.reuse-attempt',
            data: { attempted: 'presentation', messageId: envelope.id },
          });
          return reject('KPX_ALREADY_CONSUMED', `${number} was already used for an import`);
        }
        return accepted; // the same certificate again under a new message id: nothing changes
      }
      const record: CertificateRecord = {
        number,
        direction: 'incoming',
        status: 'delivered',
        delivery: 'electronic',
        issuingAuthority: certificate.issuingAuthority,
        partnerParticipant: certificate.exportingParticipant,
        partnerAuthority: envelope.from,
        signed,
        certificate,
        issuedOn: certificate.issuedOn,
        expiresOn: certificate.expiresOn,
        replaces: certificate.replaces ?? null,
        replacedBy: null,
        createdAt: at,
        updatedAt: at,
        version: 1,
        qrText,
      };
      // On PostgreSQL the row and its statistics go in the statement that takes the audit lock
      // with the timeline event (`recordChange`), as an issue's do: one round trip fewer.
      const writes = repos.certificates.insertWrites(record);
      if (writes === undefined) await repos.certificates.insert(record);
      await recordChange(
        uow,
        repos,
        {
          number,
          at,
          actor,
          event: 'received',
          action: 'certificate.receive',
          data: { messageId: envelope.id, from: envelope.from },
        },
        writes,
      );
      // An amendment names the certificate it replaces; supersede our copy of it if still open.
      const old =
        certificate.replaces === undefined
          ? undefined
          : await repos.certificates.find(certificate.replaces);
      if (
        old !== undefined &&
        old.direction === 'incoming' &&
        old.issuingAuthority === envelope.from
      ) {
        if (nextStatus(old.status, 'supersede').ok) {
          await repos.certificates.updateStatus(old.number, {
            status: 'superseded',
            expectedVersion: old.version,
            at,
            replacedBy: number,
          });
          await recordChange(uow, repos, {
            number: old.number,
            at,
            actor,
            event: 'superseded',
            action: 'certificate.supersede',
            data: { replacedBy: number, messageId: envelope.id },
          });
        }
      }
      return accepted;
    },
  };
};
