#!/usr/bin/env node
// Writes spec/ from the code: JSON Schemas from the zod schemas of @kpx/domain and
// @kpx/protocol, and the OpenAPI document of the node. With --check it writes nothing and
// fails when a committed file differs, so spec/ cannot drift from the code.
// Runs on the built packages (npm run build first).
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const check = process.argv.includes('--check');
const outputs = new Map();

const json = (value) => JSON.stringify(value, null, 2) + '\n';

async function schemasOf(pkg) {
  const mod = await import(pkg);
  for (const [name, value] of Object.entries(mod)) {
    if (!name.endsWith('Schema') || !(value instanceof z.ZodType)) continue;
    const id = name.replace(/Schema$/, '').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    const schema = z.toJSONSchema(value, { target: 'draft-2020-12', unrepresentable: 'any' });
    outputs.set(
      join('spec', 'schemas', `${id}.json`),
      json({ $id: `https://w3id.org/kpx/spec/schemas/${id}.json`, ...schema }),
    );
  }
}

await schemasOf('@kpx/domain');
await schemasOf('@kpx/protocol');

const node = await import('@kpx/node').catch(() => undefined);
if (node && typeof node.buildOpenApiDocument === 'function') {
  const openApi = await node.buildOpenApiDocument();
  outputs.set(join('spec', 'openapi.json'), json(openApi));
  // docs/api-reference.md and the error-code table of docs/protocol.md are generated too.
  const { apiReferenceOutputs } = await import('./generate-api-reference.mjs');
  for (const [file, content] of await apiReferenceOutputs(JSON.parse(json(openApi))))
    outputs.set(file, content);
}

// spec/vectors/ has its own generator (scripts/generate-vectors.mjs) and a test that fails
// when the committed vectors drift from it.

const drift = [];
for (const [file, content] of outputs) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === content) continue;
  if (check) drift.push(file);
  else {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }
}
// A committed schema whose source schema is gone is drift too.
if (existsSync('spec/schemas')) {
  for (const f of readdirSync('spec/schemas')) {
    const file = join('spec', 'schemas', f);
    if (!outputs.has(file)) drift.push(`${file} (no longer produced by the code)`);
  }
}

if (check && drift.length > 0) {
  console.error(
    'spec/ differs from the code; run `npm run spec` and commit:\n  ' + drift.join('\n  '),
  );
  process.exit(1);
}
console.log(
  check ? `spec/ is current (${outputs.size} files)` : `wrote ${outputs.size} files under spec/`,
);
