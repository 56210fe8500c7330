import type { CertificateState, Confirmation } from '@kpx/domain';
import type { CertificateRecord } from '../certificates/certificate-record.js';

/** The confirmation figures statistics read (the rest of a confirmation is not needed). */
export type ConfirmedFigures = Pick<Confirmation, 'carats' | 'valueUsd' | 'items' | 'receivedOn'>;

/**
 * A held certificate as the domain's statistics see it. An incoming certificate counts as an
 * import from its confirmation's figures, so until those are stored (a use case may write the
 * status before the confirmation row, in the same transaction) it is taken as not yet
 * confirmed; the import is added when the confirmation arrives. Either order of the two writes
 * gives the same statistics.
 */
export function certificateStateOf(
  record: Pick<CertificateRecord, 'direction' | 'status' | 'certificate'>,
  confirmation: ConfirmedFigures | undefined,
): CertificateState {
  const status =
    record.direction === 'incoming' && record.status === 'confirmed' && confirmation === undefined
      ? 'delivered'
      : record.status;
  return {
    direction: record.direction,
    status,
    certificate: record.certificate,
    ...(confirmation === undefined ? {} : { confirmation }),
  };
}
