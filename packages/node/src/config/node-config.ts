import { KpxError, jsonPointer, type Problem } from '@kpx/domain';
import { privateJwkSchema, publicJwkSchema, type PrivateJwk, type PublicJwk } from '@kpx/protocol';
import { z } from 'zod';

const ms = (fallback: number) => z.int().nonnegative().default(fallback);
const minute = 60_000;
const day = 24 * 60 * minute;

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
      /** See STORAGE.md: `full` (default) with group commit, or `normal`. */
      synchronous: z.enum(['full', 'normal']).default('full'),
    }),
  ]),
  /** Where the trust list is read from when no trust source is injected. */
  trustList: z
    .strictObject({
      path: z.string().min(1),
      /** The registry's root public key; when set, a signed trust list must verify against it. */
      rootKey: publicJwkSchema.optional(),
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
});

/** The configuration as validated, defaults filled in. */
export type NodeConfig = z.output<typeof nodeConfigSchema> & {
  signingKey?: PrivateJwk;
  trustList?: { path: string; rootKey?: PublicJwk };
};
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
