import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the built console is: `configured` (config `web.dir`) when given, else the `dist` of the
 * installed `@kpx/web` package when it holds an `index.html`, else `undefined` (the node then
 * serves the API only). Resolved by path, not imported: the node does not depend on the web
 * package's code, only on its build output.
 */
export function resolveWebDir(configured: string | undefined): string | undefined {
  if (configured !== undefined) return resolve(configured);
  try {
    const manifest = createRequire(import.meta.url).resolve('@kpx/web/package.json');
    const dist = join(dirname(manifest), 'dist');
    return existsSync(join(dist, 'index.html')) ? dist : undefined;
  } catch {
    return undefined;
  }
}
