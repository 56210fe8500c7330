// `kpx verify` against a cached trust list: a real development network (registry + RU node on
// loopback) issues a certificate and serves its trust list, then is stopped, and everything
// after that runs with no server up — and with `fetch` replaced by one that records and
// refuses every call, so "offline" is proven, not assumed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import { silentLogger, startNetwork, type RunningNetwork } from '@kpx/node';
import { certificateCheckNames, jwkThumbprint, qrCheckNames, type PublicJwk } from '@kpx/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { kpx } from '../testing/run-kpx.js';

type Report = {
  valid: boolean;
  genuine: boolean;
  checks: { check: string; ok: boolean; code?: string; message: string }[];
  trustList?: { version: number; stale: boolean; rootKid: string };
  online?: { status?: string };
  error?: { code: string; message: string };
};

async function kpxJson(...args: string[]): Promise<{ code: number; report: Report }> {
  const run = await kpx(...args, '--json');
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

/** One character of the base45 body changed: still well-formed text, no longer the signed one. */
function tamper(qr: string): string {
  const i = qr.length - 20;
  return qr.slice(0, i) + (qr[i] === '0' ? '1' : '0') + qr.slice(i + 1);
}

const dir = tempDir('kpx-cli-verify-');
const files = {
  registryList: join(dir, 'trust-list.jwt'),
  nodeView: join(dir, 'node-trust-list.json'),
  cached: join(dir, 'cached-trust-list.json'),
  root: join(dir, 'registry', 'root-key.pub.json'),
  document: join(dir, 'certificate.jwt'),
  otherRoot: join(dir, 'other-root.json'),
};
let net: RunningNetwork | undefined;
let nodeUrl = '';
let number = '';
let qr = '';
let rootKid = '';
let nextUpdate = '';

beforeAll(async () => {
  net = await startNetwork({
    dir,
    participants: ['RU'],
    basePort: 0,
    logger: silentLogger(),
    scryptCost: { N: 2 ** 10, r: 8, p: 1 },
  });
  const ru = net.nodes['RU'];
  if (ru === undefined) throw new Error('no RU node');
  nodeUrl = ru.url;
  const auth = (role: 'issuer' | 'auditor') => ({
    authorization: `Bearer ${ru.tokens[role]}`,
    'content-type': 'application/json',
  });
  const issued = await fetch(`${nodeUrl}/api/v1/certificates`, {
    method: 'POST',
    headers: auth('issuer'),
    body: JSON.stringify(sampleDraft),
  });
  expect(issued.status).toBe(201);
  number = ((await issued.json()) as { number: string }).number;
  const detail = (await (
    await fetch(`${nodeUrl}/api/v1/certificates/${number}`, { headers: auth('auditor') })
  ).json()) as { signed: string };
  writeFileSync(files.document, detail.signed + '\n');
  // The QR text the node made at issue and prints (certificates.qr_text).
  const row = await ru.node.context.storage.db
    .selectFrom('certificates')
    .select('qr_text')
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  qr = row.qr_text ?? '';
  expect(qr.startsWith('KP1:')).toBe(true);
  const registryList = await fetch(`${net.registryUrl}/trust-list.json`);
  writeFileSync(files.registryList, await registryList.text());
  const view = await fetch(`${nodeUrl}/api/v1/trust-list`);
  const viewText = await view.text();
  writeFileSync(files.nodeView, viewText);
  const parsed = JSON.parse(viewText) as {
    rootKey?: { kid: string };
    trustList: { nextUpdate: string };
  };
  rootKid = parsed.rootKey?.kid ?? '';
  nextUpdate = parsed.trustList.nextUpdate;
  const root = JSON.parse(readFileSync(files.root, 'utf8')) as PublicJwk;
  expect(await jwkThumbprint(root)).toBe(rootKid);
  // Another registry's root: a well-formed key the list was not endorsed by.
  const { generateKeyPair } = await import('@kpx/protocol');
  writeFileSync(files.otherRoot, JSON.stringify((await generateKeyPair()).publicJwk));
}, 120_000);

afterAll(async () => {
  vi.unstubAllGlobals();
  await net?.stop();
});

describe('kpx verify, online part (the node is up)', () => {
  it('fetches the trust list from the node, caches it, and adds the node’s status as a check', async () => {
    const { code, report } = await kpxJson(
      'verify',
      qr,
      '--trust-list',
      `${nodeUrl}/api/v1/trust-list`,
      '--root-key',
      files.root,
      '--cache',
      files.cached,
      '--online',
      nodeUrl,
    );
    expect(report.checks.filter((c) => !c.ok)).toStrictEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.check)).toStrictEqual([...qrCheckNames, 'status']);
    expect(report.online?.status).toMatch(/^(issued|delivered)$/);
    expect(report.trustList?.rootKid).toBe(rootKid);
    // Saved as received: the node's answer, carrying the same signed list (its ages differ).
    const signedOf = (path: string) =>
      (JSON.parse(readFileSync(path, 'utf8')) as { signed?: string }).signed;
    expect(signedOf(files.cached) === signedOf(files.nodeView)).toBe(true);
  });

  it('a cancelled certificate stays genuine but fails the status check', async () => {
    const ru = net?.nodes['RU'];
    const cancelled = await fetch(`${nodeUrl}/api/v1/certificates/${number}/cancellation`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ru?.tokens['issuer'] ?? ''}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ reason: 'shipment called off' }),
    });
    expect(cancelled.status).toBe(200);
    const { code, report } = await kpxJson(
      'verify',
      files.document,
      '--trust-list',
      files.registryList,
      '--root-key',
      files.root,
      '--online',
      nodeUrl,
    );
    expect(code).toBe(1);
    expect(report.genuine).toBe(true);
    expect(report.valid).toBe(false);
    expect(report.checks.at(-1)).toMatchObject({
      check: 'status',
      ok: false,
      code: 'KPX_STATUS_TRANSITION',
    });
    expect(report.online?.status).toBe('cancelled');
  });
});

describe('kpx verify, offline (no server up, no network call)', () => {
  const calls: string[] = [];
  beforeAll(async () => {
    await net?.stop();
    net = undefined;
    vi.stubGlobal('fetch', (input: unknown) => {
      calls.push(String(input));
      return Promise.reject(new TypeError('offline test: no network'));
    });
  });
  afterAll(() => {
    // Every offline verification ran without touching the network; only --online tried.
    expect(calls.every((u) => u.startsWith(`${nodeUrl}/api/v1/verify/`))).toBe(true);
  });

  it('verifies the QR against the registry’s trust-list file and the pinned root file', async () => {
    const { code, report } = await kpxJson(
      'verify',
      qr,
      '--trust-list',
      files.registryList,
      '--root-key',
      files.root,
    );
    expect(report.checks.filter((c) => !c.ok)).toStrictEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.check)).toStrictEqual([...qrCheckNames]);
    expect(report.trustList).toMatchObject({ version: expect.any(Number), stale: false });
    expect(calls).toStrictEqual([]);
  });

  it('verifies the signed document against the cached node answer, the root pinned by kid', async () => {
    const run = await kpx(
      'verify',
      files.document,
      '--trust-list',
      files.cached,
      '--root-key',
      rootKid,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${files.document}: GENUINE`);
    expect(run.stdout).toMatch(/trust list version \d+ of /);
    for (const name of certificateCheckNames)
      expect(run.stdout).toMatch(new RegExp(`ok +${name} `));
    expect(calls).toStrictEqual([]);
  });

  it('a tampered QR fails, naming the check', async () => {
    const { code, report } = await kpxJson(
      'verify',
      tamper(qr),
      '--trust-list',
      files.registryList,
      '--root-key',
      files.root,
    );
    expect(code).toBe(1);
    const failed = report.checks.find((c) => !c.ok);
    expect(failed?.code).toMatch(/^KPX_(SIGNATURE_INVALID|QR_MALFORMED)$/);
    expect(report.checks.map((c) => c.check)).toStrictEqual([...qrCheckNames]);
  });

  it('a trust list past its nextUpdate is used and reported stale, not refused', async () => {
    const later = new Date(Date.parse(nextUpdate) + 3_600_000).toISOString();
    const { code, report } = await kpxJson(
      'verify',
      qr,
      '--trust-list',
      files.registryList,
      '--root-key',
      files.root,
      '--now',
      later,
    );
    expect(code).toBe(0);
    expect(report.trustList?.stale).toBe(true);
    const text = await kpx(
      'verify',
      qr,
      '--trust-list',
      files.registryList,
      '--root-key',
      files.root,
      '--now',
      later,
    );
    expect(text.stdout).toContain(`STALE since ${nextUpdate}`);
  });

  it('refuses a trust list that does not verify against the pinned root (exit 2)', async () => {
    const other = await kpxJson(
      'verify',
      qr,
      '--trust-list',
      files.registryList,
      '--root-key',
      files.otherRoot,
    );
    expect(other.code).toBe(2);
    expect(other.report.error?.code).toBe('KPX_KEY_UNKNOWN');
    expect(other.report.error?.message).toContain('endorsement');
    const wrongKid = await kpxJson(
      'verify',
      qr,
      '--trust-list',
      files.cached,
      '--root-key',
      'A'.repeat(43),
    );
    expect(wrongKid.code).toBe(2);
    expect(wrongKid.report.error?.code).toBe('KPX_KEY_UNKNOWN');
    const noRoot = await kpxJson('verify', qr, '--trust-list', files.registryList);
    expect(noRoot.code).toBe(2);
    expect(noRoot.report.error?.code).toBe('KPX_USAGE');
    const view = JSON.parse(readFileSync(files.nodeView, 'utf8')) as { trustList: unknown };
    const unsigned = join(dir, 'unsigned.json');
    writeFileSync(unsigned, JSON.stringify(view.trustList));
    const bare = await kpxJson('verify', qr, '--trust-list', unsigned, '--root-key', files.root);
    expect(bare.code).toBe(2);
    expect(bare.report.error?.code).toBe('KPX_TRUST_LIST_INVALID');
  });

  it('--online with the node down: the signature checks pass, the status check names why it failed', async () => {
    const { code, report } = await kpxJson(
      'verify',
      qr,
      '--trust-list',
      files.registryList,
      '--root-key',
      files.root,
      '--online',
      nodeUrl,
    );
    expect(code).toBe(1);
    expect(report.genuine).toBe(true);
    expect(report.checks.at(-1)).toMatchObject({
      check: 'status',
      ok: false,
      code: 'KPX_NODE_UNREACHABLE',
    });
  });
});
