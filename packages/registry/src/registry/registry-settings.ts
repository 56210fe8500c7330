import { KpxError } from '@kpx/domain';
import { publicJwkSchema, type PublicJwk } from '@kpx/protocol';
import type { RegistryDb } from '../storage/open-registry-database.js';

/** Registry-wide settings, fixed at `init` and stored in the database. */
export type RegistrySettings = {
  /** The root public key nodes pin. */
  rootKey: PublicJwk;
  rootKid: string;
  /** `nextUpdate` = `issuedAt` + this. */
  periodMs: number;
  /** A new version is signed once `nextUpdate` is this close, changes or not. */
  refreshBeforeMs: number;
  /** How long a superseded key stays valid after its successor's `validFrom`. */
  overlapMs: number;
  /** Publish a rotation signed by the authority's current key without an operator. */
  autoApproveRotation: boolean;
  /** Oldest acceptable `requestedAt` of an enrolment request. */
  enrolmentMaxAgeMs: number;
};

const keys = {
  rootKey: 'root_public_jwk',
  rootKid: 'root_kid',
  periodMs: 'period_ms',
  refreshBeforeMs: 'refresh_before_ms',
  overlapMs: 'overlap_ms',
  autoApproveRotation: 'auto_approve_rotation',
  enrolmentMaxAgeMs: 'enrolment_max_age_ms',
} as const satisfies Record<keyof RegistrySettings, string>;

/** Settings key of the SHA-256 (base64url) of the admin bearer token. */
export const adminTokenSetting = 'admin_token_sha256';
/** Settings key written last by `init`: its presence means the registry is complete. */
export const initialisedSetting = 'initialised_at';

/** Rows to insert for `settings`. */
export function settingsRows(settings: RegistrySettings): { key: string; value: string }[] {
  return [
    { key: keys.rootKey, value: JSON.stringify(settings.rootKey) },
    { key: keys.rootKid, value: settings.rootKid },
    { key: keys.periodMs, value: String(settings.periodMs) },
    { key: keys.refreshBeforeMs, value: String(settings.refreshBeforeMs) },
    { key: keys.overlapMs, value: String(settings.overlapMs) },
    { key: keys.autoApproveRotation, value: String(settings.autoApproveRotation) },
    { key: keys.enrolmentMaxAgeMs, value: String(settings.enrolmentMaxAgeMs) },
  ];
}

/** Reads one setting, `undefined` when absent. */
export async function readSetting(db: RegistryDb, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

/** Writes one setting. */
export async function writeSetting(db: RegistryDb, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Reads the settings of an initialised registry; `KPX_CONFIG_INVALID` when incomplete. */
export async function readSettings(db: RegistryDb, dir: string): Promise<RegistrySettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value] as const));
  const broken = (what: string): KpxError =>
    new KpxError('KPX_CONFIG_INVALID', {
      detail: `the registry in ${dir} is not initialised (${what}): run kpx registry init`,
    });
  if (!byKey.has(initialisedSetting)) throw broken('init did not complete');
  const number = (key: string): number => {
    const value = Number(byKey.get(key));
    if (!Number.isSafeInteger(value) || value < 0) throw broken(`setting ${key}`);
    return value;
  };
  const rootKey = publicJwkSchema.safeParse(JSON.parse(byKey.get(keys.rootKey) ?? 'null'));
  const rootKid = byKey.get(keys.rootKid);
  if (!rootKey.success || rootKid === undefined) throw broken('root key');
  return Object.freeze({
    rootKey: rootKey.data,
    rootKid,
    periodMs: number(keys.periodMs),
    refreshBeforeMs: number(keys.refreshBeforeMs),
    overlapMs: number(keys.overlapMs),
    autoApproveRotation: byKey.get(keys.autoApproveRotation) === 'true',
    enrolmentMaxAgeMs: number(keys.enrolmentMaxAgeMs),
  });
}
