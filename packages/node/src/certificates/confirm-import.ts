import {
  KpxError,
  computeDiscrepancies,
  isCalendarDate,
  nextStatus,
  validateConfirmation,
  type Discrepancy,
} from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { isoAt } from '../runtime/clock.js';
import { repositories } from '../storage/repositories.js';
import { recordChange } from './record-change.js';
import { requireCertificate } from './require-certificate.js';

/** Request to confirm an import (`POST /api/v1/certificates/{number}/confirmation`). */
export type ConfirmRequest = { number: string; confirmation: unknown; actor: string };

/** The answer: the certificate is `confirmed`, with what differed from it. */
export type ConfirmedImport = {
  number: string;
  status: 'confirmed';
  discrepancies: Discrepancy[];
  messageId?: string;
};

type Outcome = { kind: 'confirmed'; result: ConfirmedImport } | { kind: 'reuse'; detail: string };

/**
 * Confirms the import of a received certificate (KPCS III(b)): validates what arrived (parcels,
 * carats, value, HS lines, date of receipt, seals), computes the discrepancies against the
 * certificate, marks it `confirmed` (consumed: single use), and queues the signed
 * `import.confirmed` message to the issuer — one transaction.
 *
 * A certificate already confirmed is refused with `KPX_ALREADY_CONSUMED`, and the attempt is
 * recorded (timeline event `reuse-attempt` and audit entry) before the refusal: a second
 * presentation of a KP certificate is fraud and must leave a trace (DOMAIN.md "Single use").
 *
 * A certificate already marked `expired` can still be confirmed when the shipment was received
 * on or before its date of expiry (late confirmation, docs/decisions.md D16); received after,
 * it is refused with `KPX_CERTIFICATE_EXPIRED`.
 */
export async function confirmImport(
  ctx: NodeContext,
  request: ConfirmRequest,
): Promise<ConfirmedImport> {
  const outcome = await ctx.storage.transactor.transact(async (uow): Promise<Outcome> => {
    const repos = repositories(uow.db, ctx.ids);
    const now = isoAt(ctx.clock.now());
    const record = await requireCertificate(repos, request.number, 'incoming');
    const receivedOn = receivedOnOf(request.confirmation);
    const transition = nextStatus(
      record.status,
      'confirm',
      receivedOn === undefined ? undefined : { receivedOn, expiresOn: record.expiresOn },
    );
    if (!transition.ok) {
      if (transition.code === 'KPX_CERTIFICATE_EXPIRED') {
        throw new KpxError(transition.code, {
          detail: `${record.number} expired on ${record.expiresOn}, before the shipment was received on ${receivedOn}: it covers no shipment received after that date`,
        });
      }
      if (transition.code !== 'KPX_ALREADY_CONSUMED') {
        const late =
          record.status === 'expired'
            ? `; only a shipment received on or before ${record.expiresOn} can still be confirmed`
            : '';
        throw new KpxError(transition.code, {
          detail: `${record.number} is ${record.status} and cannot be confirmed${late}`,
        });
      }
      const confirmed = await repos.confirmations.find(record.number);
      const detail = `${record.number} was already confirmed${confirmed === undefined ? '' : ` on ${confirmed.confirmedAt}`}; this attempt is recorded as reuse`;
      await recordChange(uow, repos, {
        number: record.number,
        at: now,
        actor: request.actor,
        event: 'reuse-attempt',
        action: 'certificate.reuse-attempt',
        data: { attempted: 'confirmation' },
      });
      return { kind: 'reuse', detail };
    }
    const checked = validateConfirmation(request.confirmation, record.certificate);
    if (!checked.ok) throw new KpxError('KPX_VALIDATION_FAILED', { problems: checked.problems });
    const discrepancies = computeDiscrepancies(record.certificate, checked.value);

    await repos.certificates.updateStatus(record.number, {
      status: 'confirmed',
      expectedVersion: record.version,
      at: now,
    });
    const messageId =
      record.delivery === 'electronic'
        ? await enqueueMessage(ctx, uow, repos, {
            type: 'import.confirmed',
            to: record.issuingAuthority,
            subject: record.number,
            body: { number: record.number, confirmation: checked.value, discrepancies },
          })
        : undefined;
    await repos.confirmations.insert({
      certificateNumber: record.number,
      confirmation: checked.value,
      discrepancies,
      confirmedAt: now,
      confirmedBy: ctx.authority,
      messageId: messageId ?? null,
    });
    await recordChange(uow, repos, {
      number: record.number,
      at: now,
      actor: request.actor,
      event: 'confirmed',
      action: 'certificate.confirm',
      data: {
        discrepancies: discrepancies.length,
        ...(messageId === undefined ? {} : { messageId }),
      },
    });
    const result: ConfirmedImport = {
      number: record.number,
      status: 'confirmed',
      discrepancies,
      ...(messageId === undefined ? {} : { messageId }),
    };
    return { kind: 'confirmed', result };
  });
  if (outcome.kind === 'reuse')
    throw new KpxError('KPX_ALREADY_CONSUMED', { detail: outcome.detail });
  return outcome.result;
}

/** The date of receipt stated in a (not yet validated) confirmation, if it is a date. */
function receivedOnOf(confirmation: unknown): string | undefined {
  if (typeof confirmation !== 'object' || confirmation === null) return undefined;
  const receivedOn: unknown = (confirmation as Record<string, unknown>)['receivedOn'];
  return isCalendarDate(receivedOn) ? receivedOn : undefined;
}
