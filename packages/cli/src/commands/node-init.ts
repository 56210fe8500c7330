import { access } from 'node:fs/promises';
import { publicJwkSchema, type PublicJwk, type SignatureAlg } from '@kpx/protocol';
import { initNodeDirectory } from '@kpx/node';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { readJson } from '../read-input.js';
import { operatorErrors, parsePort, passphraseFrom } from './node-errors.js';

export type NodeInitOptions = {
  dir: string;
  authority: string;
  host?: string;
  port?: string;
  publicUrl?: string;
  trustList?: string;
  trustRoot?: string;
  registryUrl?: string;
  tlsCert?: string;
  tlsKey?: string;
  clientCa?: string;
  outboundCa?: string;
  outboundCert?: string;
  outboundKey?: string;
  db?: string;
  dbSchema?: string;
  passphraseEnv: string;
  alg: string;
  json?: boolean;
};

async function readRootKey(path: string): Promise<PublicJwk> {
  const raw = await readJson(path, 'registry root key');
  const keys = (raw as { keys?: unknown }).keys;
  const candidate: unknown = Array.isArray(keys) ? (keys as unknown[])[0] : raw;
  const parsed = publicJwkSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new CliError('KPX_USAGE', `${path} is not a public JWK or JWKS`, exitCodes.usage);
  }
  return parsed.data;
}

function pair(a: string | undefined, b: string | undefined, names: string): void {
  if ((a === undefined) !== (b === undefined)) {
    throw new CliError('KPX_USAGE', `${names} go together`, exitCodes.usage);
  }
}

/**
 * `kpx node init`: a new node directory with its config, sealed signing key, migrated
 * database, public JWKS and the first admin token (printed once). Exit 2 for an initialised
 * directory or a bad option.
 */
export async function nodeInit(options: NodeInitOptions, io: Io): Promise<number> {
  if (options.alg !== 'EdDSA' && options.alg !== 'ES256') {
    throw new CliError(
      'KPX_USAGE',
      `--alg must be EdDSA or ES256, not ${options.alg}`,
      exitCodes.usage,
    );
  }
  pair(options.tlsCert, options.tlsKey, '--tls-cert and --tls-key');
  pair(options.outboundCert, options.outboundKey, '--outbound-cert and --outbound-key');
  if (options.clientCa !== undefined && options.tlsCert === undefined) {
    throw new CliError('KPX_USAGE', '--client-ca needs --tls-cert and --tls-key', exitCodes.usage);
  }
  if (options.registryUrl !== undefined && options.trustRoot === undefined) {
    throw new CliError(
      'KPX_USAGE',
      "--registry-url needs --trust-root (the registry's root key to pin)",
      exitCodes.usage,
    );
  }
  if (options.db !== undefined && !/^postgres(ql)?:\/\/\S+$/i.test(options.db)) {
    throw new CliError(
      'KPX_USAGE',
      '--db: a postgres:// or postgresql:// URL (SQLite, in the directory, is the default)',
      exitCodes.usage,
    );
  }
  if (options.dbSchema !== undefined && options.db === undefined) {
    throw new CliError('KPX_USAGE', '--db-schema needs --db', exitCodes.usage);
  }
  const passphrase = passphraseFrom(process.env, options.passphraseEnv, 'seals the signing key');
  const trustRoot =
    options.trustRoot === undefined ? undefined : await readRootKey(options.trustRoot);
  const outbound = {
    ...(options.outboundCa === undefined ? {} : { ca: options.outboundCa }),
    ...(options.outboundCert === undefined ? {} : { cert: options.outboundCert }),
    ...(options.outboundKey === undefined ? {} : { key: options.outboundKey }),
  };
  const result = await operatorErrors(() =>
    initNodeDirectory({
      dir: options.dir,
      authority: options.authority,
      passphrase,
      passphraseEnv: options.passphraseEnv,
      alg: options.alg as SignatureAlg,
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined ? {} : { port: parsePort(options.port, '--port') }),
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
      ...(options.trustList === undefined ? {} : { trustList: options.trustList }),
      ...(trustRoot === undefined ? {} : { trustRoot }),
      ...(options.registryUrl === undefined ? {} : { registryUrl: options.registryUrl }),
      ...(options.tlsCert === undefined || options.tlsKey === undefined
        ? {}
        : {
            tls: {
              cert: options.tlsCert,
              key: options.tlsKey,
              ...(options.clientCa === undefined ? {} : { clientCa: options.clientCa }),
            },
          }),
      ...(Object.keys(outbound).length === 0 ? {} : { outboundTls: outbound }),
      ...(options.db === undefined
        ? {}
        : {
            database: {
              kind: 'postgres' as const,
              url: options.db,
              ...(options.dbSchema === undefined ? {} : { schema: options.dbSchema }),
            },
          }),
    }),
  );
  const trustListThere = await access(result.files.trustList).then(
    () => true,
    () => false,
  );
  if (options.json) {
    printJson(io, {
      dir: result.dir,
      authority: result.authority,
      kid: result.kid,
      alg: result.alg,
      publicUrl: result.publicUrl,
      files: result.files,
      adminToken: { id: result.adminToken.id, role: 'admin', token: result.adminToken.token },
    });
    return exitCodes.ok;
  }
  io.out(
    [
      `initialised the ${result.authority} node in ${result.dir}`,
      `  config:       ${result.files.config}`,
      `  signing key:  ${result.files.signingKey} (${result.alg}, kid ${result.kid}; sealed with $${options.passphraseEnv})`,
      `  database:     ${result.files.database}`,
      `  public JWKS:  ${result.files.publicJwks} (what the registry enrols)`,
      `  endpoint:     ${result.publicUrl}`,
      `admin token (shown once, store it now): ${result.adminToken.token}`,
      trustListThere || options.registryUrl !== undefined
        ? `next: kpx node start --dir ${options.dir}`
        : `next: place the registry's trust list at ${result.files.trustList}, then kpx node start --dir ${options.dir}`,
    ].join('\n'),
  );
  return exitCodes.ok;
}
