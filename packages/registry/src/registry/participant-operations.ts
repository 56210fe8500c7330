import { KpxError } from '@kpx/domain';
import { isoAt } from '../runtime/clock.js';
import { applyChange, type Published } from './apply-change.js';
import type { RegistryContext } from './registry-context.js';
import {
  parseInput,
  participantInputSchema,
  type ChangeOptions,
  type ParticipantInput,
} from './registry-inputs.js';

/** Adds a Participant (one beyond the 60 seeded at `init`, e.g. a newly admitted one). */
export async function addParticipant(
  ctx: RegistryContext,
  input: ParticipantInput,
  options?: ChangeOptions,
): Promise<{ code: string } & Published> {
  const p = parseInput(participantInputSchema, input, 'Participant');
  return applyChange(ctx, options, async (trx) => {
    const existing = await trx
      .selectFrom('participants')
      .select('code')
      .where('code', '=', p.code)
      .executeTakeFirst();
    if (existing !== undefined) {
      throw new KpxError('KPX_CONFLICT', { detail: `Participant ${p.code} is already listed` });
    }
    await trx
      .insertInto('participants')
      .values({
        code: p.code,
        name_en: p.names.en,
        name_ru: p.names.ru,
        name_fr: p.names.fr,
        status: p.status ?? 'active',
        updated_at: isoAt(ctx.clock.now()),
      })
      .execute();
    return { code: p.code };
  });
}

/**
 * Suspends a Participant (or lifts the suspension with `status: 'active'`). The trust list
 * keeps it, marked `suspended`: nodes drop it and its authorities from their directory, and the
 * registry refuses key enrolments from its authorities. Its keys stay listed, so documents
 * signed before keep verifying.
 */
export async function setParticipantStatus(
  ctx: RegistryContext,
  code: string,
  status: 'active' | 'suspended',
  options?: ChangeOptions,
): Promise<{ code: string; status: 'active' | 'suspended'; changed: boolean } & Published> {
  return applyChange(ctx, options, async (trx) => {
    const existing = await trx
      .selectFrom('participants')
      .select('status')
      .where('code', '=', code)
      .executeTakeFirst();
    if (existing === undefined) {
      throw new KpxError('KPX_PARTICIPANT_UNKNOWN', { detail: `no Participant ${code} is listed` });
    }
    if (existing.status !== status) {
      await trx
        .updateTable('participants')
        .set({ status, updated_at: isoAt(ctx.clock.now()) })
        .where('code', '=', code)
        .execute();
    }
    return { code, status, changed: existing.status !== status };
  });
}
