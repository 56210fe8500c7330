// The SBOM `npm run build` writes (scripts/sbom.mjs): CycloneDX from `npm sbom`, production
// dependencies only, made without the network.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

type Sbom = {
  bomFormat: string;
  specVersion: string;
  components: { name: string; version: string; purl?: string }[];
};

describe('scripts/sbom.mjs', () => {
  it('writes a CycloneDX SBOM of the production dependencies, offline', async () => {
    const out = join(tempDir('kpx-sbom-'), 'sbom.cdx.json');
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ['scripts/sbom.mjs', '--out', out],
        // An unreachable registry: the SBOM must come from the lock file and node_modules alone.
        { cwd: repo, env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' } },
        (error) => (error === null ? resolve() : reject(error)),
      );
    });
    const sbom = JSON.parse(readFileSync(out, 'utf8')) as Sbom;
    expect(sbom.bomFormat).toBe('CycloneDX');
    expect(sbom.specVersion).toMatch(/^1\.\d+$/);
    const names = new Set(sbom.components.map((c) => c.name));
    const sqlite = sbom.components.find((c) => c.name === 'better-sqlite3');
    const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    expect(sqlite?.version).toBe(lock.packages['node_modules/better-sqlite3']?.version);
    expect(sqlite?.purl).toBe(`pkg:npm/better-sqlite3@${sqlite?.version ?? ''}`);
    for (const runtime of ['zod', 'jose', 'hono', 'kysely', 'pg', 'pino', 'undici', 'commander'])
      expect(names).toContain(runtime);
    // Development tools are not shipped, so they are not in the bill of materials.
    for (const dev of ['vitest', 'eslint', 'typescript', 'prettier', 'playwright-core'])
      expect(names).not.toContain(dev);
  }, 120_000);
});
