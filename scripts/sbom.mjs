#!/usr/bin/env node
// Writes the software bill of materials of kpx's production dependencies as CycloneDX JSON
// (`npm sbom`, from package-lock.json and node_modules: no network), by default to
// dist/sbom.cdx.json. `npm run build` runs it; scripts/bundle.mjs puts it in the bundle.
//   node scripts/sbom.mjs [--out FILE]
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The CycloneDX SBOM (parsed) of the production dependency tree of the repository at `cwd`. */
export async function buildSbom(cwd = process.cwd()) {
  const { stdout } = await run(
    'npm',
    ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev', '--offline'],
    { cwd, maxBuffer: 256 * 1024 * 1024 },
  );
  const sbom = JSON.parse(stdout);
  if (sbom.bomFormat !== 'CycloneDX' || !Array.isArray(sbom.components))
    throw new Error('npm sbom did not produce a CycloneDX document');
  return sbom;
}

/** Writes the SBOM to `file` and returns it. */
export async function writeSbom(file, cwd = process.cwd()) {
  const sbom = await buildSbom(cwd);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(sbom, null, 2) + '\n');
  return sbom;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const file = resolve(at >= 0 ? process.argv[at + 1] : 'dist/sbom.cdx.json');
  const sbom = await writeSbom(file);
  console.log(
    `wrote ${file} (CycloneDX ${sbom.specVersion}, ${sbom.components.length} components)`,
  );
}
