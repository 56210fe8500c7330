import { KpxError, validatePaperCertificate, type Certificate } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { recordChange } from './record-change.js';

/** Request to record a certificate read off paper (`POST /api/v1/paper-certificates`). */
export type PaperRequest = { body: unknown; actor: string };

/** The answer: the certificate is held as incoming, delivery `paper`. */
export type RecordedPaperCertificate = { number: string; status: 'delivered'; delivery: 'paper' };

/**
 * Records an incoming certificate from a partner without a node, as read off the paper form by
 * the importing officer (ARCHITECTURE.md "Partners without a node"), so confirmations and
 * statistics stay complete. It is marked as such: delivery `paper`, no signed document, and a
 * `recorded-from-paper` timeline event. It must be addressed to this authority's Participant.
 */
export function recordPaperCertificate(
  ctx: NodeContext,
  request: PaperRequest,
): Promise<RecordedPaperCertificate> {
  return ctx.storage.transactor.transact(async (uow) => {
    const repos = repositories(uow.db, ctx.ids);
    const now = isoAt(ctx.clock.now());
    const trust = ctx.trust.current();
    const checked = validatePaperCertificate(request.body, {
      directory: trust.directory,
      today: now.slice(0, 10),
    });
    if (!checked.ok) throw new KpxError('KPX_VALIDATION_FAILED', { problems: checked.problems });
    const paper = checked.value;
    const self = trust.directory.authority(ctx.authority);
    if (self === undefined || paper.importingParticipant !== self.participant) {
      throw new KpxError('KPX_VALIDATION_FAILED', {
        problems: [
          {
            code: 'KPX_AUTHORITY_NOT_OF_PARTICIPANT',
            path: '/importingParticipant',
            message: `This node records imports into ${self?.participant ?? '?'}, not ${paper.importingParticipant}.`,
          },
        ],
      });
    }
    if (paper.importingAuthority !== undefined && paper.importingAuthority !== ctx.authority) {
      throw new KpxError('KPX_VALIDATION_FAILED', {
        problems: [
          {
            code: 'KPX_VALIDATION_FAILED',
            path: '/importingAuthority',
            message: `This node is ${ctx.authority}.`,
          },
        ],
      });
    }
    if ((await repos.certificates.find(paper.number)) !== undefined) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `A certificate ${paper.number} is already held`,
      });
    }
    // The paper form names its issuer in words; kept as printed in `issuingAuthority`.
    const certificate: Certificate = {
      number: paper.number,
      issuingAuthority: paper.issuingAuthority,
      exportingParticipant: paper.exportingParticipant,
      importingParticipant: paper.importingParticipant,
      importingAuthority: ctx.authority,
      exporter: paper.exporter,
      importer: paper.importer,
      origin: paper.origin,
      items: paper.items,
      totals: paper.totals,
      parcels: paper.parcels,
      issuedOn: paper.issuedOn,
      expiresOn: paper.expiresOn,
      transit: paper.transit ?? [],
      seals: paper.seals ?? [],
      ...(paper.replaces === undefined ? {} : { replaces: paper.replaces }),
    };
    await repos.certificates.insert({
      number: paper.number,
      direction: 'incoming',
      // Physically presented with the shipment: as far as the lifecycle goes, delivered.
      status: 'delivered',
      delivery: 'paper',
      issuingAuthority: paper.issuingAuthority,
      partnerParticipant: paper.exportingParticipant,
      partnerAuthority: null,
      signed: null,
      certificate,
      issuedOn: paper.issuedOn,
      expiresOn: paper.expiresOn,
      replaces: paper.replaces ?? null,
      replacedBy: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await recordChange(uow, repos, {
      number: paper.number,
      at: now,
      actor: request.actor,
      event: 'recorded-from-paper',
      action: 'certificate.record-paper',
      data: { from: paper.exportingParticipant, issuingAuthority: paper.issuingAuthority },
    });
    return { number: paper.number, status: 'delivered' as const, delivery: 'paper' as const };
  });
}
