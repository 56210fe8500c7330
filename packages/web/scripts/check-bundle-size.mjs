#!/usr/bin/env node
// Measures the JavaScript a first visit loads — the entry chunk and every chunk it imports
// statically (transitively), gzipped — from Vite's manifest, and fails past the budget.
// Lazy pages (dynamic imports) and the ZXing wasm asset are not part of the first load.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const budgetKb = 250;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (entries.length === 0) {
  console.error('check-bundle-size: no entry chunk in dist/.vite/manifest.json');
  process.exit(1);
}

const seen = new Set();
const files = [];
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) return;
  if (chunk.file.endsWith('.js')) files.push(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key] of entries) visit(key);

let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`  ${file}  ${(size / 1024).toFixed(1)} KB gzip`);
}
const kb = total / 1024;
console.log(
  `initial JS (entry + static imports, gzip): ${kb.toFixed(1)} KB of ${budgetKb} KB budget`,
);
if (kb > budgetKb) {
  console.error(`check-bundle-size: initial JS ${kb.toFixed(1)} KB exceeds ${budgetKb} KB`);
  process.exit(1);
}
