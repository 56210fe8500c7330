import { defaultDirectory } from '@kpx/domain';
import {
  decodeJwsPayload,
  keyResolverFromKeys,
  verifyCertificate,
  type Check,
  type VerifyOutcome,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { readJwks } from '../key-files.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { readText } from '../read-input.js';

export type VerifyOptions = { jwks?: string; now?: string; json?: boolean };

/**
 * `kpx verify FILE|KP1:… --jwks FILE`: every named check of the signed certificate (or QR
 * payload), against the keys of the JWKS. Exit 0 genuine, 1 not genuine, 2 usage.
 */
export async function verify(subject: string, options: VerifyOptions, io: Io): Promise<number> {
  if (options.jwks === undefined) {
    throw new CliError('KPX_USAGE', 'verify needs trusted keys: --jwks FILE', exitCodes.usage);
  }
  const now = options.now ?? new Date().toISOString();
  const isQr = subject.startsWith('KP1:');
  const text = isQr ? subject : (await readText(subject)).trim();
  const claimed = isQr ? undefined : claimedAuthority(text);
  const keys = keyResolverFromKeys(await readJwks(options.jwks, claimed));
  const outcome: VerifyOutcome<unknown> = isQr
    ? await verifyQr(text, keys, now)
    : await verifyCertificate(text, {
        keys,
        verifier: nodeVerifier,
        directory: defaultDirectory,
        now,
      });
  report(io, isQr ? 'QR payload' : subject, outcome, options.json === true);
  return outcome.valid ? exitCodes.ok : exitCodes.invalid;
}

async function verifyQr(
  text: string,
  keys: ReturnType<typeof keyResolverFromKeys>,
  now: string,
): Promise<VerifyOutcome<unknown>> {
  const protocol = (await import('@kpx/protocol')) as Record<string, unknown>;
  const verifyQrPayload = protocol['verifyQrPayload'] as
    ((t: string, o: object) => Promise<VerifyOutcome<unknown>>) | undefined;
  if (verifyQrPayload === undefined)
    throw new CliError('KPX_USAGE', 'QR verification is not available', exitCodes.usage);
  return verifyQrPayload(text, { keys, verifier: nodeVerifier, directory: defaultDirectory, now });
}

function claimedAuthority(jws: string): string | undefined {
  const payload = decodeJwsPayload(jws) as
    { credentialSubject?: { issuingAuthority?: unknown } } | undefined;
  const authority = payload?.credentialSubject?.issuingAuthority;
  return typeof authority === 'string' ? authority : undefined;
}

function report(io: Io, what: string, outcome: VerifyOutcome<unknown>, json: boolean): void {
  if (json) {
    printJson(io, { valid: outcome.valid, kid: outcome.kid, checks: outcome.checks });
    return;
  }
  io.out(`${what}: ${outcome.valid ? 'GENUINE' : 'NOT GENUINE'}`);
  for (const c of outcome.checks)
    io.out(`  ${mark(c)} ${c.check.padEnd(22)} ${c.message}${c.code ? ` (${c.code})` : ''}`);
}

const mark = (c: Check) => (c.ok ? 'ok  ' : 'FAIL');
