import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import {
  defaultImportingAuthorities,
  KpxError,
  participants,
  seedAuthorities as domainSeedAuthorities,
} from '@kpx/domain';
import { endorseListKey, generateKeyPair, type PublicJwk, type SignatureAlg } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { writeListKeyFile } from '../list-key/list-key-file.js';
import { writeRootKeyFile } from '../root-key/root-key-file.js';
import { isoAt, systemClock, type Clock } from '../runtime/clock.js';
import {
  closeRegistryDatabase,
  openRegistryDatabase,
  writeTransaction,
} from '../storage/open-registry-database.js';
import { silentLogger } from '../runtime/logger.js';
import { publishInTransaction } from '../trust-list/publish-trust-list.js';
import { nodeVerifier } from '@kpx/protocol/node';
import { adminTokenRow, newAdminToken } from './admin-token.js';
import { registryPaths, type RegistryPaths } from './registry-paths.js';
import {
  initialisedSetting,
  settingsRows,
  readSetting,
  type RegistrySettings,
} from './registry-settings.js';

const hour = 3_600_000;
const day = 24 * hour;

/** Options of {@link initRegistry}. */
export type InitRegistryOptions = {
  /** The registry directory (created if missing; must not hold a registry yet). */
  dir: string;
  /** Encrypts the root private key (at least 8 characters). */
  passphrase: string;
  /** Trust-list period: `nextUpdate` = `issuedAt` + this. Default 24 h. */
  periodMs?: number;
  /** Re-sign when `nextUpdate` is this close. Default half the period. */
  refreshBeforeMs?: number;
  /** How long a rotated key stays valid after its successor's `validFrom`. Default the period. */
  overlapMs?: number;
  /** Validity of the online list key's endorsement. Default 365 days. */
  listKeyValidityMs?: number;
  /** Publish rotations signed by the authority's current key at once. Default false. */
  autoApproveRotation?: boolean;
  /** Oldest acceptable `requestedAt` of an enrolment. Default 1 hour. */
  enrolmentMaxAgeMs?: number;
  /** Also list the domain's seed authorities (without keys or endpoints). Default false. */
  seedAuthorities?: boolean;
  /** Algorithm of the root and list keys. Default EdDSA. */
  alg?: SignatureAlg;
  clock?: Clock;
  /** scrypt cost of the root key file (tests lower it). Default 2^17. */
  scryptCost?: number;
};

/** What `init` made. `adminToken` is shown this once (only its hash is kept). */
export type InitRegistryResult = {
  paths: RegistryPaths;
  /** The root public key: pin it in every node. */
  rootKey: PublicJwk;
  rootKid: string;
  listKid: string;
  listKeyValidTo: string;
  adminToken: string;
  version: number;
  participants: number;
  authorities: number;
};

/**
 * Creates a registry in `dir`: a root key pair (the private key written passphrase-encrypted
 * to `root-key.enc.json`: move it offline), its public key in `root-key.pub.json` (what nodes
 * pin), an online list key (`list-key.json`, mode 0600) endorsed by the root, and the database
 * with the 60 KP Participants, all active; then publishes version 1.
 *
 * @example
 * ```ts
 * const { rootKey, adminToken } = await initRegistry({ dir: '/var/lib/kpx-registry',
 *   passphrase: process.env.KPX_REGISTRY_PASSPHRASE ?? '' });
 * ```
 */
export async function initRegistry(options: InitRegistryOptions): Promise<InitRegistryResult> {
  if (options.passphrase.length < 8) {
    throw new KpxError('KPX_USAGE', {
      detail: 'the root key passphrase must have at least 8 characters',
    });
  }
  const clock = options.clock ?? systemClock;
  const periodMs = options.periodMs ?? day;
  const settingsBase = {
    periodMs,
    refreshBeforeMs: options.refreshBeforeMs ?? Math.floor(periodMs / 2),
    overlapMs: options.overlapMs ?? periodMs,
    autoApproveRotation: options.autoApproveRotation ?? false,
    enrolmentMaxAgeMs: options.enrolmentMaxAgeMs ?? hour,
  };
  if (settingsBase.refreshBeforeMs >= periodMs) {
    throw new KpxError('KPX_USAGE', { detail: 'refreshBefore must be shorter than the period' });
  }
  const paths = registryPaths(options.dir);
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  for (const path of [paths.database, paths.rootKey, paths.listKey]) {
    if (existsSync(path)) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `${options.dir} already holds a registry (${path})`,
      });
    }
  }

  const alg = options.alg ?? 'EdDSA';
  const root = await generateKeyPair(alg);
  await writeRootKeyFile(
    paths.rootKey,
    root.privateJwk,
    options.passphrase,
    options.scryptCost === undefined ? {} : { scryptCost: options.scryptCost },
  );
  await writeFile(
    paths.rootPublicKey,
    JSON.stringify({ ...root.publicJwk, kid: root.kid, alg, use: 'sig' }, null, 2) + '\n',
  );

  const now = clock.now();
  const list = await generateKeyPair(alg);
  const listKeyValidTo = isoAt(now + (options.listKeyValidityMs ?? 365 * day));
  const endorsement = await endorseListKey(
    { jwk: list.publicJwk, validFrom: isoAt(now), validTo: listKeyValidTo },
    createNodeSigner(root.privateJwk),
  );
  await writeListKeyFile(paths.listKey, list.privateJwk);

  const settings: RegistrySettings = {
    rootKey: root.publicJwk,
    rootKid: root.kid,
    ...settingsBase,
  };
  const adminToken = newAdminToken();
  const db = await openRegistryDatabase(paths.database);
  try {
    const ctx = { paths, db, clock, logger: silentLogger, settings, verifier: nodeVerifier };
    const seeded = options.seedAuthorities === true ? domainSeedAuthorities : [];
    const published = await writeTransaction(db, async (trx) => {
      if ((await readSetting(trx, initialisedSetting)) !== undefined) {
        throw new KpxError('KPX_CONFLICT', { detail: `${options.dir} already holds a registry` });
      }
      await trx
        .insertInto('settings')
        .values([...settingsRows(settings), adminTokenRow(adminToken)])
        .execute();
      const at = isoAt(now);
      await trx
        .insertInto('participants')
        .values(
          participants.map((p) => ({
            code: p.code,
            name_en: p.names.en,
            name_ru: p.names.ru,
            name_fr: p.names.fr,
            status: 'active' as const,
            updated_at: at,
          })),
        )
        .execute();
      for (const a of seeded) {
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
            default_importing: defaultImportingAuthorities[a.participant] === a.id ? 1 : 0,
            endpoint: null,
            number_pattern: a.numberPattern,
            validity_default_days: a.validity.defaultDays,
            validity_max_days: a.validity.maxDays,
            updated_at: at,
          })
          .execute();
      }
      await trx
        .insertInto('list_keys')
        .values({
          kid: list.kid,
          alg,
          jwk: JSON.stringify(list.publicJwk),
          valid_from: at,
          valid_to: listKeyValidTo,
          endorsement,
          created_at: at,
        })
        .execute();
      const first = await publishInTransaction(trx, ctx, 'init');
      // Written last: its presence is what makes the directory a registry.
      await trx.insertInto('settings').values({ key: initialisedSetting, value: at }).execute();
      return first;
    });
    return {
      paths,
      rootKey: root.publicJwk,
      rootKid: root.kid,
      listKid: list.kid,
      listKeyValidTo,
      adminToken,
      version: published.version,
      participants: participants.length,
      authorities: seeded.length,
    };
  } finally {
    await closeRegistryDatabase(db);
  }
}
