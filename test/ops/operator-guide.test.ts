// The backup-and-restore and key-rotation procedures of docs/operator-guide.md, run as
// written against a real registry and node (separate `kpx` processes, SQLite, HTTP sockets).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import { decodeJwsPayload } from '@kpx/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../support/free-ports.js';
import { spawnKpx, type KpxProcess } from '../support/kpx-process.js';
import { tempDir } from '../support/temp-dir.js';
import { guideBlock, guidePath, kpxOnPath, runGuideBlock } from './guide-blocks.js';

const env = {
  KPX_PASSPHRASE: 'operator guide passphrase',
  KPX_REGISTRY_PASSPHRASE: 'operator guide registry passphrase',
};

const root = tempDir('kpx-guide-');
const binDir = kpxOnPath(mkdirOf(join(root, 'bin')));
const registryDir = join(root, 'registry');
const nodeDir = join(root, 'node');
const backupDir = join(root, 'backups');
const guideEnv = { ...env, NODE_DIR: nodeDir, REGISTRY_DIR: registryDir, BACKUP_DIR: backupDir };

function mkdirOf(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

let registry: KpxProcess | undefined;
let node: KpxProcess | undefined;
let nodeUrl = '';
let admin = '';
let issuer = '';

async function kpx(args: string[]): Promise<string> {
  const run = spawnKpx(args, env);
  const code = await run.exited;
  if (code !== 0) throw new Error(`kpx ${args.join(' ')} exited ${code}: ${run.stderr()}`);
  return run.stdout();
}

async function startNode(): Promise<void> {
  node = spawnKpx(['node', 'start', '--dir', nodeDir, '--json'], env);
  await node.line('ready', 60_000);
}

async function api(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${nodeUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
  });
}

async function issue(): Promise<{ number: string; kid: string; signed: string }> {
  const res = await api('/api/v1/certificates', issuer, {
    method: 'POST',
    body: JSON.stringify(sampleDraft),
  });
  expect(res.status).toBe(201);
  const { number } = (await res.json()) as { number: string };
  const detail = (await (await api(`/api/v1/certificates/${number}`, admin)).json()) as {
    signed: string;
  };
  const header = JSON.parse(
    Buffer.from(detail.signed.split('.')[0] ?? '', 'base64url').toString('utf8'),
  ) as { kid: string };
  return { number, kid: header.kid, signed: detail.signed };
}

async function numbers(): Promise<string[]> {
  const res = await api('/api/v1/certificates?direction=outgoing&limit=100', admin);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { number: string }[] }).items.map((i) => i.number).sort();
}

beforeAll(async () => {
  const [registryPort, nodePort] = await freePorts(2);
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  nodeUrl = `http://127.0.0.1:${nodePort}`;
  await kpx(['registry', 'init', '--dir', registryDir, '--auto-approve-rotation']);
  const init = JSON.parse(
    await kpx([
      'node',
      'init',
      '--dir',
      nodeDir,
      '--authority',
      'RU-MINFIN',
      '--port',
      String(nodePort),
      '--trust-root',
      join(registryDir, 'root-key.pub.json'),
      '--registry-url',
      registryUrl,
      '--json',
    ]),
  ) as { adminToken: { token: string } };
  admin = init.adminToken.token;
  // The guide's tuning knob (section 3): poll the registry every second instead of every five
  // minutes, so the rotated key comes into use within the test.
  const configPath = join(nodeDir, 'node.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
    trustList: Record<string, unknown>;
  };
  config.trustList['refreshIntervalMs'] = 1000;
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  await kpx([
    'registry',
    'add-authority',
    '--dir',
    registryDir,
    '--id',
    'RU-MINFIN',
    '--from-seed',
    '--endpoint',
    nodeUrl,
    '--jwks',
    join(nodeDir, 'public.jwks.json'),
  ]);
  await kpx([
    'registry',
    'add-authority',
    '--dir',
    registryDir,
    '--id',
    'EU-BE-ANTWERP',
    '--from-seed',
  ]);
  registry = spawnKpx(
    ['registry', 'start', '--dir', registryDir, '--port', String(registryPort), '--json'],
    env,
  );
  // `registry start --json` prints a multi-line document: wait for the registry to answer instead.
  for (let i = 0; i < 600; i++) {
    const up = await fetch(`${registryUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (registry.child.exitCode !== null) throw new Error(`registry exited: ${registry.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await startNode();
  const token = await api('/api/v1/tokens', admin, {
    method: 'POST',
    body: JSON.stringify({ role: 'issuer', name: 'operator guide test' }),
  });
  expect(token.status).toBe(201);
  issuer = ((await token.json()) as { token: string }).token;
}, 180_000);

afterAll(async () => {
  await node?.stop();
  await registry?.stop();
});

describe('docs/operator-guide.md, as written', () => {
  it('marks the procedures the tests run', () => {
    for (const name of ['backup', 'restore', 'rotate-key'])
      expect(guideBlock(name)).toMatch(/\bkpx node /);
  });

  it('backs up a running node and restores it: same certificates, audit chain intact', async () => {
    await issue();
    await issue();
    const before = await numbers();
    expect(before).toHaveLength(2);

    const backup = await runGuideBlock('backup', guideEnv, binDir);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      /backed up the RU-MINFIN node .*database: SQLite snapshot included/s,
    );
    expect(readdirSync(backupDir).filter((f) => /^kpx-node-.*\.tar\.gz$/.test(f))).toHaveLength(1);

    const after = await issue(); // not in the backup
    await node?.stop();
    const restore = await runGuideBlock('restore', guideEnv, binDir);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/restored the RU-MINFIN node/);
    expect(restore.stdout).toMatch(/audit log intact: \d+ entries/);
    expect(readdirSync(root).some((f) => f.startsWith('node.replaced-'))).toBe(true);

    await startNode();
    expect(await numbers()).toEqual(before);
    expect(before).not.toContain(after.number);
    const audit = await api('/api/v1/audit/verification', admin);
    expect(await audit.json()).toMatchObject({ ok: true });
  }, 180_000);

  it('rotates the signing key: the node signs with the new kid, old certificates still verify', async () => {
    const old = await issue();
    const rotation = await runGuideBlock('rotate-key', guideEnv, binDir);
    expect(rotation.stderr).toBe('');
    expect(rotation.code).toBe(0);
    const match = /next key (\S+) \((EdDSA|ES256)\) submitted, signed with (\S+): approved/.exec(
      rotation.stdout,
    );
    expect(match).not.toBeNull();
    const [, newKid, , signedBy] = match ?? [];
    expect(signedBy).toBe(old.kid);
    expect(newKid).not.toBe(old.kid);
    expect(existsSync(join(nodeDir, 'keys', `signing-key.${newKid ?? ''}.sealed.json`))).toBe(true);

    // The running node takes the new list up at its next poll, and the key from its validFrom:
    // wait for that (no timing is asserted, only the outcome).
    let latest = old;
    for (let i = 0; i < 240 && latest.kid !== newKid; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      latest = await issue();
    }
    expect(latest.kid).toBe(newKid);

    for (const document of [old.signed, latest.signed]) {
      const res = await fetch(`${nodeUrl}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ document }),
      });
      const outcome = (await res.json()) as { valid: boolean; checks: { ok: boolean }[] };
      // The failing checks, when any, make the failure message.
      expect(outcome.checks.filter((c) => !c.ok)).toEqual([]);
      expect(outcome.valid).toBe(true);
    }
    expect(
      (decodeJwsPayload(old.signed) as { credentialSubject: { number: string } }).credentialSubject
        .number,
    ).toBe(old.number);
  }, 180_000);

  it('lists in the monitoring table exactly the metrics /metrics serves', async () => {
    const text = await (await fetch(`${nodeUrl}/metrics`)).text();
    const served = new Set([...text.matchAll(/^# TYPE (kpx_[a-z_]+) /gm)].map((m) => m[1] ?? ''));
    const guide = readFileSync(guidePath, 'utf8');
    const section = guide.slice(guide.indexOf('## 9. Monitor'), guide.indexOf('## 10.'));
    const documented = new Set(
      [...section.matchAll(/^\| `(kpx_[a-z_]+)/gm)].map((m) => m[1] ?? ''),
    );
    expect([...documented].sort()).toEqual([...served].sort());
  });
});
