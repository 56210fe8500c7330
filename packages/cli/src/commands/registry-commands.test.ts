import { existsSync, readFileSync, renameSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeSigner } from '@kpx/protocol/node';
import { privateJwkSchema, verifyTrustList, type PublicJwk } from '@kpx/protocol';
import { openRegistry, signKeyEnrolment } from '@kpx/registry';
import { generateKeyPair } from '@kpx/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeVerifier } from '@kpx/protocol/node';
import { runCli } from '../program.js';
import { captureIo, kpx } from '../testing/run-kpx.js';

async function kpxJson<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const result = await kpx(...args, '--json');
  expect(result.code, result.stderr + result.stdout).toBe(0);
  return JSON.parse(result.stdout) as T;
}

const work = mkdtempSync(join(tmpdir(), 'kpx-cli-registry-'));
const dir = join(work, 'registry');
const passphrase = 'a long registry passphrase';
let rootKey: PublicJwk;

async function verified(jws: string) {
  const outcome = await verifyTrustList(jws.trim(), {
    rootKey,
    verifier: nodeVerifier,
    now: new Date(),
  });
  expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
  return outcome.value!;
}

async function newKey(name: string, authority: string) {
  const key = join(work, `${name}.key.json`);
  const jwks = join(work, `${name}.jwks.json`);
  const { kid } = await kpxJson<{ kid: string }>(
    'keys',
    'generate',
    '--authority',
    authority,
    '--out',
    key,
    '--jwks',
    jwks,
  );
  return { key, jwks, kid };
}

const saved = process.env.KPX_REGISTRY_PASSPHRASE;
beforeAll(() => {
  process.env.KPX_REGISTRY_PASSPHRASE = passphrase;
});
afterAll(() => {
  if (saved === undefined) delete process.env.KPX_REGISTRY_PASSPHRASE;
  else process.env.KPX_REGISTRY_PASSPHRASE = saved;
});

describe('kpx registry', () => {
  it('init creates the registry and prints the pin and the admin token once', async () => {
    const init = await kpxJson<{
      version: number;
      participants: number;
      rootKey: PublicJwk;
      rootKeyFile: string;
      adminToken: string;
    }>('registry', 'init', '--dir', dir, '--period', '24h', '--overlap', '2h');
    expect(init).toMatchObject({ version: 1, participants: 60 });
    expect(init.adminToken).toMatch(/^kpxr_/);
    expect(existsSync(init.rootKeyFile)).toBe(true);
    rootKey = init.rootKey;
    expect(JSON.parse(readFileSync(join(dir, 'root-key.pub.json'), 'utf8'))).toMatchObject(rootKey);
    const again = await kpx('registry', 'init', '--dir', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds a registry');
  });

  it('adds a Participant and an authority with its first key; each change is a new version', async () => {
    expect(
      await kpxJson(
        'registry',
        'add-participant',
        '--dir',
        dir,
        '--code',
        'XK',
        '--name-en',
        'Kosovo',
      ),
    ).toStrictEqual({
      code: 'XK',
      version: 2,
    });
    const fcs = await newKey('fcs1', 'RU-FCS');
    const added = await kpxJson(
      'registry',
      'add-authority',
      '--dir',
      dir,
      '--id',
      'RU-FCS',
      '--from-seed',
      '--endpoint',
      'https://fcs.example.ru',
      '--jwks',
      fcs.jwks,
    );
    expect(added).toStrictEqual({ id: 'RU-FCS', kids: [fcs.kid], version: 3 });
    const text = await kpx(
      'registry',
      'add-authority',
      '--dir',
      dir,
      '--id',
      'XK-KPA',
      '--name-en',
      'Kosovo KP authority',
      '--no-issue',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'added authority XK-KPA of XK (no key yet); published trust list version 4',
    );

    const out = join(work, 'trust-list.jws');
    expect((await kpx('registry', 'export', '--dir', dir, '--out', out)).code).toBe(0);
    const list = await verified(readFileSync(out, 'utf8'));
    expect(list.version).toBe(4);
    expect(list.authorities.find((a) => a.id === 'RU-FCS')).toMatchObject({
      mayIssue: false,
      mayImport: true,
      endpoint: 'https://fcs.example.ru',
      numberPattern: '{P}-C-{YYYY}-{SERIAL6}',
    });
    expect(list.authorities.find((a) => a.id === 'XK-KPA')).toMatchObject({
      mayIssue: false,
      mayImport: true,
    });
    const first = await kpxJson<{ jws: string; version: number }>(
      'registry',
      'export',
      '--dir',
      dir,
      '--list-version',
      '1',
    );
    expect((await verified(first.jws)).version).toBe(1);
    const payload = await kpx('registry', 'export', '--dir', dir, '--payload');
    expect(JSON.parse(payload.stdout)).toMatchObject({ version: 4 });
  });

  it('refuses bad input with exit 1 and usage errors with exit 2', async () => {
    const { key } = await newKey('private', 'RU-FCS');
    const secret = await kpx(
      'registry',
      'rotate-key',
      '--dir',
      dir,
      '--authority',
      'RU-FCS',
      '--jwks',
      key,
    );
    expect(secret.code).toBe(1);
    expect(secret.stderr).toContain('PRIVATE key');
    const bad = await kpx(
      'registry',
      'add-authority',
      '--dir',
      dir,
      '--id',
      'RU-NEW',
      '--name-en',
      'X',
      '--endpoint',
      'ftp://x',
      '--json',
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      error: { code: 'KPX_VALIDATION_FAILED', details: [{ path: '/endpoint' }] },
    });
    expect(
      (await kpx('registry', 'add-participant', '--dir', dir, '--code', 'XK', '--name-en', 'Again'))
        .code,
    ).toBe(2);
    expect(
      (await kpx('registry', 'revoke-key', '--dir', dir, '--kid', 'x', '--reason', 'boredom')).code,
    ).toBe(2);
    expect((await kpx('registry', 'suspend', '--dir', dir, '--participant', 'ZZ')).code).toBe(2);
    const missing = await kpx('registry', 'publish', '--dir', join(work, 'nowhere'), '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'KPX_CONFIG_INVALID' } });
    expect((await kpx('registry', 'init', '--dir', join(work, 'x'), '--period', 'soon')).code).toBe(
      2,
    );
  });

  it('rotates, revokes and suspends', async () => {
    const next = await newKey('fcs2', 'RU-FCS');
    const rotated = await kpxJson<{
      added: { kid: string }[];
      superseded: { kid: string; validTo: string }[];
      version: number;
    }>('registry', 'rotate-key', '--dir', dir, '--authority', 'RU-FCS', '--jwks', next.jwks);
    expect(rotated.added.map((k) => k.kid)).toStrictEqual([next.kid]);
    expect(rotated.superseded).toHaveLength(1);
    const old = rotated.superseded[0]!.kid;

    const revoked = await kpxJson(
      'registry',
      'revoke-key',
      '--dir',
      dir,
      '--kid',
      old,
      '--reason',
      'superseded',
    );
    expect(revoked).toMatchObject({ kid: old, reason: 'superseded' });
    const suspended = await kpx('registry', 'suspend', '--dir', dir, '--participant', 'BY');
    expect(suspended.stdout).toContain('Participant BY is suspended');

    const list = await verified(
      (await kpxJson<{ jws: string }>('registry', 'export', '--dir', dir)).jws,
    );
    const fcsKeys = list.keys.filter((k) => k.authority === 'RU-FCS');
    expect(fcsKeys).toHaveLength(2);
    expect(fcsKeys.find((k) => k.kid === old)).toMatchObject({ revocationReason: 'superseded' });
    expect(fcsKeys.find((k) => k.kid === old)?.validTo).toBe(rotated.superseded[0]!.validTo);
    expect(list.participants.find((p) => p.code === 'BY')?.status).toBe('suspended');
    expect(
      await kpxJson('registry', 'suspend', '--dir', dir, '--participant', 'BY', '--lift'),
    ).toMatchObject({ status: 'active', changed: true });
  });

  it('lists, approves and rejects enrolments submitted by nodes', async () => {
    const current = privateJwkSchema.parse(
      JSON.parse(readFileSync(join(work, 'fcs2.key.json'), 'utf8')),
    );
    const registry = await openRegistry({ dir, refreshCheckMs: 0 });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const next = await generateKeyPair();
        const now = new Date();
        const jws = await signKeyEnrolment(
          { authority: 'RU-FCS', jwk: next.publicJwk, validFrom: now, requestedAt: now },
          createNodeSigner(current),
        );
        ids.push((await registry.submitEnrolment(jws)).id);
      }
    } finally {
      await registry.stop();
    }
    const pending = await kpxJson<{ enrolments: { id: string; status: string }[] }>(
      'registry',
      'enrolments',
      '--dir',
      dir,
    );
    expect(pending.enrolments.map((e) => e.id)).toStrictEqual(ids);
    const approved = await kpxJson<{ status: string; version: number }>(
      'registry',
      'approve',
      ids[0]!,
      '--dir',
      dir,
    );
    expect(approved).toMatchObject({ status: 'approved' });
    // The first approval superseded the key that signed both requests.
    const second = await kpx('registry', 'approve', ids[1]!, '--dir', dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('superseded');
    const rejected = await kpxJson(
      'registry',
      'reject',
      ids[1]!,
      '--dir',
      dir,
      '--reason',
      'signed by a superseded key',
    );
    expect(rejected).toMatchObject({ status: 'rejected' });
    expect((await kpx('registry', 'enrolments', '--dir', dir)).stdout).toContain(
      'no pending enrolments',
    );
    expect(
      (
        await kpxJson<{ enrolments: unknown[] }>(
          'registry',
          'enrolments',
          '--dir',
          dir,
          '--status',
          'all',
        )
      ).enrolments,
    ).toHaveLength(2);
  });

  it('endorses a new list key with the root key; a wrong or missing passphrase is a clear exit 2', async () => {
    process.env.KPX_WRONG_PASSPHRASE = 'not the passphrase';
    const wrong = await kpx(
      'registry',
      'endorse-list-key',
      '--dir',
      dir,
      '--passphrase-env',
      'KPX_WRONG_PASSPHRASE',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toMatch(
      /^kpx: cannot decrypt .*root-key\.enc\.json: wrong passphrase or damaged file$/,
    );
    const unset = await kpx(
      'registry',
      'endorse-list-key',
      '--dir',
      dir,
      '--passphrase-env',
      'KPX_NO_SUCH_VARIABLE',
      '--json',
    );
    expect(unset.code).toBe(2);
    expect(JSON.parse(unset.stdout)).toMatchObject({
      error: {
        code: 'KPX_USAGE',
        message: expect.stringContaining('KPX_NO_SUCH_VARIABLE') as string,
      },
    });

    const endorsed = await kpxJson<{ listKid: string; version: number }>(
      'registry',
      'endorse-list-key',
      '--dir',
      dir,
      '--validity',
      '30d',
    );
    const list = await verified(
      (await kpxJson<{ jws: string }>('registry', 'export', '--dir', dir)).jws,
    );
    expect(list.version).toBe(endorsed.version);
    expect(list.listKeys?.map((k) => k.kid)).toContain(endorsed.listKid);
    const token = await kpxJson<{ adminToken: string }>('registry', 'admin-token', '--dir', dir);
    expect(token.adminToken).toMatch(/^kpxr_/);
  });

  it('start serves with the root key moved away and stops on SIGTERM', async () => {
    renameSync(join(dir, 'root-key.enc.json'), join(work, 'offline-root-key.enc.json'));
    const before = new Set(process.listeners('SIGTERM'));
    const io = captureIo();
    const running = runCli(['registry', 'start', '--dir', dir, '--port', '0', '--json'], io);
    const deadline = Date.now() + 10_000;
    while (!io.stdout().includes('"url"') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const { url, version } = JSON.parse(io.stdout()) as { url: string; version: number };
    const response = await fetch(`${url}/trust-list.json`);
    expect(response.status).toBe(200);
    expect((await verified(await response.text())).version).toBe(version);
    const added = process.listeners('SIGTERM').filter((l) => !before.has(l));
    expect(added).toHaveLength(1);
    (added[0] as (signal: NodeJS.Signals) => void)('SIGTERM');
    expect(await running).toBe(0);
    expect(process.listeners('SIGTERM').filter((l) => !before.has(l))).toHaveLength(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    // The root key is needed again only to endorse a list key, from wherever it is kept.
    const endorsed = await kpx(
      'registry',
      'endorse-list-key',
      '--dir',
      dir,
      '--root-key',
      join(work, 'offline-root-key.enc.json'),
    );
    expect(endorsed.code).toBe(0);
    const without = await kpx('registry', 'endorse-list-key', '--dir', dir);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('no such file');
  });
});
