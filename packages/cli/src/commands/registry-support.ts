import { KpxError, type KpxCode } from '@kpx/domain';
import { publicJwkSchema, type PublicJwk } from '@kpx/protocol';
import { openRegistry, parseDuration, type KeyInput, type Registry } from '@kpx/registry';
import { CliError, exitCodes, type ExitCode } from '../output.js';
import { readJson } from '../read-input.js';

/** The environment variable holding the root key passphrase unless `--passphrase-env` names another. */
export const defaultPassphraseEnv = 'KPX_REGISTRY_PASSPHRASE';

// Codes meaning "the input given is bad" (exit 1); every other registry failure is a usage or
// environment error (exit 2): a wrong passphrase, a missing directory, a conflict with the state.
const invalidCodes: ReadonlySet<KpxCode> = new Set<KpxCode>([
  'KPX_VALIDATION_FAILED',
  'KPX_JSON_INVALID',
  'KPX_PAYLOAD_INVALID',
]);

/** A registry failure as a one-line CLI error (`--json`: code, message, problems). */
export function cliErrorOf(error: unknown): unknown {
  if (!(error instanceof KpxError)) return error;
  const exitCode: ExitCode = invalidCodes.has(error.code) ? exitCodes.invalid : exitCodes.usage;
  return new CliError(error.code, error.message, exitCode, error.problems);
}

/** Runs a registry action, turning its `KpxError`s into CLI errors. */
export async function registryAction(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    throw cliErrorOf(error);
  }
}

/** Opens the registry in `dir` for one command, and always closes it. */
export async function withRegistry<T>(
  dir: string,
  work: (registry: Registry) => Promise<T>,
): Promise<T> {
  const registry = await openRegistry({ dir, refreshCheckMs: 0 });
  try {
    return await work(registry);
  } finally {
    await registry.stop();
  }
}

/** The root key passphrase from the environment variable `name`; exit 2 when unset. */
export function passphraseFrom(name: string | undefined): string {
  const variable = name ?? defaultPassphraseEnv;
  const value = process.env[variable];
  if (value === undefined || value === '') {
    throw new CliError(
      'KPX_USAGE',
      `the root key passphrase is read from the environment variable ${variable}, which is not set`,
      exitCodes.usage,
    );
  }
  return value;
}

/** A duration option (`24h`, `30m`, `7d`); exit 2 when unreadable. */
export function durationOption(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch {
    throw new CliError(
      'KPX_USAGE',
      `${option} must be a duration such as 24h, 30m or 7d, not ${text}`,
      exitCodes.usage,
    );
  }
}

/** A positive integer option; exit 2 otherwise. */
export function integerOption(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) {
    throw new CliError(
      'KPX_USAGE',
      `${option} must be a positive integer, not ${text}`,
      exitCodes.usage,
    );
  }
  return Number(text);
}

/**
 * Reads public keys to list: a JWKS (`{ "keys": [...] }`, as `kpx keys generate` writes) or a
 * single public JWK. `kpx_valid_from` / `kpx_valid_to` members are honoured; a `kpx_authority`
 * member must name `authority`. A file holding a private key is refused: the registry lists
 * public keys only, and a private key has no business on the registry's host.
 */
export async function readPublicKeys(path: string, authority: string): Promise<KeyInput[]> {
  const raw = await readJson(path, 'JWKS');
  const entries: unknown[] =
    typeof raw === 'object' && raw !== null && Array.isArray((raw as { keys?: unknown }).keys)
      ? (raw as { keys: unknown[] }).keys
      : [raw];
  const bad = (message: string): CliError =>
    new CliError('KPX_VALIDATION_FAILED', `${path}: ${message}`, exitCodes.invalid);
  if (entries.length === 0) throw bad('no keys');
  return entries.map((entry, i) => {
    if (typeof entry === 'object' && entry !== null && 'd' in entry) {
      throw bad(`key ${i} is a PRIVATE key: give the public JWKS (the .jwks.json file)`);
    }
    const jwk = publicJwkSchema.safeParse(entry);
    if (!jwk.success) throw bad(`key ${i} is not an Ed25519 or P-256 public JWK`);
    const extra = entry as {
      kpx_authority?: unknown;
      kpx_valid_from?: unknown;
      kpx_valid_to?: unknown;
    };
    if (typeof extra.kpx_authority === 'string' && extra.kpx_authority !== authority) {
      throw bad(`key ${i} is marked for ${extra.kpx_authority}, not ${authority}`);
    }
    const key: KeyInput = { jwk: jwk.data as PublicJwk };
    if (typeof extra.kpx_valid_from === 'string') key.validFrom = extra.kpx_valid_from;
    if (typeof extra.kpx_valid_to === 'string') key.validTo = extra.kpx_valid_to;
    return key;
  });
}

/** One line saying which version a change published. */
export function publishedLine(
  published: { version: number; nextUpdate: string } | undefined,
): string {
  return published === undefined
    ? 'not published yet'
    : `published trust list version ${published.version} (next update by ${published.nextUpdate})`;
}
