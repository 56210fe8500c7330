import { readFile } from 'node:fs/promises';
import { KpxError, jsonPointer, type Problem } from '@kpx/domain';
import { z } from 'zod';
import { nodeConfigSchema } from '../config/node-config.js';

const filePath = z.string().min(1);

/**
 * `node.json` of a node directory: the node's configuration (`nodeConfigSchema`, every field
 * but `signingKey`, which is never in this file) plus how to serve it (`server`), how to reach
 * partners (`outbound`) and where the sealed signing key is (`keys`). Relative paths are
 * relative to the directory, so it can be moved as a whole.
 */
export const nodeFileSchema = nodeConfigSchema.omit({ signingKey: true }).extend({
  server: z.strictObject({
    /** Interface to bind. Plain HTTP only on loopback. */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.int().min(1).max(65535),
    /** The base URL partners and officers use (what the trust list publishes as `endpoint`). */
    publicUrl: z.url({ protocol: /^https?$/ }),
    tls: z
      .strictObject({
        /** PEM certificate chain. */
        cert: filePath,
        /** PEM private key (keep it mode 0600). */
        key: filePath,
        /** PEM CA bundle: when set, `/exchange/*` requires a client certificate it issued. */
        clientCa: filePath.optional(),
      })
      .optional(),
    /** How long shutdown lets requests in flight finish. */
    shutdownGraceMs: z.int().positive().default(10_000),
  }),
  outbound: z
    .strictObject({
      /** TLS of deliveries to partner nodes. */
      tls: z
        .strictObject({
          /** PEM CA bundle trusted for partners' server certificates (besides the system's). */
          ca: filePath.optional(),
          /** PEM client certificate for partners that require mutual TLS, with its key. */
          cert: filePath.optional(),
          key: filePath.optional(),
        })
        .refine((t) => (t.cert === undefined) === (t.key === undefined), {
          message: 'cert and key go together',
          path: ['cert'],
        })
        .optional(),
    })
    .prefault({}),
  keys: z.strictObject({
    /** The sealed signing key (`kpx node init` writes `keys/signing-key.sealed.json`). */
    signing: filePath,
    /** The environment variable holding its passphrase. */
    passphraseEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .default('KPX_PASSPHRASE'),
  }),
});

/** `node.json` as validated, defaults filled in. */
export type NodeFile = z.output<typeof nodeFileSchema>;
/** `node.json` as written. */
export type NodeFileInput = z.input<typeof nodeFileSchema>;

/** Validates a `node.json` document; `KPX_CONFIG_INVALID` naming every wrong field (JSON pointers) and the file. */
export function parseNodeFile(input: unknown, source = 'node.json'): NodeFile {
  const parsed = nodeFileSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({
    code: 'KPX_CONFIG_INVALID',
    path: jsonPointer(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
    message: issue.message,
  }));
  const detail = problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
  throw new KpxError('KPX_CONFIG_INVALID', {
    detail: `invalid node configuration ${source}: ${detail}`,
    problems,
  });
}

/** Reads and validates a `node.json` file. */
export async function readNodeFile(path: string): Promise<NodeFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail:
        code === 'ENOENT'
          ? `${path} not found: not an initialised node directory (run kpx node init)`
          : `cannot read ${path} (${code ?? String(error)})`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: `${path} is not JSON: ${(error as Error).message}`,
    });
  }
  return parseNodeFile(json, path);
}
