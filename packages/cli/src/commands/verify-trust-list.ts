import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  jwkThumbprint,
  publicJwkOf,
  publicJwkSchema,
  verifyTrustListForUse,
  type PublicJwk,
  type TrustList,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { CliError, exitCodes } from '../output.js';
import { readText } from '../read-input.js';

/** A trust list verified against the pinned root, as `kpx verify` reports it. */
export type HeldTrustList = {
  list: TrustList;
  /** Where it came from: the file, or the URL it was fetched from. */
  source: string;
  rootKid: string;
  /** Past its `nextUpdate`: still used (the root vouched for it), and said so. */
  stale: boolean;
  /** Seconds between the list's `issuedAt` and the verification time. */
  ageSeconds: number;
};

/** The pinned root as given on the command line: a key, or only its RFC 7638 thumbprint. */
type PinnedRoot = { jwk: PublicJwk; kid: string } | { kid: string };

const kidPattern = /^[A-Za-z0-9_-]{43}$/;

function usage(message: string): CliError {
  return new CliError('KPX_USAGE', message, exitCodes.usage);
}

function invalidList(source: string, message: string): CliError {
  return new CliError(
    'KPX_TRUST_LIST_INVALID',
    `trust list ${source}: ${message}`,
    exitCodes.usage,
  );
}

/**
 * `--root-key`: a file holding the root's public JWK (the registry's `root-key.pub.json`, or
 * `{ "jwk": … }`), or the root's kid — then the trust list must carry the root key itself (a
 * node's `/api/v1/trust-list` answer does), and it is used only if its thumbprint is that kid.
 */
async function readPinnedRoot(value: string): Promise<PinnedRoot> {
  if (!existsSync(value) && kidPattern.test(value)) return { kid: value };
  const text = await readText(value);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw usage(`--root-key ${value} is neither a JWK file nor a key id`);
  }
  const direct = publicJwkSchema.safeParse(json);
  const nested = publicJwkSchema.safeParse((json as { jwk?: unknown } | null)?.jwk);
  const parsed = direct.success ? direct : nested;
  if (!parsed.success) throw usage(`--root-key ${value} holds no Ed25519 or P-256 public JWK`);
  const jwk = publicJwkOf(parsed.data);
  return { jwk, kid: await jwkThumbprint(jwk) };
}

/**
 * The compact JWS in a trust-list text: the `kpx-trust-list+jwt` itself (the registry's
 * `/trust-list.json`, a node's trust-list file), or a node's `GET /api/v1/trust-list` answer
 * (its `signed` member, and `rootKey` when the node pins one). A bare JSON list carries no
 * signature and is refused: nothing would vouch for its keys.
 */
function readTrustListText(
  text: string,
  source: string,
): { jws: string; servedRoot?: { jwk: unknown } } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return { jws: trimmed };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw invalidList(source, 'neither a kpx-trust-list+jwt nor JSON');
  }
  const view = json as { signed?: unknown; rootKey?: { jwk?: unknown } } | null;
  if (typeof view?.signed !== 'string') {
    throw invalidList(
      source,
      'an unsigned trust list cannot be verified: give the kpx-trust-list+jwt or a node’s /api/v1/trust-list answer',
    );
  }
  return view.rootKey?.jwk === undefined
    ? { jws: view.signed }
    : { jws: view.signed, servedRoot: { jwk: view.rootKey.jwk } };
}

async function rootKeyFor(
  pinned: PinnedRoot,
  served: { jwk: unknown } | undefined,
  source: string,
): Promise<{ jwk: PublicJwk; kid: string }> {
  if ('jwk' in pinned) return pinned;
  const parsed = publicJwkSchema.safeParse(served?.jwk);
  if (!parsed.success) {
    throw usage(
      `--root-key ${pinned.kid} is a key id: the trust list must carry the root key (a node’s /api/v1/trust-list answer), or give the root key file`,
    );
  }
  const jwk = publicJwkOf(parsed.data);
  const kid = await jwkThumbprint(jwk);
  if (kid !== pinned.kid) {
    throw new CliError(
      'KPX_KEY_UNKNOWN',
      `trust list ${source} comes with root ${kid}, the pinned root is ${pinned.kid}`,
      exitCodes.usage,
    );
  }
  return { jwk, kid };
}

async function fetchTrustList(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/jose, application/json;q=0.9' },
    });
  } catch (error) {
    throw new CliError(
      'KPX_REGISTRY_UNREACHABLE',
      `cannot fetch the trust list ${url}: ${(error as Error).message}`,
      exitCodes.usage,
    );
  }
  if (!response.ok) {
    throw new CliError(
      'KPX_REGISTRY_UNREACHABLE',
      `cannot fetch the trust list ${url}: HTTP ${String(response.status)}`,
      exitCodes.usage,
    );
  }
  return response.text();
}

/** Options of {@link loadTrustList}. */
export type LoadTrustListOptions = {
  /** A file (read, no network) or an `http(s)://` URL (fetched). */
  trustList: string;
  /** `--root-key`: a JWK file or a kid. */
  rootKey: string | undefined;
  /** Where to save a fetched list, exactly as received, once it verified. */
  cache?: string;
  now: string;
};

/**
 * The trust list `kpx verify` checks against: read from a file (nothing touches the network)
 * or fetched from a URL, then verified against the pinned root — endorsement of the list key,
 * signature, schema — with `verifyTrustListForUse`, the function the node applies to its
 * cache. A list past its `nextUpdate` is used and reported stale rather than refused: offline,
 * an old list the root vouched for is the best evidence there is. A list that fails is a usage
 * or environment error (exit 2) naming the failed check: the certificate was not judged.
 */
export async function loadTrustList(options: LoadTrustListOptions): Promise<HeldTrustList> {
  if (options.rootKey === undefined) {
    throw usage('a trust list is verified against the pinned registry root: --root-key FILE|KID');
  }
  const source = options.trustList;
  const remote = /^https?:\/\//i.test(source);
  const text = remote ? await fetchTrustList(source) : await readText(source);
  const { jws, servedRoot } = readTrustListText(text, source);
  const root = await rootKeyFor(await readPinnedRoot(options.rootKey), servedRoot, source);
  const held = await verifyTrustListForUse(jws, {
    rootKey: root.jwk,
    verifier: nodeVerifier,
    now: options.now,
  });
  if (!held.usable) {
    const { failed } = held;
    throw new CliError(
      failed.code ?? 'KPX_TRUST_LIST_INVALID',
      `trust list ${source} does not verify against root ${root.kid}: ${failed.check}: ${failed.message}`,
      exitCodes.usage,
      held.checks,
    );
  }
  if (options.cache !== undefined) await writeFile(options.cache, text);
  return {
    list: held.list,
    source,
    rootKid: root.kid,
    stale: held.stale,
    ageSeconds: Math.max(
      0,
      Math.round((Date.parse(options.now) - Date.parse(held.list.issuedAt)) / 1000),
    ),
  };
}
