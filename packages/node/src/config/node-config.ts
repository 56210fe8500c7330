import { KpxError, jsonPointer, type Problem } from '@kpx/domain';
import { privateJwkSchema, publicJwkSchema, type PrivateJwk, type PublicJwk } from '@kpx/protocol';
import { z } from 'zod';
import { postgresSchemaPattern } from '../storage/postgres-schema-name.js';

const ms = (fallback: number) => z.int().nonnegative().default(fallback);
const minute = 60_000;
const day = 24 * 60 * minute;
/** A token bucket's settings: a sustained rate and a burst. */
const rateBucket = (perSecond: number, burst: number) =>
  z
    .strictObject({
      perSecond: z.number().positive().max(1_000_000).default(perSecond),
      burst: z.int().positive().max(10_000_000).default(burst),
    })
    .prefault({});

/**
 * The node's configuration, validated once at start (a trust boundary: it comes from a file or
 * the CLI). Every duration is in milliseconds, every size in bytes.
 */
export const nodeConfigSchema = z.strictObject({
  /** The authority this node serves, e.g. `RU-MINFIN`; must be in the trust list. */
  authority: z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'an authority id such as RU-MINFIN'),
  /**
   * The authority's current signing key (private JWK, Ed25519 or P-256). May be left out when
   * a signer is injected instead (`deps.signer`: an HSM, or a key decrypted by the CLI).
   */
  signingKey: privateJwkSchema.optional(),
  database: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('sqlite'),
      /** File path, or `:memory:`. */
      path: z.string().min(1),
      /** See docs/decisions.md D10–D11: `full` (default) with group commit, or `normal`. */
      synchronous: z.enum(['full', 'normal']).default('full'),
    }),
    z.strictObject({
      /** PostgreSQL: several node processes of the authority may share the database. */
      kind: z.literal('postgres'),
      /** `postgres://user:password@host:port/database` (it may hold a password: never logged). */
      url: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL'),
      /** Schema of the node's tables (created if missing); default: the server's search_path. */
      schema: z
        .string()
        .regex(postgresSchemaPattern, 'a lower-case PostgreSQL identifier')
        .optional(),
      /** The connection pool of each process. */
      pool: z
        .strictObject({
          max: z.int().positive().max(1000).default(10),
          /** An idle connection is closed after this long. */
          idleTimeoutMs: ms(30_000),
          /** Waiting for a connection (new or from the pool) fails after this long. */
          connectionTimeoutMs: ms(10_000),
          /**
           * Named (prepared) statements: each connection parses a statement once. Off behind
           * a pooler that hands a session's statements to other sessions (PgBouncer in
           * transaction mode without `max_prepared_statements`).
           */
          preparedStatements: z.boolean().default(true),
        })
        .prefault({}),
    }),
  ]),
  /**
   * Where the trust list comes from when no trust source is injected: a file (`path`), the
   * registry (`registryUrl`, fetched every `refreshIntervalMs` and kept in `cachePath`), or both
   * (the file seeds a node that has no cached copy yet). Past `nextUpdate` + `graceMs` the node
   * refuses to send or accept (`KPX_TRUST_LIST_STALE`) until a fresh list arrives.
   */
  trustList: z
    .strictObject({
      path: z.string().min(1).optional(),
      /** The registry's base URL; `GET {registryUrl}/trust-list.json` is polled. */
      registryUrl: z.url({ protocol: /^https?$/ }).optional(),
      /** The registry's root public key; when set, a signed trust list must verify against it. */
      rootKey: publicJwkSchema.optional(),
      /** Where the last verified list (the JWS as fetched) is kept across restarts. */
      cachePath: z.string().min(1).optional(),
      /** How often the registry is asked for a newer list (failures back off, with jitter, up to this). */
      refreshIntervalMs: z
        .int()
        .positive()
        .default(5 * minute),
      /** How long past `nextUpdate` the list held is still used. */
      graceMs: ms(day),
    })
    .superRefine((t, issue) => {
      if (t.path === undefined && t.registryUrl === undefined)
        issue.addIssue({ code: 'custom', path: ['path'], message: 'give path or registryUrl' });
      if (t.registryUrl !== undefined && t.rootKey === undefined)
        issue.addIssue({
          code: 'custom',
          path: ['rootKey'],
          message: "required with registryUrl: the registry's root public key to pin",
        });
    })
    .optional(),
  exchange: z
    .strictObject({
      /** Tolerated clock skew for an envelope's `createdAt` in the future. */
      maxSkewMs: ms(5 * minute),
      /**
       * Oldest acceptable `createdAt`, and so the deduplication window. Must be at least the
       * longest certificate validity (checked at start against the trust list).
       */
      maxAgeMs: ms(400 * day),
      /** Largest envelope accepted. */
      maxBodyBytes: z
        .int()
        .positive()
        .default(1024 * 1024),
    })
    .prefault({}),
  outbox: z
    .strictObject({
      baseDelayMs: z.int().positive().default(1000),
      maxDelayMs: z
        .int()
        .positive()
        .default(15 * minute),
      /** Past this age an undelivered entry is flagged overdue (it keeps trying). */
      overdueAfterMs: z.int().positive().default(day),
      /** How long a claim lasts; a crashed worker's claims expire after it. */
      leaseMs: z
        .int()
        .positive()
        .default(2 * minute),
      batchSize: z.int().positive().max(1000).default(32),
      /** Deliveries in flight at once. */
      concurrency: z.int().positive().max(256).default(8),
      /** Longest sleep between passes when nothing wakes the dispatcher. */
      pollIntervalMs: z.int().positive().default(5000),
      requestTimeoutMs: z.int().positive().default(15_000),
    })
    .prefault({}),
  /** How often certificates past their expiry date are marked `expired`. */
  expirySweepIntervalMs: z
    .int()
    .positive()
    .default(60 * minute),
  api: z
    .strictObject({
      /** Largest request body on `/api`. */
      maxBodyBytes: z
        .int()
        .positive()
        .default(256 * 1024),
    })
    .prefault({}),
  /** Trader applications (docs/applications.md): limits of the uploads. */
  applications: z
    .strictObject({
      /** Largest body of `POST /api/v1/applications` and `…/bulk` (base64 attachments inside). */
      maxBodyBytes: z
        .int()
        .positive()
        .default(16 * 1024 * 1024),
      /** Largest supporting document, in bytes after base64 decoding. */
      maxAttachmentBytes: z
        .int()
        .positive()
        .default(4 * 1024 * 1024),
      /** Most supporting documents per application. */
      maxAttachments: z.int().positive().max(64).default(8),
      /** Most rows of a CSV bulk upload. */
      maxBulkRows: z.int().positive().max(100_000).default(1000),
    })
    .prefault({}),
  /**
   * Traders' webhooks (docs/applications.md): delivery retries like the outbox, and the SSRF
   * guard. Targets on private, loopback, link-local, unique-local, CGNAT, multicast or
   * unspecified addresses are refused unless listed in `allowedTargets` (IP addresses or CIDR
   * ranges, e.g. `10.20.0.0/16` for an intranet ERP).
   */
  webhooks: z
    .strictObject({
      allowedTargets: z
        .array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]))
        .max(64)
        .default([]),
      baseDelayMs: z.int().positive().default(5000),
      maxDelayMs: z
        .int()
        .positive()
        .default(60 * minute),
      /** A delivery still failing after this many attempts is dead (visible, not retried). */
      maxAttempts: z.int().positive().max(100).default(15),
      requestTimeoutMs: z.int().positive().default(10_000),
      batchSize: z.int().positive().max(1000).default(32),
      pollIntervalMs: z.int().positive().default(5000),
      leaseMs: z
        .int()
        .positive()
        .default(2 * minute),
      /** Most webhooks per company. */
      maxPerCompany: z.int().positive().max(100).default(5),
    })
    .prefault({}),
  /**
   * The officer console and public verification page (the built `@kpx/web` single-page app).
   * Without `dir` the node serves `@kpx/web/dist` when that package is installed and built.
   */
  web: z
    .strictObject({
      /** Directory holding the built app (`index.html`, `assets/`). */
      dir: z.string().min(1).optional(),
    })
    .prefault({}),
  /** Officer console accounts and sessions (docs/internal-contract.md, "Console API"). */
  console: z
    .strictObject({
      /** A session unused this long ends. */
      idleTimeoutMs: z
        .int()
        .positive()
        .default(30 * minute),
      /** A session ends this long after sign-in, used or not. */
      absoluteTimeoutMs: z
        .int()
        .positive()
        .default(12 * 60 * minute),
      /** The dashboard counts incoming certificates not confirmed this many days after issue. */
      overdueConfirmationDays: z.int().positive().max(3650).default(30),
      /**
       * Reverse proxies in front of the node (exact IP addresses): only from these is
       * `X-Forwarded-For` believed for the client address the sign-in slow-down counts.
       */
      trustedProxies: z.array(z.ipv4().or(z.ipv6())).max(64).default([]),
      /** scrypt cost of new password hashes: N = 2^passwordHashLogN (stored with each hash). */
      passwordHashLogN: z.int().min(10).max(20).default(15),
      /**
       * Failed sign-ins are slowed down, never locked out: after `freeFailures` failures within
       * `windowMs` (per account, and per client address), each attempt waits
       * min(baseDelayMs · 2^(n − freeFailures), maxDelayMs).
       */
      signInThrottle: z
        .strictObject({
          freeFailures: z.int().positive().default(5),
          windowMs: z
            .int()
            .positive()
            .default(15 * minute),
          baseDelayMs: z.int().nonnegative().default(1000),
          maxDelayMs: z.int().nonnegative().default(30_000),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Flood protection of the routes anyone can reach (`/exchange/v1/messages`, `/api/v1/verify`):
   * token buckets in memory, per process; past a budget the answer is `429 KPX_RATE_LIMITED`
   * with `Retry-After`. See SECURITY.md.
   */
  rateLimit: z
    .strictObject({
      enabled: z.boolean().default(true),
      exchange: z
        .strictObject({
          /**
           * Per partner authority (the envelope names a key of the trust list) and client (TLS
           * client certificate, else address): generous, a partner's bursts are legitimate.
           */
          partner: rateBucket(2000, 4000),
          /** Per client address whose envelopes name no key of the trust list. */
          anonymous: rateBucket(5, 20),
          /** All such anonymous traffic together, so many addresses cannot add up. */
          anonymousTotal: rateBucket(50, 200),
        })
        .prefault({}),
      /** The public verification routes, per client address (IPv6: per /64). */
      verify: rateBucket(10, 100),
    })
    .prefault({}),
  /** KP statistics (ARCHITECTURE.md flow 6): reconciliation and the quarterly return. */
  statistics: z
    .strictObject({
      /** An export not confirmed this many days after its date of issue is overdue. */
      overdueDays: z.int().nonnegative().max(3650).default(30),
      /**
       * The registry's base URL that quarterly returns are sent to (`POST {url}/exchange/v1/messages`,
       * addressed to `KP-REGISTRY`). Default: `trustList.registryUrl`, the registry the trust
       * list comes from.
       */
      registryUrl: z.url({ protocol: /^https?$/ }).optional(),
    })
    .prefault({}),
});

/** The configuration as validated, defaults filled in. */
export type NodeConfig = z.output<typeof nodeConfigSchema> & {
  signingKey?: PrivateJwk;
  trustList?: {
    path?: string;
    registryUrl?: string;
    rootKey?: PublicJwk;
    cachePath?: string;
    refreshIntervalMs: number;
    graceMs: number;
  };
};
/** Where the node keeps its data (`config.database`), defaults filled in. */
export type DatabaseConfig = NodeConfig['database'];
/** The configuration as written by an operator. */
export type NodeConfigInput = z.input<typeof nodeConfigSchema>;

/**
 * Validates a configuration; throws `KPX_CONFIG_INVALID` naming every wrong field (JSON
 * pointers), never a partial config.
 *
 * @example
 * ```ts
 * const config = parseNodeConfig(JSON.parse(readFileSync('node.json', 'utf8')));
 * ```
 */
export function parseNodeConfig(input: unknown): NodeConfig {
  const parsed = nodeConfigSchema.safeParse(input);
  if (parsed.success) return Object.freeze(parsed.data) as NodeConfig;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({
    code: 'KPX_CONFIG_INVALID',
    path: jsonPointer(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
    message: issue.message,
  }));
  const detail = problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
  throw new KpxError('KPX_CONFIG_INVALID', {
    detail: `invalid node configuration: ${detail}`,
    problems,
  });
}
