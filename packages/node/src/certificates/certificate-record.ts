import type { Certificate, CertificateStatus } from '@kpx/domain';
import type { DeliveryMode, Direction } from '../storage/database-schema.js';

/**
 * A certificate as this node holds it: the certificate data plus this node's view of it
 * (direction, status, delivery) and the exact signed bytes.
 */
export type CertificateRecord = {
  number: string;
  direction: Direction;
  status: CertificateStatus;
  delivery: DeliveryMode;
  issuingAuthority: string;
  partnerParticipant: string;
  partnerAuthority: string | null;
  /** The vc+jwt exactly as signed or received; null for a certificate recorded from paper. */
  signed: string | null;
  certificate: Certificate;
  issuedOn: string;
  expiresOn: string;
  replaces: string | null;
  replacedBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The `KP1:` QR payload when one is held (stored at issue, or the issuer's, verified). */
  qrText?: string | null;
};
