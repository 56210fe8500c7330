import { writeFile } from 'node:fs/promises';
import { generateKeyPair, type SignatureAlg } from '@kpx/protocol';
import { writeSecretJson, type KeyFile, type PublicKeyEntry } from '../key-files.js';
import { CliError, exitCodes, printJson, type Io } from '../output.js';

export type KeysGenerateOptions = {
  alg: string;
  out: string;
  jwks?: string;
  authority?: string;
  validFrom?: string;
  json?: boolean;
};

/** `kpx keys generate`: a new signing key (private JWK file, mode 0600) and its public JWKS. */
export async function keysGenerate(options: KeysGenerateOptions, io: Io): Promise<number> {
  if (options.alg !== 'EdDSA' && options.alg !== 'ES256') {
    throw new CliError(
      'KPX_USAGE',
      `--alg must be EdDSA or ES256, not ${options.alg}`,
      exitCodes.usage,
    );
  }
  const { privateJwk, publicJwk, kid } = await generateKeyPair(options.alg as SignatureAlg);
  const keyFile: KeyFile = { ...privateJwk, kid, alg: options.alg };
  const entry: PublicKeyEntry = { ...publicJwk, kid, alg: options.alg, use: 'sig' };
  if (options.authority !== undefined) {
    keyFile.kpx_authority = options.authority;
    entry.kpx_authority = options.authority;
  }
  if (options.validFrom !== undefined) entry.kpx_valid_from = options.validFrom;
  await writeSecretJson(options.out, keyFile);
  const jwksPath = options.jwks ?? options.out.replace(/(\.json)?$/, '.jwks.json');
  await writeFile(jwksPath, JSON.stringify({ keys: [entry] }, null, 2) + '\n');
  if (options.json) printJson(io, { kid, alg: options.alg, key: options.out, jwks: jwksPath });
  else
    io.out(
      `generated ${options.alg} key ${kid}\n  private key: ${options.out} (keep it secret)\n  public JWKS: ${jwksPath}`,
    );
  return exitCodes.ok;
}
