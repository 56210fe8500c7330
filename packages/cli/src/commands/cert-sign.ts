import { writeFile } from 'node:fs/promises';
import { defaultDirectory, validateCertificate } from '@kpx/domain';
import { signCertificate } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { readKeyFile } from '../key-files.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { readJson } from '../read-input.js';
import { todayUtc } from '../today.js';

export type CertSignOptions = { key: string; out?: string; issuedAt?: string; json?: boolean };

/**
 * `kpx cert sign FILE --key KEY`: validates the certificate, then signs it as a `vc+jwt`. The
 * key must belong to the certificate's issuing authority when the key file names one.
 */
export async function certSign(file: string, options: CertSignOptions, io: Io): Promise<number> {
  const input = await readJson(file, 'certificate');
  const issuedAt = options.issuedAt ?? new Date().toISOString();
  const validation = validateCertificate(input, {
    directory: defaultDirectory,
    today: todayUtc(new Date(issuedAt)),
  });
  if (!validation.ok) {
    throw new CliError(
      'KPX_VALIDATION_FAILED',
      `${file} is not a valid certificate: ` +
        validation.problems.map((p) => `${p.path} ${p.code}`).join(', '),
      exitCodes.invalid,
      validation.problems,
    );
  }
  const key = await readKeyFile(options.key);
  if (key.authority !== undefined && key.authority !== validation.value.issuingAuthority) {
    throw new CliError(
      'KPX_KEY_AUTHORITY_MISMATCH',
      `key ${key.kid} belongs to ${key.authority}, the certificate's issuing authority is ${validation.value.issuingAuthority}`,
      exitCodes.usage,
    );
  }
  const signer = createNodeSigner(key.privateJwk);
  const jws = await signCertificate(validation.value, signer, { issuedAt });
  if (options.out !== undefined) await writeFile(options.out, jws + '\n');
  if (options.json) printJson(io, { number: validation.value.number, kid: key.kid, signed: jws });
  else if (options.out !== undefined)
    io.out(`signed ${validation.value.number} with ${key.kid} → ${options.out}`);
  else io.out(jws);
  return exitCodes.ok;
}
