import { randomBytes } from 'node:crypto';
import type { PublicJwk, SignatureAlg } from '@kpx/protocol';
import { initRegistry } from '../registry/init-registry.js';
import type { Clock } from '../runtime/clock.js';
import type { RegistryLogger } from '../runtime/logger.js';
import { startRegistryServer, type RegistryServer } from '../server/start-registry-server.js';

/** A node of a development network, as `kpx network up` describes it to its registry. */
export type NetworkRegistryMember = {
  authority: string;
  endpoint: string;
  publicJwk: PublicJwk;
  kid: string;
  alg: SignatureAlg;
  validFrom: string;
};

/** Options of {@link startNetworkRegistry}. */
export type NetworkRegistryOptions = {
  /** A new directory for the registry (it is initialised there). */
  dir: string;
  host: string;
  port: number;
  /** The network's notion of now; the registry's clock runs from it. */
  now: Date;
  /** Root key passphrase; default a random one that is not kept (a development network). */
  passphrase?: string;
  scryptCost?: number;
  logger?: RegistryLogger;
};

/** A running development-network registry (the shape `@kpx/node`'s `startNetwork` takes). */
export type NetworkRegistry = {
  readonly url: string;
  /** The root public key nodes pin, with its `kid`. */
  readonly rootKey: PublicJwk & { kid: string };
  /** Lists every member (authority endpoint and key) and returns the newly signed list. */
  publish(members: readonly NetworkRegistryMember[]): Promise<string>;
  close(): Promise<void>;
  readonly server: RegistryServer;
};

/**
 * A real registry for `kpx network up`: initialised in `dir` with the seed authorities of every
 * Participant, served on `host:port`. `publish(members)` sets each member authority's endpoint,
 * lists its key (once), and publishes one new version. Pass it as `startNetwork`'s
 * `registry` factory.
 *
 * @example
 * ```ts
 * const net = await startNetwork({ dir, participants: ['RU', 'EU'], registry: startNetworkRegistry });
 * ```
 */
export async function startNetworkRegistry(
  options: NetworkRegistryOptions,
): Promise<NetworkRegistry> {
  const offset = options.now.getTime() - Date.now();
  const clock: Clock = { now: () => Date.now() + offset };
  const init = await initRegistry({
    dir: options.dir,
    passphrase: options.passphrase ?? randomBytes(24).toString('base64url'),
    seedAuthorities: true,
    clock,
    ...(options.scryptCost === undefined ? {} : { scryptCost: options.scryptCost }),
  });
  const server = await startRegistryServer({
    dir: options.dir,
    host: options.host,
    port: options.port,
    clock,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const { registry } = server;
  return {
    url: server.url,
    rootKey: { ...init.rootKey, kid: init.rootKid },
    server,
    async publish(members) {
      const listed = new Set((await registry.currentList()).list.keys.map((k) => k.kid));
      const authorities = new Set((await registry.currentList()).list.authorities.map((a) => a.id));
      for (const m of members) {
        if (!authorities.has(m.authority)) {
          const participant = m.authority.split('-')[0] ?? m.authority;
          await registry.addAuthority(
            {
              id: m.authority,
              participant,
              names: { en: m.authority, ru: m.authority, fr: m.authority },
              mayIssue: true,
              mayImport: true,
              endpoint: m.endpoint,
            },
            { publish: false },
          );
          authorities.add(m.authority);
        } else {
          await registry.updateAuthority(m.authority, { endpoint: m.endpoint }, { publish: false });
        }
        if (!listed.has(m.kid)) {
          await registry.addKey(
            { authority: m.authority, jwk: m.publicJwk, validFrom: m.validFrom },
            { publish: false },
          );
          listed.add(m.kid);
        }
      }
      return (await registry.publish()).jws;
    },
    close: () => server.close(),
  };
}
