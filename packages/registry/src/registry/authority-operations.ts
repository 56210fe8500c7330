import { defaultNumberPattern, defaultValidity, isValidNumberPattern, KpxError } from '@kpx/domain';
import { z } from 'zod';
import { isoAt } from '../runtime/clock.js';
import type { RegistryDb } from '../storage/open-registry-database.js';
import { applyChange, type Published } from './apply-change.js';
import { insertKey } from './key-operations.js';
import type { RegistryContext } from './registry-context.js';
import {
  authorityInputSchema,
  isoOfInstant,
  parseInput,
  type AuthorityInput,
  type ChangeOptions,
  type Names,
} from './registry-inputs.js';

async function clearDefault(trx: RegistryDb, participant: string, except: string): Promise<void> {
  await trx
    .updateTable('authorities')
    .set({ default_importing: 0 })
    .where('participant', '=', participant)
    .where('id', '!=', except)
    .execute();
}

/**
 * Adds an authority of a listed Participant, with its first keys if given (the first enrolment
 * is the operator's: later keys come by rotation, signed with a current one).
 */
export async function addAuthority(
  ctx: RegistryContext,
  input: AuthorityInput,
  options?: ChangeOptions,
): Promise<{ id: string; kids: string[] } & Published> {
  const a = parseInput(authorityInputSchema, input, 'authority');
  const now = ctx.clock.now();
  const keys = (a.keys ?? []).map((k) => ({
    jwk: k.jwk,
    validFrom: k.validFrom === undefined ? isoAt(now) : isoOfInstant(k.validFrom, 'validFrom'),
    validTo: k.validTo === undefined ? undefined : isoOfInstant(k.validTo, 'validTo'),
  }));
  return applyChange(ctx, options, async (trx) => {
    const participant = await trx
      .selectFrom('participants')
      .select('code')
      .where('code', '=', a.participant)
      .executeTakeFirst();
    if (participant === undefined) {
      throw new KpxError('KPX_PARTICIPANT_UNKNOWN', {
        detail: `no Participant ${a.participant} is listed`,
      });
    }
    const existing = await trx
      .selectFrom('authorities')
      .select('id')
      .where('id', '=', a.id)
      .executeTakeFirst();
    if (existing !== undefined) {
      throw new KpxError('KPX_CONFLICT', { detail: `authority ${a.id} is already listed` });
    }
    const validity = a.validity ?? defaultValidity;
    await trx
      .insertInto('authorities')
      .values({
        id: a.id,
        participant: a.participant,
        name_en: a.names.en,
        name_ru: a.names.ru,
        name_fr: a.names.fr,
        may_issue: a.mayIssue ? 1 : 0,
        may_import: a.mayImport ? 1 : 0,
        default_importing: a.defaultImporting === true ? 1 : 0,
        endpoint: a.endpoint ?? null,
        number_pattern: a.numberPattern ?? defaultNumberPattern,
        validity_default_days: validity.defaultDays,
        validity_max_days: validity.maxDays,
        updated_at: isoAt(now),
      })
      .execute();
    if (a.defaultImporting === true) await clearDefault(trx, a.participant, a.id);
    const kids: string[] = [];
    for (const key of keys) {
      kids.push(
        await insertKey(trx, {
          authority: a.id,
          jwk: key.jwk,
          validFrom: key.validFrom,
          ...(key.validTo === undefined ? {} : { validTo: key.validTo }),
          source: 'operator',
          addedAt: isoAt(now),
        }),
      );
    }
    return { id: a.id, kids };
  });
}

/** What may change about a listed authority (`endpoint: null` removes the endpoint). */
export type AuthorityUpdate = {
  names?: Names;
  mayIssue?: boolean;
  mayImport?: boolean;
  defaultImporting?: boolean;
  endpoint?: string | null;
  numberPattern?: string;
  validity?: { defaultDays: number; maxDays: number };
};

const updateSchema = z.strictObject({
  names: z
    .strictObject({ en: z.string().min(1), ru: z.string().min(1), fr: z.string().min(1) })
    .optional(),
  mayIssue: z.boolean().optional(),
  mayImport: z.boolean().optional(),
  defaultImporting: z.boolean().optional(),
  endpoint: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  numberPattern: z.string().refine(isValidNumberPattern, 'not a valid number pattern').optional(),
  validity: z
    .strictObject({ defaultDays: z.int().positive(), maxDays: z.int().positive() })
    .refine((v) => v.defaultDays <= v.maxDays, 'defaultDays exceeds maxDays')
    .optional(),
});

/** Changes a listed authority (its node moved, its policy changed). Its id and keys stay. */
export async function updateAuthority(
  ctx: RegistryContext,
  id: string,
  update: AuthorityUpdate,
  options?: ChangeOptions,
): Promise<{ id: string } & Published> {
  const u = parseInput(updateSchema, update, 'authority update');
  return applyChange(ctx, options, async (trx) => {
    const row = await trx
      .selectFrom('authorities')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) {
      throw new KpxError('KPX_AUTHORITY_UNKNOWN', { detail: `no authority ${id} is listed` });
    }
    const mayImport = u.mayImport ?? row.may_import === 1;
    const defaultImporting = u.defaultImporting ?? row.default_importing === 1;
    if (defaultImporting && !mayImport) {
      throw new KpxError('KPX_VALIDATION_FAILED', {
        detail: 'a default importing authority must be allowed to import',
      });
    }
    await trx
      .updateTable('authorities')
      .set({
        ...(u.names === undefined
          ? {}
          : { name_en: u.names.en, name_ru: u.names.ru, name_fr: u.names.fr }),
        ...(u.mayIssue === undefined ? {} : { may_issue: u.mayIssue ? 1 : 0 }),
        may_import: mayImport ? 1 : 0,
        default_importing: defaultImporting ? 1 : 0,
        ...(u.endpoint === undefined ? {} : { endpoint: u.endpoint }),
        ...(u.numberPattern === undefined ? {} : { number_pattern: u.numberPattern }),
        ...(u.validity === undefined
          ? {}
          : {
              validity_default_days: u.validity.defaultDays,
              validity_max_days: u.validity.maxDays,
            }),
        updated_at: isoAt(ctx.clock.now()),
      })
      .where('id', '=', id)
      .execute();
    if (defaultImporting) await clearDefault(trx, row.participant, id);
    return { id };
  });
}
