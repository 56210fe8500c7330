#!/usr/bin/env node
// Takes the README's screenshot of the officer console: starts `kpx demo` (serving, after its
// simulated quarter), signs in at one node's console in Debian's Chromium (playwright-core, never
// a downloaded browser) and saves the dashboard as a PNG. Needs `npm run build` first.
//
//   node scripts/screenshot-console.mjs [--node EU] [--role issuer] [--page /] [--out docs/images/console-dashboard.png]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    node: { type: 'string', default: 'EU' },
    role: { type: 'string', default: 'issuer' },
    page: { type: 'string', default: '/' },
    out: { type: 'string', default: join(root, 'docs/images/console-dashboard.png') },
    certificates: { type: 'string', default: '200' },
  },
});

const dir = await mkdtemp(join(tmpdir(), 'kpx-screenshot-'));
const demo = spawn(
  process.execPath,
  [
    join(root, 'packages/cli/dist/bin.js'),
    'demo',
    '--dir',
    dir,
    '--certificates',
    args.certificates,
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const exited = new Promise((resolveExit) => demo.once('exit', resolveExit));

// The demo prints "Serving;" once its quarter is done and the summary is out.
await new Promise((resolveReady, reject) => {
  let text = '';
  demo.stdout.on('data', (chunk) => {
    text += chunk;
    if (text.includes('Serving;')) resolveReady(undefined);
  });
  demo.once('exit', (code) => reject(new Error(`kpx demo ended (${code}) before serving`)));
});

try {
  const manifest = JSON.parse(await readFile(join(dir, 'network.json'), 'utf8'));
  const node = manifest.nodes[args.node];
  if (node === undefined) throw new Error(`no node ${args.node} in the demo`);
  const user = node.users.find((u) => u.role === args.role);
  if (user === undefined) throw new Error(`no ${args.role} account on ${args.node}`);

  const browser = await chromium.launch({
    executablePath: process.env.KPX_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'en-GB',
    });
    const page = await context.newPage();
    await page.goto(`${node.url}${args.page}`);
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('officer').waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: args.out });
    console.log(`${args.out}: ${(await stat(args.out)).size} bytes (${args.node} ${args.role})`);
  } finally {
    await browser.close();
  }
} finally {
  demo.kill('SIGINT');
  await exited;
}
