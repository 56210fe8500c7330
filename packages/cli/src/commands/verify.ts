import { defaultDirectory, type Directory } from '@kpx/domain';
import {
  decodeJwsPayload,
  decodeQrPayload,
  heldTrustListOf,
  keyResolverFromKeys,
  verifyCertificate,
  verifyCertificateWithTrustList,
  verifyQrPayload,
  verifyQrWithTrustList,
  type Check,
  type HeldTrustList as ProtocolHeldTrustList,
  type KeyResolver,
  type VerifyOutcome,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { readJwks } from '../key-files.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { readText } from '../read-input.js';
import { onlineStatusCheck, type OnlineStatus } from './verify-online-status.js';
import { loadTrustList, type HeldTrustList } from './verify-trust-list.js';

export type VerifyOptions = {
  jwks?: string;
  trustList?: string;
  rootKey?: string;
  cache?: string;
  online?: string;
  now?: string;
  json?: boolean;
};

// What the subject is checked against: a verified trust list (with its keys and directory), or
// the keys of a JWKS over the seed directory.
type Trust =
  | { held: HeldTrustList; list: ProtocolHeldTrustList }
  | { held?: undefined; keys: KeyResolver; directory: Directory };

async function trustOf(
  options: VerifyOptions,
  claimedAuthority: string | undefined,
  now: string,
): Promise<Trust> {
  if (options.trustList !== undefined) {
    const held = await loadTrustList({
      trustList: options.trustList,
      rootKey: options.rootKey,
      now,
      ...(options.cache === undefined ? {} : { cache: options.cache }),
    });
    return { held, list: heldTrustListOf(held.list) };
  }
  if (options.jwks !== undefined) {
    return {
      keys: keyResolverFromKeys(await readJwks(options.jwks, claimedAuthority)),
      directory: defaultDirectory,
    };
  }
  throw new CliError(
    'KPX_USAGE',
    'verify needs what to trust: --trust-list FILE|URL --root-key FILE|KID, or --jwks FILE',
    exitCodes.usage,
  );
}

/**
 * `kpx verify FILE|KP1:…`: every named check of a signed certificate file or a `KP1:` QR
 * payload — the same checks, by the same protocol functions, as the node's public verification.
 * Keys and Participants come from a trust list verified against the pinned registry root (a
 * file: no network at all; a URL: fetched, `--cache` keeps it for later offline use), or, for
 * development, from a JWKS. `--online URL` adds the certificate's current status at that node
 * as a last check (`status`). Exit 0 genuine (and, online, still good to present), 1 not,
 * 2 usage or environment (including a trust list that does not verify).
 */
export async function verify(subject: string, options: VerifyOptions, io: Io): Promise<number> {
  const now = options.now ?? new Date().toISOString();
  const isQr = subject.startsWith('KP1:');
  const text = isQr ? subject : (await readText(subject)).trim();
  const trust = await trustOf(options, isQr ? undefined : claimedAuthority(text), now);
  const outcome = await verifySubject(text, isQr, trust, now);
  const checks = [...outcome.checks];
  let online: OnlineStatus | undefined;
  if (options.online !== undefined) {
    const number = numberOf(text, isQr);
    if (number === undefined) {
      checks.push({
        check: 'status',
        ok: false,
        message: 'not checked: the certificate number could not be read',
      });
    } else {
      const asked = await onlineStatusCheck(options.online, number);
      checks.push(asked.check);
      online = asked.status;
    }
  }
  const valid = checks.every((c) => c.ok);
  const what = isQr ? 'QR payload' : subject;
  if (options.json === true) {
    printJson(io, {
      valid,
      genuine: outcome.valid,
      kid: outcome.kid,
      checks,
      ...(trust.held === undefined ? {} : { trustList: trustListSummary(trust.held) }),
      ...(online === undefined ? {} : { online }),
    });
  } else {
    report(io, what, { valid, genuine: outcome.valid, checks, held: trust.held });
  }
  return valid ? exitCodes.ok : exitCodes.invalid;
}

/**
 * With a trust list, the functions the node's own verification uses (a trust-list cause such as
 * `KPX_PARTICIPANT_SUSPENDED` is named); with a JWKS, the plain protocol verifiers.
 */
async function verifySubject(
  text: string,
  isQr: boolean,
  trust: Trust,
  now: string,
): Promise<VerifyOutcome<unknown>> {
  const common = { verifier: nodeVerifier, now };
  if (trust.held !== undefined) {
    return isQr
      ? verifyQrWithTrustList(text, { ...common, trust: trust.list })
      : verifyCertificateWithTrustList(text, { ...common, trust: trust.list });
  }
  const plain = { ...common, keys: trust.keys, directory: trust.directory };
  return isQr ? verifyQrPayload(text, plain) : verifyCertificate(text, plain);
}

function claimedAuthority(jws: string): string | undefined {
  const payload = decodeJwsPayload(jws) as
    { credentialSubject?: { issuingAuthority?: unknown } } | undefined;
  const authority = payload?.credentialSubject?.issuingAuthority;
  return typeof authority === 'string' ? authority : undefined;
}

/** The certificate number the subject claims (read only; the checks judge it). */
function numberOf(text: string, isQr: boolean): string | undefined {
  if (isQr) {
    const decoded = decodeQrPayload(text);
    return decoded.ok ? decoded.value.claims.number : undefined;
  }
  const payload = decodeJwsPayload(text) as
    { credentialSubject?: { number?: unknown } } | undefined;
  const number = payload?.credentialSubject?.number;
  return typeof number === 'string' ? number : undefined;
}

function trustListSummary(held: HeldTrustList) {
  return {
    version: held.list.version,
    issuedAt: held.list.issuedAt,
    nextUpdate: held.list.nextUpdate,
    stale: held.stale,
    ageSeconds: held.ageSeconds,
    rootKid: held.rootKid,
    source: held.source,
  };
}

function report(
  io: Io,
  what: string,
  result: { valid: boolean; genuine: boolean; checks: Check[]; held: HeldTrustList | undefined },
): void {
  const { held } = result;
  if (held !== undefined) {
    const age = `${String(Math.floor(held.ageSeconds / 86_400))} d old`;
    const stale = held.stale ? `; STALE since ${held.list.nextUpdate}` : '';
    io.out(
      `trust list version ${String(held.list.version)} of ${held.list.issuedAt} (${age}${stale}), root ${held.rootKid}, from ${held.source}`,
    );
  }
  const verdict = !result.genuine ? 'NOT GENUINE' : result.valid ? 'GENUINE' : 'GENUINE, NOT VALID';
  io.out(`${what}: ${verdict}`);
  for (const c of result.checks)
    io.out(`  ${mark(c)} ${c.check.padEnd(22)} ${c.message}${c.code ? ` (${c.code})` : ''}`);
}

const mark = (c: Check) => (c.ok ? 'ok  ' : 'FAIL');
