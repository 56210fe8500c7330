import { KpxError } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { repositories } from '../storage/repositories.js';
import { toDetail, type CertificateDetail } from './certificate-views.js';

/** One certificate with its timeline, signed document, receipts and confirmation. */
export async function getCertificate(ctx: NodeContext, number: string): Promise<CertificateDetail> {
  const repos = repositories(ctx.storage.db, ctx.ids);
  const record = await repos.certificates.find(number);
  if (record === undefined)
    throw new KpxError('KPX_NOT_FOUND', { detail: `No certificate ${number}` });
  const [events, receipts, confirmation] = await Promise.all([
    repos.events.list(number),
    repos.receipts.forCertificate(number),
    repos.confirmations.find(number),
  ]);
  return toDetail(record, events, receipts, confirmation);
}
