import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTestNode, type ConsoleTestNode } from '../auth/testing/console-test-node.js';
import { resolveWebDir } from './resolve-web-dir.js';
import { contentSecurityPolicy } from './security-headers.js';
import { safeSegments, webHandler } from './serve-web.js';

let root: string;
let dir: string;
let t: ConsoleTestNode;
const index = '<!doctype html><title>kpx</title><div id="root"></div>';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kpx-web-'));
  dir = join(root, 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), index);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'assets', 'index-4f2a1c.js'), 'console.log("kpx")');
  writeFileSync(join(dir, 'assets', 'index-9b8e7d.css'), 'body{margin:0}');
  writeFileSync(join(root, 'secret.txt'), 'outside the web directory');
  writeFileSync(join(root, 'secret'), 'outside, no dot');
  symlinkSync(join(root, 'secret.txt'), join(dir, 'assets', 'link.txt'));
  t = await createConsoleTestNode({ config: { web: { dir } } });
});
afterAll(async () => {
  await t.stop();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string, init: RequestInit = {}, env?: unknown) =>
  Promise.resolve(t.node.app.request(path, init, env as never));

describe('the console app', () => {
  it('serves index.html at / and for every app path without a dot (SPA fallback)', async () => {
    for (const path of [
      '/',
      '/verify',
      '/verify/RU-2026-000101',
      '/certificates/RU-2026-000101',
      '/users/',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(index);
    }
  });

  it('serves /assets/* as files cached for a year, with their media types', async () => {
    const js = await get('/assets/index-4f2a1c.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("kpx")');
    const css = await get('/assets/index-9b8e7d.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await get('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 for a missing file, never the app in its place', async () => {
    for (const path of ['/assets/missing.js', '/assets/nodot', '/robots.txt', '/assets/']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('keeps API paths for the API: an unknown one is a problem, not the app', async () => {
    for (const path of ['/api/v1/nothing', '/api', '/exchange/v1/nothing']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'KPX_NOT_FOUND' });
    }
    expect((await get('/healthz')).status).toBe(200);
  });

  it('answers HEAD, and If-None-Match with 304', async () => {
    const head = await get('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await get('/verify', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });
});

describe('path traversal', () => {
  const attempts = [
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2fsecret.txt',
    '/assets/..%2Fsecret',
    '/assets/..%5csecret.txt',
    '/assets/%5c..%5c..%5csecret.txt',
    '/assets/%00.js',
    '/assets/index-4f2a1c.js%00.txt',
    '/assets/%zz.js',
    '/%2e%2e/secret.txt', // the URL parser folds this to /secret.txt: not in the directory
    '/assets/../../secret.txt',
    '/assets/.%2e/.%2E/secret.txt',
    '/assets/link.txt', // a symbolic link out of the directory
  ];
  it.each(attempts)('%s → 404, never the file', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('outside');
  });

  it('checks the raw request target the server saw, before URL normalisation', async () => {
    for (const raw of ['/assets/../../secret.txt', '/x/%2e%2e/%2e%2e/secret', '/a\\..\\secret']) {
      const res = await get('/verify', {}, { incoming: { url: raw, socket: {} } });
      expect(res.status, raw).toBe(404);
    }
    const fine = await get('/verify', {}, { incoming: { url: '/verify?x=1', socket: {} } });
    expect(fine.status).toBe(200);
  });

  it('safeSegments refuses every spelling of a way out', () => {
    expect(safeSegments('/assets/app.js')).toEqual(['assets', 'app.js']);
    expect(safeSegments('/caf%C3%A9')).toEqual(['café']);
    for (const bad of [
      '/..',
      '/a/../b',
      '/%2e%2e',
      '/%2E.',
      '/.',
      '/a%2fb',
      '/a%5Cb',
      '/a\\b',
      '/a%00',
      '/a%0a',
      '/%E0%A4%A',
      'relative',
    ])
      expect(safeSegments(bad), bad).toBeUndefined();
  });
});

describe('security headers', () => {
  const expected = {
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(self)',
  };

  it('are on every answer: the app, files, the API, problems', async () => {
    expect(contentSecurityPolicy).toBe(expected['content-security-policy']);
    for (const [path, init] of [
      ['/', {}],
      ['/assets/index-4f2a1c.js', {}],
      ['/healthz', {}],
      ['/api/v1/certificates', {}],
      ['/api/v1/nothing', {}],
      [
        '/api/v1/session',
        { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
      ],
    ] as const) {
      const res = await get(path, init);
      for (const [name, value] of Object.entries(expected))
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('add Strict-Transport-Security over TLS only', async () => {
    const res = await get('https://node.example/verify');
    expect(res.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });
});

describe('without a built console', () => {
  it('answers 404 KPX_NOT_FOUND and still keeps the API paths', async () => {
    const app = new Hono();
    app.get('/*', webHandler(undefined));
    app.onError((e) => new Response((e as { code?: string }).code ?? 'x', { status: 404 }));
    const res = await app.request('/verify');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('KPX_NOT_FOUND');
  });

  it('resolves the configured directory, absolute', () => {
    expect(resolveWebDir(dir)).toBe(dir);
    expect(resolveWebDir('relative/dist')).toBe(join(process.cwd(), 'relative/dist'));
  });
});
