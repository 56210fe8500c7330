import { readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { KpxError } from '@kpx/domain';
import type { SignatureAlg } from '@kpx/protocol';
import { createNodeSigner, nodeVerifier } from '@kpx/protocol/node';
import { readSealedKeyFile } from '../keystore/sealed-key-file.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import { readNodeFile } from '../server/node-file.js';
import { directoryKeyStore, resolveDirectoryTrustList } from './node-directory-trust.js';
import { registryTrustSource } from './load-trust-list.js';
import type { RegistryFetch } from './registry-client.js';
import { requestKeyRotation, type KeyRotation } from './request-key-rotation.js';
import { createSignerHolder } from './signer-holder.js';
import { createTrustListCache } from './trust-list-cache.js';
import { createTrustHolder, createTrustSnapshot } from './trust-snapshot.js';

/** Options of {@link rotateNodeDirectoryKey}. */
export type RotateDirectoryKeyOptions = {
  /** The passphrase; by default read from the environment variable node.json names. */
  passphrase?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: the platform `fetch`. */
  fetch?: RegistryFetch;
  clock?: Clock;
  logger?: Logger;
  alg?: SignatureAlg;
  /** When the next key may start signing; default now + the trust-list refresh interval. */
  validFrom?: Date;
};

const rotationFile = /^signing-key\.([A-Za-z0-9_-]{43})\.sealed\.json$/;

/**
 * `kpx node rotate-key --dir D`: the rotation of `POST /api/v1/keys/rotation` for a node
 * directory, with or without the node running. Reads node.json (it must name
 * `trustList.registryUrl` and `rootKey`), opens the signing keys with the passphrase, takes the
 * trust list (cache, seed file or registry) to know which key is current, and asks the registry
 * for the next key signed with it; the next key is sealed in `keys/` beside the current one. A
 * running node takes it up when a trust list listing it arrives; a restarted one finds it.
 */
export async function rotateNodeDirectoryKey(
  dirInput: string,
  options: RotateDirectoryKeyOptions = {},
): Promise<KeyRotation & { signedBy: string }> {
  const dir = resolve(dirInput);
  const configPath = join(dir, 'node.json');
  const file = await readNodeFile(configPath);
  const trustList = await resolveDirectoryTrustList(dir, file.trustList, configPath);
  if (trustList?.registryUrl === undefined || trustList.rootKey === undefined) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `${configPath} names no registry: set /trustList/registryUrl and /trustList/rootKey to rotate keys through it`,
    });
  }
  const passphrase = options.passphrase ?? (options.env ?? process.env)[file.keys.passphraseEnv];
  if (passphrase === undefined || passphrase.length === 0) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `the key passphrase is read from the environment variable ${file.keys.passphraseEnv}, which is not set`,
    });
  }
  const keyPath = isAbsolute(file.keys.signing) ? file.keys.signing : join(dir, file.keys.signing);
  const configured = await readSealedKeyFile(keyPath, passphrase);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger();
  const fetcher: RegistryFetch = options.fetch ?? ((request) => fetch(request));
  const timeoutMs = file.outbox.requestTimeoutMs;

  const document = await registryTrustSource({
    registryUrl: trustList.registryUrl,
    rootKey: trustList.rootKey,
    ...(trustList.path === undefined ? {} : { path: trustList.path }),
    ...(trustList.cachePath === undefined
      ? {}
      : { cache: createTrustListCache(trustList.cachePath) }),
    fetch: fetcher,
    verifier: nodeVerifier,
    clock,
    logger,
    timeoutMs,
  }).load();
  const trust = createTrustHolder(createTrustSnapshot(document, clock.now()), {
    clock,
    graceMs: trustList.graceMs,
  });
  trust.assertFresh('rotate the signing key');
  const signers = createSignerHolder({
    initial: createNodeSigner(configured.privateJwk),
    authority: file.authority,
    trust,
    clock,
    logger,
  });
  for (const name of await readdir(dirname(keyPath))) {
    if (!rotationFile.test(name)) continue;
    const opened = await readSealedKeyFile(join(dirname(keyPath), name), passphrase);
    if (opened.authority === file.authority) signers.add(createNodeSigner(opened.privateJwk));
  }

  const now = clock.now();
  const { rotation } = await requestKeyRotation({
    authority: file.authority,
    currentSigner: signers.current(),
    registryUrl: trustList.registryUrl,
    fetch: fetcher,
    keyStore: directoryKeyStore(keyPath, passphrase),
    now,
    validFrom: options.validFrom?.getTime() ?? now + trustList.refreshIntervalMs,
    ...(options.alg === undefined ? {} : { alg: options.alg }),
    timeoutMs,
  });
  return rotation;
}
