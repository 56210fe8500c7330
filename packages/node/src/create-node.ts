import { KpxError, type Problem } from '@kpx/domain';
import type { Signer, SignatureVerifier } from '@kpx/protocol';
import { createNodeSigner, ed25519Backend, nodeVerifier } from '@kpx/protocol/node';
import type { Hono } from 'hono';
import { createCompany } from './applications/companies.js';
import type { Company } from './applications/company-schemas.js';
import { createUser, type CreatedUser } from './auth/user-admin.js';
import { verifyAuditChain, type AuditChainResult } from './audit/verify-audit-chain.js';
import { expireCertificates } from './certificates/expire-certificates.js';
import { parseNodeConfig, type NodeConfig } from './config/node-config.js';
import type { HttpEnv } from './http/http-env.js';
import { createHttpApp } from './http/create-http-app.js';
import { createNodeMetrics } from './metrics/node-metrics.js';
import type { NodeContext } from './node-context.js';
import { createDispatcher, type DispatchReport } from './outbox/dispatcher.js';
import type { Transport } from './outbox/transport.js';
import { createUndiciTransport } from './outbox/undici-transport.js';
import { systemClock, type Clock } from './runtime/clock.js';
import { createIdGenerator } from './runtime/id-generator.js';
import { createLogger, type Logger } from './runtime/logger.js';
import { secureRandom, type Random } from './runtime/random.js';
import { createWaker } from './runtime/waker.js';
import { openStorage } from './storage/open-storage.js';
import type { Storage } from './storage/storage.js';
import { createToken, type CreatedToken } from './tokens/create-token.js';
import type { Role } from './tokens/roles.js';
import type { KeyStore } from './trust/key-store.js';
import type { RegistryFetch } from './trust/registry-client.js';
import { createTrustSnapshot, type TrustSnapshot } from './trust/trust-snapshot.js';
import type { TrustSource } from './trust/trust-source.js';
import { trustSourceFromConfig } from './trust/trust-source-from-config.js';
import { wireNodeTrust } from './trust/wire-node-trust.js';
import { createTargetGuard } from './webhooks/ssrf-guard.js';
import { createWebhookDispatcher, type WebhookPassReport } from './webhooks/webhook-dispatcher.js';
import { createWebhookSender, type WebhookSender } from './webhooks/webhook-sender.js';

/**
 * What the node takes from its environment. Everything is optional: the defaults are the
 * production adapters (system clock, node:crypto randomness, undici, pino, the configured
 * database — SQLite file or PostgreSQL — and trust-list file). Tests inject a manual clock,
 * an in-process transport, a silent logger and a static trust list.
 */
export type NodeDeps = {
  clock?: Clock;
  random?: Random;
  transport?: Transport;
  logger?: Logger;
  trustSource?: TrustSource;
  /** Storage opened by the caller (closed by the caller, not by `stop()`). */
  storage?: Storage;
  /** A signer instead of `config.signingKey` (HSM, or a key the CLI decrypted). */
  signer?: Signer;
  verifier?: SignatureVerifier;
  /** How the registry is called (trust-list polls, key enrolment); default the platform `fetch`. */
  registryFetch?: RegistryFetch;
  /** Where a key rotation keeps the next key (sealed files in the node directory); none: no rotation. */
  keyStore?: KeyStore;
  /** How traders' webhooks are sent; default undici behind the SSRF guard of `config.webhooks`. */
  webhookSender?: WebhookSender;
};

/** A running (or startable) authority node. */
export type KpxNode = {
  readonly authority: string;
  readonly config: NodeConfig;
  /** The Hono app: serve it (`@hono/node-server`), or call `app.fetch` / `app.request` in-process. */
  readonly app: Hono<HttpEnv>;
  /**
   * `app.fetch` bound: a `(Request) => Response` handler, e.g. for `createFetchTransport`. A
   * server passes its bindings as `env` (`@hono/node-server` does): the console reads the
   * client's address there (sign-in slow-down, session records).
   */
  readonly fetch: (request: Request, env?: unknown) => Promise<Response>;
  /** The wired context, for tools (CLI) that call use cases directly. */
  readonly context: NodeContext;
  /** Starts the background workers (outbox dispatcher, expiry sweep). Idempotent. */
  start(): void;
  /**
   * Stops gracefully: no new passes start, the pass in flight finishes, then the storage this
   * node opened is closed. Never exits the process. Idempotent.
   */
  stop(): Promise<void>;
  /** One outbox pass now (tests with a manual clock, `kpx` tools). */
  dispatchOutbox(): Promise<DispatchReport>;
  /** One pass of the traders' webhook deliveries now (tests with a manual clock). */
  dispatchWebhooks(): Promise<WebhookPassReport>;
  /** One expiry sweep now; returns how many certificates expired. */
  expireCertificates(): Promise<number>;
  /** Creates an API token (e.g. the first admin token at `kpx node init`); the secret is returned once. */
  createToken(input: {
    role: Role;
    name: string;
    expiresAt?: string;
    /** The company of a `trader` token (required for one). */
    company?: string;
  }): Promise<CreatedToken>;
  /**
   * Creates an officer account of the console (the first admin at `kpx node init`, demo
   * accounts of `kpx network up`). Without `password` one is generated and returned once as
   * `initialPassword`; `mustChangePassword` (default false) makes the console ask for a new one.
   */
  createUser(input: {
    username: string;
    role: Role;
    displayName?: string;
    password?: string;
    mustChangePassword?: boolean;
    /** The company of a `trader` account (required for one). */
    company?: string;
  }): Promise<CreatedUser>;
  /** Registers a company whose traders may apply (docs/applications.md; actor `system`). */
  createCompany(input: { name: string; address: string; licence: string }): Promise<Company>;
  verifyAuditChain(): Promise<AuditChainResult>;
  /**
   * Reads the trust list again — polls the registry when one is configured — and refuses a
   * version older than the one held (`KPX_TRUST_LIST_ROLLBACK`), a list that does not verify
   * (its check's code) and an unreachable registry (`KPX_REGISTRY_UNREACHABLE`).
   */
  reloadTrustList(): Promise<TrustSnapshot>;
};

const day = 24 * 60 * 60 * 1000;

function configError(path: string, message: string): KpxError {
  const problems: Problem[] = [{ code: 'KPX_CONFIG_INVALID', path, message }];
  return new KpxError('KPX_CONFIG_INVALID', {
    detail: `invalid node configuration: ${path}: ${message}`,
    problems,
  });
}

function checkTrust(config: NodeConfig, snapshot: TrustSnapshot): void {
  // The list itself, not the directory: a suspended Participant's node must still take the list
  // (it then refuses to issue, KPX_PARTICIPANT_SUSPENDED) and take the one that lifts it.
  if (!snapshot.list.authorities.some((a) => a.id === config.authority)) {
    throw configError(
      '/authority',
      `${config.authority} is not an authority of the trust list (${snapshot.document.source})`,
    );
  }
  // ARCHITECTURE.md flow 3: the deduplication window covers the longest certificate validity.
  if (config.exchange.maxAgeMs < snapshot.longestValidityDays * day) {
    throw configError(
      '/exchange/maxAgeMs',
      `must be at least the longest certificate validity in the trust list, ${snapshot.longestValidityDays} days`,
    );
  }
}

/**
 * The composition root: validates the configuration (`KPX_CONFIG_INVALID` naming every wrong
 * field), opens and migrates storage, loads the trust list, wires the use cases, the HTTP app
 * and the workers. Nothing starts running until `start()`; the app answers at once.
 *
 * @example
 * ```ts
 * const node = await createNode({ authority: 'RU-MINFIN', signingKey, database: { kind: 'sqlite',
 *   path: 'ru.sqlite' }, trustList: { path: 'trust-list.json' } });
 * serve({ fetch: node.fetch, port: 8443 });
 * node.start();
 * process.once('SIGTERM', () => void node.stop());
 * ```
 */
export async function createNode(configInput: unknown, deps: NodeDeps = {}): Promise<KpxNode> {
  const config = parseNodeConfig(configInput);
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? secureRandom;
  const logger = (deps.logger ?? createLogger()).child({ authority: config.authority });
  let signer = deps.signer;
  if (signer === undefined) {
    if (config.signingKey === undefined)
      throw configError('/signingKey', 'required when no signer is injected');
    try {
      signer = createNodeSigner(config.signingKey);
    } catch (error) {
      throw configError(
        '/signingKey',
        `not a usable private key: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const verifier = deps.verifier ?? nodeVerifier;
  const registryFetch: RegistryFetch = deps.registryFetch ?? ((request) => fetch(request));
  const trustSource =
    deps.trustSource ??
    trustSourceFromConfig(config.trustList, {
      fetch: registryFetch,
      verifier,
      clock,
      logger,
      timeoutMs: config.outbox.requestTimeoutMs,
    });
  if (trustSource === undefined)
    throw configError('/trustList', 'required when no trust source is injected');
  const snapshot = createTrustSnapshot(await trustSource.load(), clock.now());
  checkTrust(config, snapshot);
  const ownKey = snapshot.keys(signer.kid);
  if (ownKey === undefined || ownKey.authority !== config.authority) {
    logger.warn(
      { kid: signer.kid },
      'the signing key is not in the trust list for this authority: partners cannot verify what this node signs',
    );
  }

  const storage =
    deps.storage ??
    (await openStorage(config.database, {
      onError: (error) => logger.warn({ err: error }, 'database connection lost; reconnecting'),
      onDurabilityWarning: (warning) => logger.warn(warning),
    }));
  const ownsStorage = deps.storage === undefined;
  const wired = await wireNodeTrust({
    config,
    snapshot,
    source: trustSource,
    signer,
    clock,
    random,
    logger,
    verifier,
    fetch: registryFetch,
    ...(deps.keyStore === undefined ? {} : { keyStore: deps.keyStore }),
    accept: (next) => checkTrust(config, next),
  });
  const trust = wired.trust;
  let wake: () => void = () => undefined;
  const context: NodeContext = Object.freeze({
    authority: config.authority,
    config,
    // Read at every use: after a rotation the trust list decides when the next key signs.
    get signer() {
      return wired.services.signers.current();
    },
    trustServices: wired.services,
    verifier,
    clock,
    random,
    ids: createIdGenerator(clock, random),
    trust,
    storage,
    logger,
    metrics: createNodeMetrics(),
    wakeDispatcher: () => wake(),
  });
  const worker = `${config.authority}/${process.pid}/${Buffer.from(random(4)).toString('hex')}`;
  const dispatcher = createDispatcher(context, deps.transport ?? createUndiciTransport(), worker);
  wake = () => dispatcher.wake();
  // A fresh list ends a stale pause at once (ARCHITECTURE.md flow 2: nothing waits for a poll).
  trust.subscribe(() => wake());
  const app = createHttpApp(context);
  const webhookSender =
    deps.webhookSender ?? createWebhookSender(createTargetGuard(config.webhooks.allowedTargets));
  const webhooks = createWebhookDispatcher(context, webhookSender);

  let running: { abort: AbortController; loops: Promise<unknown> } | undefined;
  let stopped: Promise<void> | undefined;

  async function sweepLoop(signal: AbortSignal): Promise<void> {
    const sleeper = createWaker();
    while (!signal.aborted) {
      try {
        const expired = await expireCertificates(context);
        if (expired > 0) logger.info({ expired }, 'certificates expired');
      } catch (error) {
        logger.error({ err: error }, 'expiry sweep failed');
      }
      await sleeper.sleep(config.expirySweepIntervalMs, signal);
    }
  }

  return Object.freeze({
    authority: config.authority,
    config,
    app,
    fetch: async (request: Request, env?: unknown) => app.fetch(request, env),
    context,
    start() {
      if (running !== undefined || stopped !== undefined) return;
      const abort = new AbortController();
      running = {
        abort,
        loops: Promise.all([
          dispatcher.run(abort.signal),
          sweepLoop(abort.signal),
          wired.run(abort.signal),
          webhooks.run(abort.signal),
        ]),
      };
      // Which Ed25519 library signs and verifies (D17): libsodium, or node:crypto when its
      // binary does not load here or KPX_ED25519=node asks for it.
      logger.info({ worker, ed25519: ed25519Backend() }, 'node started');
    },
    stop() {
      stopped ??= (async () => {
        if (running !== undefined) {
          running.abort.abort();
          await running.loops;
        }
        await webhookSender.close?.();
        if (ownsStorage) await storage.close();
        logger.info('node stopped');
      })();
      return stopped;
    },
    dispatchOutbox: () => dispatcher.dispatchDue(),
    dispatchWebhooks: () => webhooks.dispatchDue(),
    expireCertificates: () => expireCertificates(context),
    createToken: (input: Parameters<KpxNode['createToken']>[0]) =>
      createToken(context, input, 'system'),
    createUser: (input: Parameters<KpxNode['createUser']>[0]) =>
      createUser(
        context,
        {
          username: input.username,
          role: input.role,
          displayName: input.displayName ?? input.username,
          ...(input.password === undefined ? {} : { password: input.password }),
          ...(input.company === undefined ? {} : { company: input.company }),
        },
        'system',
        { mustChangePassword: input.mustChangePassword ?? false },
      ),
    createCompany: (input: { name: string; address: string; licence: string }) =>
      createCompany(context, input, 'system'),
    verifyAuditChain: () => verifyAuditChain(storage.db),
    reloadTrustList: () => wired.reload(),
  });
}
