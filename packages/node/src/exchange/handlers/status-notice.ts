import { nextStatus, type CertificateStatus, type LifecycleEvent } from '@kpx/domain';
import { recordChange } from '../../certificates/record-change.js';
import type { Direction } from '../../storage/database-schema.js';
import {
  accepted,
  partnerActor,
  reject,
  type Decision,
  type PreparedMessage,
} from '../message-handler.js';
import type { Envelope } from '@kpx/protocol';
import type { Repositories } from '../../storage/repositories.js';
import type { UnitOfWork } from '../../storage/transactor.js';

/** A partner's notice that moves our copy of a certificate to another status. */
export type StatusNotice = {
  number: string;
  /** Which copy the notice is about: the importer's (`incoming`) or the issuer's (`outgoing`). */
  direction: Direction;
  event: LifecycleEvent;
  /** The status the notice leads to; receiving it again when already there is accepted. */
  status: CertificateStatus;
  timelineEvent: string;
  action: string;
  data: Record<string, unknown>;
  /** Extra writes after the status change (the confirmation row). */
  also?: (uow: UnitOfWork, repos: Repositories, at: string) => Promise<void>;
  replacedBy?: string;
  /**
   * `import.confirmed` only: the date of receipt confirmed, so that a copy we already marked
   * `expired` can still be confirmed when the shipment arrived on or before its date of expiry
   * (late confirmation, docs/decisions.md D16).
   */
  receivedOn?: string;
};

/**
 * The shared shape of `certificate.cancelled`, `certificate.superseded`, `import.confirmed` and
 * `import.rejected`: the certificate must be held on the right side and belong to the sender
 * (the issuer for notices to the importer, the importing authority for notices to the issuer),
 * and the lifecycle must allow the change. A notice for a certificate already in that status is
 * accepted unchanged; anything else the lifecycle refuses is a rejection with its code (a late
 * confirmation of a shipment received after expiry: `KPX_CERTIFICATE_EXPIRED`).
 */
export function applyStatusNotice(envelope: Envelope, notice: StatusNotice): PreparedMessage {
  return {
    subject: notice.number,
    async apply(uow, repos, at): Promise<Decision> {
      const record = await repos.certificates.find(notice.number);
      const sender =
        notice.direction === 'incoming' ? record?.issuingAuthority : record?.partnerAuthority;
      if (
        record === undefined ||
        record.direction !== notice.direction ||
        sender !== envelope.from
      ) {
        return reject(
          'KPX_NOT_FOUND',
          `no certificate ${notice.number} exchanged with ${envelope.from}`,
        );
      }
      const transition = nextStatus(
        record.status,
        notice.event,
        notice.receivedOn === undefined
          ? undefined
          : { receivedOn: notice.receivedOn, expiresOn: record.expiresOn },
      );
      if (!transition.ok) {
        if (record.status === notice.status) return accepted;
        if (transition.code === 'KPX_ALREADY_CONSUMED') {
          await recordChange(uow, repos, {
            number: record.number,
            at,
            actor: partnerActor(envelope.from),
            event: 'reuse-attempt',
            action: 'certificate.reuse-attempt',
            data: { attempted: envelope.type, messageId: envelope.id },
          });
        }
        return reject(
          transition.code,
          `${record.number} is ${record.status}; ${envelope.type} not applied`,
        );
      }
      await repos.certificates.updateStatus(record.number, {
        status: transition.status,
        expectedVersion: record.version,
        at,
        ...(notice.replacedBy === undefined ? {} : { replacedBy: notice.replacedBy }),
      });
      await notice.also?.(uow, repos, at);
      await recordChange(uow, repos, {
        number: record.number,
        at,
        actor: partnerActor(envelope.from),
        event: notice.timelineEvent,
        action: notice.action,
        data: { ...notice.data, messageId: envelope.id },
      });
      return accepted;
    },
  };
}
