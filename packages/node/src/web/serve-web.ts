import { readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { KpxError } from '@kpx/domain';
import type { Context, Handler } from 'hono';
import { contentTypeOf } from './content-types.js';

/** Paths the API owns: never answered with the app, even when nothing matched there. */
const apiPrefixes = ['/api/', '/exchange/'];
const apiPaths = new Set(['/api', '/exchange', '/healthz', '/metrics', '/openapi.json']);

/** Vite's hashed build output: its names change with its content, so it may be cached for good. */
const assetsPrefix = '/assets/';
const immutable = 'public, max-age=31536000, immutable';
const revalidate = 'no-cache';

function notFound(path: string): KpxError {
  return new KpxError('KPX_NOT_FOUND', { detail: `No route GET ${path}` });
}

/**
 * The decoded segments of a request path, or `undefined` when the path tries to leave the
 * directory or smuggle something past the file system: a `.`/`..` segment in any spelling
 * (`%2e%2e`, `.%2E`), an encoded `/` (`%2f`), a backslash (`\`, `%5c`), NUL or any other
 * control character, or bad percent-encoding. Checked on the raw path, before anything else.
 */
export function safeSegments(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  if (/%(?:2f|5c|00)|\\/i.test(rawPath)) return undefined;
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // eslint-disable-next-line no-control-regex
    if (segment === '.' || segment === '..' || /[\u0000-\u001f\u007f/\\]/.test(segment))
      return undefined;
    segments.push(segment);
  }
  return segments;
}

function isApiPath(path: string): boolean {
  return apiPaths.has(path) || apiPrefixes.some((prefix) => path.startsWith(prefix));
}

/** The request target as the client sent it, before URL normalisation (the Node server's). */
function rawTarget(c: Context): string | undefined {
  const env = c.env as { incoming?: { url?: unknown } } | undefined;
  const url = env?.incoming?.url;
  if (typeof url !== 'string') return undefined;
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/')) return path;
  try {
    return new URL(path).pathname; // absolute-form (RFC 9112 §3.2.2)
  } catch {
    return '';
  }
}

async function fileIn(root: string, segments: readonly string[]): Promise<string | undefined> {
  try {
    const realRoot = await realpath(root);
    const file = await realpath(join(realRoot, ...segments));
    // Symbolic links included: whatever the path resolves to must be inside the directory.
    if (!file.startsWith(realRoot + sep)) return undefined;
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

async function serveFile(c: Context, file: string, cacheControl: string): Promise<Response> {
  const info = await stat(file);
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = { etag, 'cache-control': cacheControl, 'content-type': contentTypeOf(file) };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(await readFile(file)), { status: 200, headers });
}

/**
 * Serves the built console from `dir` (GET and HEAD): `/assets/*` as files cached for a year
 * (hashed names), other paths with a dot as files from the top of `dir`, and every other path
 * — `/`, `/verify`, `/certificates/RU-2026-000101` — as `index.html` (single-page-app fallback,
 * `Cache-Control: no-cache` so a new build shows at once). API paths are never the app: an
 * unknown one stays `404 KPX_NOT_FOUND`. Whatever fails the traversal checks
 * ({@link safeSegments}) or is not a regular file inside `dir` is 404.
 */
export function webHandler(dir: string | undefined): Handler {
  return async (c) => {
    const path = new URL(c.req.url).pathname;
    if (isApiPath(path)) throw notFound(path);
    if (dir === undefined) {
      throw new KpxError('KPX_NOT_FOUND', {
        detail: 'The console is not installed on this node (build @kpx/web or set web.dir)',
      });
    }
    const raw = rawTarget(c);
    const segments = safeSegments(path);
    if (segments === undefined || (raw !== undefined && safeSegments(raw) === undefined))
      throw notFound(path);
    const last = segments[segments.length - 1] ?? '';
    const isAsset = path.startsWith(assetsPrefix);
    if (!isAsset && !last.includes('.')) {
      const index = await fileIn(dir, ['index.html']);
      if (index === undefined) throw notFound(path);
      return serveFile(c, index, revalidate);
    }
    const file = await fileIn(dir, segments);
    if (file === undefined) throw notFound(path);
    return serveFile(c, file, isAsset ? immutable : revalidate);
  };
}
