import { existsSync } from 'node:fs';
import { KpxError } from '@kpx/domain';
import type { PublicJwk, SignatureVerifier } from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import type { Hono } from 'hono';
import {
  approveEnrolment,
  enrolmentOfKey,
  listEnrolments,
  rejectEnrolment,
  submitEnrolment,
  type EnrolmentRecord,
  type EnrolmentResult,
} from '../enrolment/enrolment-operations.js';
import { createRegistryApp } from '../http/create-registry-app.js';
import { endorseNewListKey, type EndorseListKeyOptions } from '../list-key/endorse-new-list-key.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { silentLogger, type RegistryLogger } from '../runtime/logger.js';
import type { EnrolmentStatus } from '../storage/database-schema.js';
import { closeRegistryDatabase, openRegistryDatabase } from '../storage/open-registry-database.js';
import type { CurrentTrustList, PublishedVersion } from '../trust-list/published-version.js';
import { publishNow, refreshIfDue } from '../trust-list/refresh-trust-list.js';
import {
  latestVersion,
  listVersions,
  versionByNumber,
  withPayload,
  type VersionSummary,
} from '../trust-list/trust-list-reads.js';
import { issueAdminToken } from './admin-token.js';
import type { Published } from './apply-change.js';
import { addAuthority, updateAuthority, type AuthorityUpdate } from './authority-operations.js';
import { addKey, revokeKey, type SupersededKey } from './key-operations.js';
import { addParticipant, setParticipantStatus } from './participant-operations.js';
import type { RegistryContext } from './registry-context.js';
import type {
  AddKeyInput,
  AuthorityInput,
  ChangeOptions,
  ParticipantInput,
  RevocationReason,
} from './registry-inputs.js';
import { registryPaths } from './registry-paths.js';
import { readSettings, type RegistrySettings } from './registry-settings.js';

/** Options of {@link openRegistry}. */
export type OpenRegistryOptions = {
  dir: string;
  clock?: Clock;
  logger?: RegistryLogger;
  verifier?: SignatureVerifier;
  /**
   * How often to check whether the list is due for re-signing (see `refreshIfDue`); `0`
   * disables the timer (tests call `refreshIfDue()` themselves). Default 60 s.
   */
  refreshCheckMs?: number;
};

/** An open registry: its HTTP app and every operator operation. */
export type Registry = {
  /** The HTTP application (`app.fetch`, `app.request`). */
  readonly app: Hono;
  readonly dir: string;
  /** The pinned root public key (what nodes configure). */
  readonly rootKey: PublicJwk;
  readonly rootKid: string;
  readonly settings: RegistrySettings;
  addParticipant(
    input: ParticipantInput,
    options?: ChangeOptions,
  ): Promise<{ code: string } & Published>;
  /** Suspends a Participant (`lift: true` reinstates it). */
  suspendParticipant(
    code: string,
    options?: ChangeOptions & { lift?: boolean },
  ): Promise<{ code: string; status: 'active' | 'suspended'; changed: boolean } & Published>;
  addAuthority(
    input: AuthorityInput,
    options?: ChangeOptions,
  ): Promise<{ id: string; kids: string[] } & Published>;
  updateAuthority(
    id: string,
    update: AuthorityUpdate,
    options?: ChangeOptions,
  ): Promise<{ id: string } & Published>;
  /** Lists a key; `supersede: true` makes it a rotation (current keys end after the overlap). */
  addKey(
    input: AddKeyInput,
    options?: ChangeOptions,
  ): Promise<{ kid: string; validFrom: string; superseded: SupersededKey[] } & Published>;
  revokeKey(
    kid: string,
    reason: RevocationReason,
    options?: ChangeOptions & { at?: string | Date },
  ): Promise<{ kid: string; revokedAt: string; reason: RevocationReason } & Published>;
  /** What `POST /enrolment/v1/keys` does, in process. */
  submitEnrolment(jws: string): Promise<EnrolmentResult>;
  enrolments(status?: EnrolmentStatus): Promise<EnrolmentRecord[]>;
  enrolmentOfKey(kid: string): Promise<EnrolmentResult | undefined>;
  approveEnrolment(id: string): Promise<EnrolmentResult>;
  rejectEnrolment(id: string, reason: string): Promise<EnrolmentResult>;
  /** Signs and publishes a new version now. */
  publish(): Promise<PublishedVersion>;
  /** Re-signs when the newest version's `nextUpdate` is near; `undefined` when not due. */
  refreshIfDue(): Promise<PublishedVersion | undefined>;
  /** The newest version with its payload. */
  currentList(): Promise<CurrentTrustList>;
  version(n: number): Promise<CurrentTrustList | undefined>;
  versions(): Promise<VersionSummary[]>;
  /** Needs the root key: see `endorseNewListKey`. */
  endorseListKey(options: EndorseListKeyOptions): ReturnType<typeof endorseNewListKey>;
  /** Replaces the admin API token and returns the new one (shown once). */
  issueAdminToken(): Promise<string>;
  /** Stops the refresh timer and closes the database. */
  stop(): Promise<void>;
};

/**
 * Opens an initialised registry (the composition root). Needs only the database and the online
 * list key — never the root private key, which can stay offline. Re-signs at once if the newest
 * version is due, then every `refreshCheckMs`.
 *
 * @example
 * ```ts
 * const registry = await openRegistry({ dir });
 * await registry.addAuthority({ id: 'RU-FCS', participant: 'RU', names, mayIssue: false,
 *   mayImport: true, keys: [{ jwk }] });
 * const { version, jws } = await registry.currentList();
 * await registry.stop();
 * ```
 */
export async function openRegistry(options: OpenRegistryOptions): Promise<Registry> {
  const paths = registryPaths(options.dir);
  if (!existsSync(paths.database)) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `no registry in ${options.dir}: run kpx registry init`,
    });
  }
  const db = await openRegistryDatabase(paths.database);
  let settings: RegistrySettings;
  try {
    settings = await readSettings(db, options.dir);
  } catch (error) {
    await closeRegistryDatabase(db);
    throw error;
  }
  const ctx: RegistryContext = Object.freeze({
    paths,
    db,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    settings,
    verifier: options.verifier ?? nodeVerifier,
  });

  const refresh = async (): Promise<PublishedVersion | undefined> => {
    try {
      return await refreshIfDue(ctx);
    } catch (error) {
      ctx.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'could not re-sign the trust list',
      );
      return undefined;
    }
  };
  let stopped = false;
  let running: Promise<unknown> = refresh();
  await running;
  const every = options.refreshCheckMs ?? 60_000;
  const timer =
    every > 0
      ? setInterval(() => {
          if (!stopped) running = refresh();
        }, every)
      : undefined;
  timer?.unref();

  const current = async (): Promise<CurrentTrustList> => {
    const latest = await latestVersion(db);
    if (latest === undefined)
      throw new KpxError('KPX_TRUST_LIST_STALE', { detail: 'no version yet' });
    return withPayload(latest);
  };

  return Object.freeze({
    app: createRegistryApp(ctx),
    dir: options.dir,
    rootKey: settings.rootKey,
    rootKid: settings.rootKid,
    settings,
    addParticipant: (input, o) => addParticipant(ctx, input, o),
    suspendParticipant: (code, o) =>
      setParticipantStatus(ctx, code, o?.lift === true ? 'active' : 'suspended', o),
    addAuthority: (input, o) => addAuthority(ctx, input, o),
    updateAuthority: (id, update, o) => updateAuthority(ctx, id, update, o),
    addKey: (input, o) => addKey(ctx, input, o),
    revokeKey: (kid, reason, o) => revokeKey(ctx, kid, reason, o),
    submitEnrolment: (jws) => submitEnrolment(ctx, jws),
    enrolments: (status) => listEnrolments(ctx, status),
    enrolmentOfKey: (kid) => enrolmentOfKey(ctx, kid),
    approveEnrolment: (id) => approveEnrolment(ctx, id),
    rejectEnrolment: (id, reason) => rejectEnrolment(ctx, id, reason),
    publish: () => publishNow(ctx),
    refreshIfDue: () => refreshIfDue(ctx),
    currentList: current,
    version: async (n) => {
      const found = await versionByNumber(db, n);
      return found === undefined ? undefined : withPayload(found);
    },
    versions: () => listVersions(db),
    endorseListKey: (o) => endorseNewListKey(ctx, o),
    issueAdminToken: () => issueAdminToken(db),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      await running.catch(() => undefined);
      await closeRegistryDatabase(db);
    },
  } satisfies Registry);
}
