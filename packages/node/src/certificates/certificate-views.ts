import type { Certificate, Discrepancy, Confirmation } from '@kpx/domain';
import type { ConfirmationRecord } from './confirmation-repository.js';
import type { CertificateEvent } from './event-repository.js';
import type { CertificateRecord } from './certificate-record.js';
import type { ReceiptRecord } from '../exchange/receipt-repository.js';

/** A certificate in the list (`GET /api/v1/certificates`). */
export type CertificateSummary = {
  number: string;
  direction: 'outgoing' | 'incoming';
  status: string;
  delivery: 'electronic' | 'paper';
  issuingAuthority: string;
  partner: { participant: string; authority: string | null };
  issuedOn: string;
  expiresOn: string;
  totals: { carats: string; valueUsd: string };
  createdAt: string;
  updatedAt: string;
};

/** A certificate with everything this node knows (`GET /api/v1/certificates/{number}`). */
export type CertificateDetail = CertificateSummary & {
  certificate: Certificate;
  /** The vc+jwt as signed or received; null when recorded from paper. */
  signed: string | null;
  replaces: string | null;
  replacedBy: string | null;
  events: CertificateEvent[];
  receipts: Array<{
    messageId: string;
    messageType: string;
    /** `received`: the partner's receipt for our message; `issued`: ours for theirs. */
    role: 'received' | 'issued';
    signer: string;
    result: 'accepted' | 'rejected';
    code?: string;
    receivedAt: string;
    jws: string;
  }>;
  confirmation:
    | (Confirmation & { discrepancies: Discrepancy[]; confirmedAt: string; confirmedBy: string })
    | null;
};

export function toSummary(r: CertificateRecord): CertificateSummary {
  return {
    number: r.number,
    direction: r.direction,
    status: r.status,
    delivery: r.delivery,
    issuingAuthority: r.issuingAuthority,
    partner: { participant: r.partnerParticipant, authority: r.partnerAuthority },
    issuedOn: r.issuedOn,
    expiresOn: r.expiresOn,
    totals: r.certificate.totals,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toDetail(
  r: CertificateRecord,
  events: CertificateEvent[],
  receipts: ReceiptRecord[],
  confirmation: ConfirmationRecord | undefined,
): CertificateDetail {
  return {
    ...toSummary(r),
    certificate: r.certificate,
    signed: r.signed,
    replaces: r.replaces,
    replacedBy: r.replacedBy,
    events,
    receipts: receipts.map((x) => ({
      messageId: x.messageId,
      messageType: x.messageType,
      role: x.role,
      signer: x.signerAuthority,
      result: x.result,
      ...(x.code === null ? {} : { code: x.code }),
      receivedAt: x.receivedAt,
      jws: x.jws,
    })),
    confirmation:
      confirmation === undefined
        ? null
        : {
            ...confirmation.confirmation,
            discrepancies: confirmation.discrepancies,
            confirmedAt: confirmation.confirmedAt,
            confirmedBy: confirmation.confirmedBy,
          },
  };
}
