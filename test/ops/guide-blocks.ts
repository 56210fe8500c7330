// Runs the shell blocks of docs/operator-guide.md marked `<!-- test: NAME -->` as written, so
// the procedures in the guide are the ones the tests prove (test/ops/operator-guide.test.ts).
import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kpxBin } from '../support/kpx-process.js';

export const guidePath = fileURLToPath(new URL('../../docs/operator-guide.md', import.meta.url));

/** The body of the ```sh block that follows `<!-- test: name -->` (exactly one). */
export function guideBlock(name: string, markdown = readFileSync(guidePath, 'utf8')): string {
  const marker = `<!-- test: ${name} -->\n\`\`\`sh\n`;
  const start = markdown.indexOf(marker);
  if (start < 0) throw new Error(`docs/operator-guide.md has no block marked "test: ${name}"`);
  if (markdown.indexOf(marker, start + 1) >= 0) throw new Error(`two blocks marked "${name}"`);
  const body = start + marker.length;
  const end = markdown.indexOf('\n```', body - 1);
  return markdown.slice(body, end + 1);
}

/** A directory holding a `kpx` launcher for the built CLI, to put first on PATH. */
export function kpxOnPath(binDir: string): string {
  const launcher = join(binDir, 'kpx');
  writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${kpxBin}" "$@"\n`);
  chmodSync(launcher, 0o755);
  return binDir;
}

export type BlockRun = { code: number; stdout: string; stderr: string };

/** Runs a guide block with bash (`set -eu`: the first failing command fails the block). */
export function runGuideBlock(
  name: string,
  env: Record<string, string>,
  binDir: string,
): Promise<BlockRun> {
  const script = `set -eu\n${guideBlock(name)}`;
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', script],
      {
        env: { ...process.env, ...env, PATH: `${binDir}:${process.env['PATH'] ?? ''}` },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
