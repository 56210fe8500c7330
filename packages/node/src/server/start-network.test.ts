import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KpxError, sampleDraft } from '@kpx/domain';
import { verifyTrustList } from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { silentLogger } from '../runtime/logger.js';
import { startNetwork, type RunningNetwork } from './start-network.js';

const scryptCost = { N: 2 ** 10, r: 8, p: 1 };

describe('startNetwork', () => {
  let net: RunningNetwork;
  beforeAll(async () => {
    net = await startNetwork({
      dir: tempDir('kpx-network-'),
      participants: ['RU', 'EU'],
      basePort: 0,
      logger: silentLogger(),
      scryptCost,
    });
  });
  afterAll(async () => {
    await net.stop();
  });

  it('writes network.json exactly in the documented shape', () => {
    const manifest = JSON.parse(readFileSync(join(net.dir, 'network.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toEqual(net.manifest);
    expect(Object.keys(manifest)).toEqual(['registry', 'nodes']);
    expect(manifest.registry).toEqual({ url: net.registryUrl });
    const nodes = manifest.nodes as Record<
      string,
      { url: string; authority: string; tokens: Record<string, string> }
    >;
    expect(Object.keys(nodes)).toEqual(['RU', 'EU']);
    expect(nodes.RU?.authority).toBe('RU-MINFIN');
    expect(nodes.EU?.authority).toBe('EU-BE-ANTWERP');
    for (const node of Object.values(nodes)) {
      expect(Object.keys(node)).toEqual(['url', 'authority', 'tokens', 'users', 'company']);
      expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.keys(node.tokens).sort()).toEqual([
        'admin',
        'analyst',
        'auditor',
        'importer',
        'issuer',
        'trader',
      ]);
    }
  });

  it('serves the signed trust list at /trust-list.json: it verifies under the root key and names every node', async () => {
    const response = await fetch(`${net.registryUrl}/trust-list.json`);
    expect(response.headers.get('content-type')).toBe('application/jose');
    const etag = response.headers.get('etag') ?? '';
    const jws = await response.text();
    // The root key every node pins (node.json), which the registry's list must verify under.
    const rootKey = (
      JSON.parse(readFileSync(join(net.dir, 'RU', 'node.json'), 'utf8')) as {
        trustList: { rootKey: Parameters<typeof verifyTrustList>[1]['rootKey'] };
      }
    ).trustList.rootKey;
    const outcome = await verifyTrustList(jws, {
      rootKey,
      verifier: nodeVerifier,
      now: new Date(),
    });
    expect(outcome.valid).toBe(true);
    const authorities = outcome.value?.authorities
      .filter((a) => a.endpoint !== undefined)
      .map((a) => [a.id, a.endpoint]);
    expect(authorities).toEqual(
      expect.arrayContaining([
        ['RU-MINFIN', net.nodes.RU?.url],
        ['EU-BE-ANTWERP', net.nodes.EU?.url],
      ]),
    );
    expect(authorities).toHaveLength(2);
    expect(
      (await fetch(`${net.registryUrl}/trust-list.json`, { headers: { 'if-none-match': etag } }))
        .status,
    ).toBe(304);
  });

  it('delivers between its nodes over their sockets', async () => {
    const ru = net.nodes.RU;
    if (ru === undefined) throw new Error('no RU');
    const headers = {
      authorization: `Bearer ${ru.tokens.issuer}`,
      'content-type': 'application/json',
    };
    const issued = await fetch(`${ru.url}/api/v1/certificates`, {
      method: 'POST',
      headers,
      body: JSON.stringify(sampleDraft),
    });
    expect(issued.status).toBe(201);
    const { number } = (await issued.json()) as { number: string };
    let status = 'issued';
    for (let i = 0; i < 100 && status === 'issued'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (
        (await (await fetch(`${ru.url}/api/v1/certificates/${number}`, { headers })).json()) as {
          status: string;
        }
      ).status;
    }
    expect(status).toBe('delivered');
  });

  it('lists a console account per role that signs in over the socket', async () => {
    const ru = net.manifest.nodes.RU;
    if (ru === undefined) throw new Error('no RU');
    expect(ru.users.map((u) => `${u.username} ${u.role}`)).toEqual([
      'ru-admin admin',
      'ru-issuer issuer',
      'ru-importer importer',
      'ru-analyst analyst',
      'ru-auditor auditor',
      'ru-trader trader',
    ]);
    expect(ru.company).toMatchObject({ name: 'RU Demo Exporter', licence: 'RU-EXP-DEMO-0001' });
    const issuer = ru.users[1]!;
    const res = await fetch(`${ru.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: issuer.username, password: issuer.password }),
    });
    expect(res.status).toBe(200);
    // Plain HTTP on loopback: the cookie cannot be Secure (the browser would drop it).
    expect(res.headers.get('set-cookie')).toMatch(
      /^kpx_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/,
    );
  });

  it('refuses a directory that holds a network, and an unknown Participant', async () => {
    await expect(startNetwork({ dir: net.dir, participants: ['RU'], basePort: 0 })).rejects.toThrow(
      /already holds a network/,
    );
    const unknown = startNetwork({
      dir: tempDir('kpx-network-'),
      participants: ['RU', 'XX'],
      basePort: 0,
    });
    await expect(unknown).rejects.toBeInstanceOf(KpxError);
    await expect(unknown).rejects.toThrow('XX is not a KP Participant');
  });
});
