// Writes the protocol test vectors to spec/vectors/ from packages/protocol (run after a build:
// `npx tsc -b packages/protocol && node scripts/generate-vectors.mjs`). With --check, only
// compares and exits 1 when a file differs (CI drift check).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildVectors } from '../packages/protocol/dist/testing/vectors.js';

const dir = fileURLToPath(new URL('../spec/vectors/', import.meta.url));
const check = process.argv.includes('--check');
const files = await buildVectors();
let drift = 0;
await mkdir(dir, { recursive: true });
for (const [name, value] of Object.entries(files)) {
  const text = JSON.stringify(value, null, 2) + '\n';
  const path = dir + name;
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) continue;
  if (check) {
    console.error(`spec/vectors/${name} is out of date: run node scripts/generate-vectors.mjs`);
    drift++;
  } else {
    await writeFile(path, text);
    console.log(`wrote spec/vectors/${name}`);
  }
}
process.exitCode = drift > 0 ? 1 : 0;
