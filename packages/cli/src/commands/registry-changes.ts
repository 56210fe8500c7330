import { defaultImportingAuthorities, seedAuthorities } from '@kpx/domain';
import { revocationReasons, type AuthorityInput, type RevocationReason } from '@kpx/registry';
import { participantOfAuthority } from '../participant-of-authority.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import {
  integerOption,
  publishedLine,
  readPublicKeys,
  registryAction,
  withRegistry,
} from './registry-support.js';

type Common = { dir: string; json?: boolean };

export type AddParticipantOptions = Common & {
  code: string;
  nameEn: string;
  nameRu?: string;
  nameFr?: string;
  suspended?: boolean;
};

/** `kpx registry add-participant`: a Participant beyond the 60 seeded ones. */
export async function registryAddParticipant(
  options: AddParticipantOptions,
  io: Io,
): Promise<number> {
  return registryAction(() =>
    withRegistry(options.dir, async (registry) => {
      const result = await registry.addParticipant({
        code: options.code,
        names: {
          en: options.nameEn,
          ru: options.nameRu ?? options.nameEn,
          fr: options.nameFr ?? options.nameEn,
        },
        status: options.suspended === true ? 'suspended' : 'active',
      });
      if (options.json) printJson(io, { code: result.code, version: result.published?.version });
      else io.out(`added Participant ${result.code}; ${publishedLine(result.published)}`);
      return exitCodes.ok;
    }),
  );
}

export type AddAuthorityOptions = Common & {
  id: string;
  participant?: string;
  fromSeed?: boolean;
  nameEn?: string;
  nameRu?: string;
  nameFr?: string;
  issue?: boolean;
  import?: boolean;
  defaultImporting?: boolean;
  endpoint?: string;
  numberPattern?: string;
  validityDays?: string;
  maxValidityDays?: string;
  jwks?: string;
};

/** The authority described by the options, filled from the domain's seed with `--from-seed`. */
function authorityFrom(options: AddAuthorityOptions): AuthorityInput {
  const seed =
    options.fromSeed === true ? seedAuthorities.find((a) => a.id === options.id) : undefined;
  if (options.fromSeed === true && seed === undefined) {
    throw new CliError(
      'KPX_USAGE',
      `${options.id} is not a seed authority (drop --from-seed and describe it)`,
      exitCodes.usage,
    );
  }
  const participant =
    options.participant ?? seed?.participant ?? participantOfAuthority(options.id);
  const en = options.nameEn ?? seed?.names.en;
  if (en === undefined)
    throw new CliError(
      'KPX_USAGE',
      'an authority needs --name-en (or --from-seed)',
      exitCodes.usage,
    );
  const defaultDays =
    integerOption(options.validityDays, '--validity-days') ?? seed?.validity.defaultDays;
  const maxDays =
    integerOption(options.maxValidityDays, '--max-validity-days') ?? seed?.validity.maxDays;
  const input: AuthorityInput = {
    id: options.id,
    participant,
    names: {
      en,
      ru: options.nameRu ?? seed?.names.ru ?? en,
      fr: options.nameFr ?? seed?.names.fr ?? en,
    },
    // Commander's `--no-issue` / `--no-import` leave `true` unless given; the seed decides otherwise.
    mayIssue: options.issue === false ? false : (seed?.mayIssue ?? true),
    mayImport: options.import === false ? false : (seed?.mayImport ?? true),
    defaultImporting:
      options.defaultImporting === true ||
      (seed !== undefined && defaultImportingAuthorities[participant] === seed.id),
  };
  if (options.endpoint !== undefined) input.endpoint = options.endpoint;
  const pattern = options.numberPattern ?? seed?.numberPattern;
  if (pattern !== undefined) input.numberPattern = pattern;
  if (defaultDays !== undefined || maxDays !== undefined) {
    input.validity = {
      defaultDays: defaultDays ?? 60,
      maxDays: maxDays ?? Math.max(180, defaultDays ?? 0),
    };
  }
  return input;
}

/** `kpx registry add-authority`: an authority, optionally with its first keys (`--jwks`). */
export async function registryAddAuthority(options: AddAuthorityOptions, io: Io): Promise<number> {
  return registryAction(async () => {
    const input = authorityFrom(options);
    if (options.jwks !== undefined) input.keys = await readPublicKeys(options.jwks, options.id);
    return withRegistry(options.dir, async (registry) => {
      const result = await registry.addAuthority(input);
      if (options.json)
        printJson(io, { id: result.id, kids: result.kids, version: result.published?.version });
      else
        io.out(
          `added authority ${result.id} of ${input.participant}` +
            (result.kids.length > 0 ? ` with key ${result.kids.join(', ')}` : ' (no key yet)') +
            `; ${publishedLine(result.published)}`,
        );
      return exitCodes.ok;
    });
  });
}

export type RotateKeyOptions = Common & {
  authority: string;
  jwks: string;
  validFrom?: string;
  keepCurrent?: boolean;
};

/**
 * `kpx registry rotate-key`: lists the key(s) of the JWKS for the authority. Unless
 * `--keep-current`, the authority's current keys end at the new key's `validFrom` plus the
 * overlap (they stay listed, so what they signed keeps verifying). Also the operator's way to
 * give an authority its first key.
 */
export async function registryRotateKey(options: RotateKeyOptions, io: Io): Promise<number> {
  return registryAction(async () => {
    const keys = await readPublicKeys(options.jwks, options.authority);
    return withRegistry(options.dir, async (registry) => {
      const added: { kid: string; validFrom: string }[] = [];
      const superseded: { kid: string; validTo: string }[] = [];
      let version: number | undefined;
      for (const [i, key] of keys.entries()) {
        const result = await registry.addKey(
          {
            ...key,
            ...(options.validFrom === undefined ? {} : { validFrom: options.validFrom }),
            authority: options.authority,
            // Only the first new key supersedes: the others join it.
            supersede: i === 0 && options.keepCurrent !== true,
          },
          { publish: i === keys.length - 1 },
        );
        added.push({ kid: result.kid, validFrom: result.validFrom });
        superseded.push(...result.superseded);
        version = result.published?.version ?? version;
      }
      if (options.json) printJson(io, { authority: options.authority, added, superseded, version });
      else {
        const lines = added.map(
          (k) => `listed key ${k.kid} for ${options.authority} from ${k.validFrom}`,
        );
        for (const k of superseded)
          lines.push(`  key ${k.kid} now ends ${k.validTo} (kept, never deleted)`);
        lines.push(
          version === undefined ? 'not published' : `published trust list version ${version}`,
        );
        io.out(lines.join('\n'));
      }
      return exitCodes.ok;
    });
  });
}

export type RevokeKeyOptions = Common & { kid: string; reason: string; at?: string };

/** `kpx registry revoke-key`: `revokedAt` and the reason; the key stays listed. */
export async function registryRevokeKey(options: RevokeKeyOptions, io: Io): Promise<number> {
  return registryAction(async () => {
    if (!(revocationReasons as readonly string[]).includes(options.reason)) {
      throw new CliError(
        'KPX_USAGE',
        `--reason must be one of ${revocationReasons.join(', ')}`,
        exitCodes.usage,
      );
    }
    return withRegistry(options.dir, async (registry) => {
      const result = await registry.revokeKey(options.kid, options.reason as RevocationReason, {
        ...(options.at === undefined ? {} : { at: options.at }),
      });
      if (options.json)
        printJson(io, {
          kid: result.kid,
          revokedAt: result.revokedAt,
          reason: result.reason,
          version: result.published?.version,
        });
      else
        io.out(
          `revoked key ${result.kid} at ${result.revokedAt} (${result.reason}); ${publishedLine(result.published)}`,
        );
      return exitCodes.ok;
    });
  });
}

export type SuspendOptions = Common & { participant: string; lift?: boolean };

/** `kpx registry suspend`: suspends a Participant (`--lift` reinstates it). */
export async function registrySuspend(options: SuspendOptions, io: Io): Promise<number> {
  return registryAction(() =>
    withRegistry(options.dir, async (registry) => {
      const result = await registry.suspendParticipant(options.participant, {
        lift: options.lift === true,
      });
      if (options.json)
        printJson(io, {
          code: result.code,
          status: result.status,
          changed: result.changed,
          version: result.published?.version,
        });
      else
        io.out(
          `Participant ${result.code} is ${result.status}${result.changed ? '' : ' (unchanged)'}; ${publishedLine(result.published)}`,
        );
      return exitCodes.ok;
    }),
  );
}

export type PublishOptions = Common;

/** `kpx registry publish`: signs a new version now (the server also does this on its own). */
export async function registryPublish(options: PublishOptions, io: Io): Promise<number> {
  return registryAction(() =>
    withRegistry(options.dir, async (registry) => {
      const { jws: _jws, ...published } = await registry.publish();
      if (options.json) printJson(io, published);
      else io.out(publishedLine(published));
      return exitCodes.ok;
    }),
  );
}
