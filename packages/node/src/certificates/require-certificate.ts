import { KpxError } from '@kpx/domain';
import type { Direction } from '../storage/database-schema.js';
import type { Repositories } from '../storage/repositories.js';
import type { CertificateRecord } from './certificate-record.js';

/**
 * The certificate `number` held in `direction`, or `KPX_NOT_FOUND`. Asking the importer's
 * action of an outgoing certificate (or the reverse) is "not found" too: each side acts only on
 * its own side of a certificate.
 */
export async function requireCertificate(
  repos: Repositories,
  number: string,
  direction: Direction,
): Promise<CertificateRecord> {
  const record = await repos.certificates.find(number);
  if (record === undefined || record.direction !== direction) {
    const side = direction === 'incoming' ? 'received' : 'issued';
    throw new KpxError('KPX_NOT_FOUND', {
      detail: `No certificate ${number} ${side} by this authority`,
    });
  }
  return record;
}
