import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import {
  base64urlDecode,
  base64urlEncode,
  canonicalize,
  endorseListKey,
  signTrustList,
  utf8,
  utf8Decode,
  type TrustList,
} from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNode } from '../create-node.js';
import { silentLogger } from '../runtime/logger.js';
import { generateTestKey } from '../testing/test-trust-list.js';
import {
  createRegistryTestNetwork,
  type RegistryTestNetwork,
  type RegistryTestNode,
} from './registry-test-network.js';

// A node and its registry (ARCHITECTURE.md "Wire formats", trust list): polling with ETag,
// root-endorsed list key, rollback refused, cache across restarts, grace past nextUpdate.

const hour = 3_600_000;
type Json = Record<string, unknown>;

let net: RegistryTestNetwork;
let ru: RegistryTestNode;
let eu: RegistryTestNode;

beforeEach(async () => {
  net = await createRegistryTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], { graceMs: hour });
  ru = net.nodes['RU-MINFIN']!;
  eu = net.nodes['EU-BE-ANTWERP']!;
});
afterEach(async () => {
  await net.stop();
});

async function trustView(node: RegistryTestNode): Promise<Json> {
  const res = await node.request('/api/v1/trust-list');
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

const issue = (node: RegistryTestNode) =>
  node.request('/api/v1/certificates', { method: 'POST', role: 'issuer', json: sampleDraft });

async function currentJws(): Promise<string> {
  return (await net.registry.currentList()).jws;
}

function payloadOf(jws: string): TrustList {
  return JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[1]!)!)!) as TrustList;
}

describe('trust list from the registry', () => {
  it('starts from the registry, keeps the verified JWS in its cache, and reports version and age', async () => {
    const published = await net.registry.currentList();
    expect(readFileSync(ru.cachePath, 'utf8').trim()).toBe(published.jws);

    expect(await ru.node.reloadTrustList()).toMatchObject({ list: { version: published.version } });
    const view = await trustView(ru);
    expect(view).toMatchObject({
      verification: 'signature',
      version: published.version,
      issuedAt: published.issuedAt,
      nextUpdate: published.nextUpdate,
      stale: false,
      age: 0,
      fetchedAt: '2026-03-02T09:00:00.000Z',
      registry: { url: net.registryUrl, failures: 0, lastError: null },
      signed: published.jws,
    });
    net.clock.advance(90_000);
    expect((await trustView(ru))['age']).toBe(90);

    const metrics = await (await ru.request('/metrics')).text();
    expect(metrics).toContain('kpx_trust_list_age_seconds{authority="RU-MINFIN"} 90');
    expect(metrics).toContain(`kpx_trust_list_version{authority="RU-MINFIN"} ${published.version}`);
    expect(metrics).toContain('kpx_trust_list_stale{authority="RU-MINFIN"} 0');
  });

  it('asks with If-None-Match and takes a newer version when the registry publishes one', async () => {
    const before = await net.registry.currentList();
    await ru.node.reloadTrustList(); // 200: the same bytes as held, and the ETag is kept
    await ru.node.reloadTrustList(); // asked with If-None-Match: 304
    const polls = net.registryRequests.filter((r) => r.path === '/trust-list.json').slice(-2);
    expect(polls).toEqual([
      { method: 'GET', path: '/trust-list.json', ifNoneMatch: null, status: 200 },
      { method: 'GET', path: '/trust-list.json', ifNoneMatch: before.etag, status: 304 },
    ]);

    await net.registry.suspendParticipant('BY');
    const snapshot = await ru.node.reloadTrustList();
    expect(snapshot.list.version).toBe(before.version + 1);
    expect(snapshot.list.participants.find((p) => p.code === 'BY')?.status).toBe('suspended');
    expect(readFileSync(ru.cachePath, 'utf8').trim()).toBe(await currentJws());
    expect(net.registryRequests.at(-1)).toMatchObject({ ifNoneMatch: before.etag, status: 200 });
  });

  it('refuses an older version replayed (KPX_TRUST_LIST_ROLLBACK) and keeps the newer', async () => {
    const first = await net.registry.currentList();
    await net.registry.publish();
    await ru.node.reloadTrustList();
    const held = (await net.registry.currentList()).version;
    expect(held).toBe(first.version + 1);

    net.serve(first.jws);
    await expect(ru.node.reloadTrustList()).rejects.toMatchObject({
      code: 'KPX_TRUST_LIST_ROLLBACK',
    });
    const view = await trustView(ru);
    expect(view['version']).toBe(held);
    expect(view['registry']).toMatchObject({
      failures: 1,
      lastError: { code: 'KPX_TRUST_LIST_ROLLBACK' },
    });
    expect(readFileSync(ru.cachePath, 'utf8').trim()).toBe(await currentJws());

    net.serve(undefined);
    await ru.node.reloadTrustList();
    expect((await trustView(ru))['registry']).toMatchObject({ failures: 0, lastError: null });
  });

  it('refuses a forged list (KPX_SIGNATURE_INVALID) and lists signed by a key the root did not endorse', async () => {
    const jws = await currentJws();
    const [header, , signature] = jws.split('.') as [string, string, string];
    const forged = payloadOf(jws);
    forged.version += 1;
    forged.keys.push({ ...forged.keys[0]!, authority: 'BY-MINFIN' });
    const tampered = `${header}.${base64urlEncode(utf8(canonicalize(forged)))}.${signature}`;
    net.serve(tampered);
    await expect(ru.node.reloadTrustList()).rejects.toMatchObject({
      code: 'KPX_SIGNATURE_INVALID',
    });

    // A rogue list key with a rogue "root": the endorsement is not by the pinned root.
    const rogueKey = generateTestKey();
    const rogue = createNodeSigner(rogueKey.privateJwk);
    const rogueRoot = createNodeSigner(generateTestKey().privateJwk);
    const list = { ...payloadOf(jws), version: payloadOf(jws).version + 1 };
    const validity = { validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z' };
    const selfEndorsed = await endorseListKey({ jwk: rogueKey.publicJwk, ...validity }, rogueRoot);
    net.serve(await signTrustList(list, rogue, selfEndorsed));
    await expect(ru.node.reloadTrustList()).rejects.toMatchObject({ code: 'KPX_KEY_UNKNOWN' });

    // The real endorsement (of the registry's list key) on a list the rogue key signed.
    const realEndorsement = (
      JSON.parse(utf8Decode(base64urlDecode(header)!)!) as { 'x-kpx-endorsement': string }
    )['x-kpx-endorsement'];
    net.serve(await signTrustList(list, rogue, realEndorsement));
    await expect(ru.node.reloadTrustList()).rejects.toMatchObject({
      code: 'KPX_TRUST_LIST_INVALID',
    });

    expect((await trustView(ru))['version']).toBe(payloadOf(jws).version);
    expect((await issue(ru)).status).toBe(201);
  });

  it('registry down: keeps working on its list and cache, stops cleanly past nextUpdate + grace (KPX_TRUST_LIST_STALE), recovers when it is back', async () => {
    const first = await net.registry.currentList();
    net.registryDown(true);
    net.clock.advance(23 * hour);
    await expect(ru.node.reloadTrustList()).rejects.toMatchObject({
      code: 'KPX_REGISTRY_UNREACHABLE',
    });
    expect(await trustView(ru)).toMatchObject({ version: first.version, stale: false });
    const early = await issue(ru);
    expect(early.status).toBe(201);
    const { number } = (await early.json()) as { number: string };

    // A restart while the registry is down starts from the cached list.
    eu = await net.restart('EU-BE-ANTWERP');
    expect(await trustView(eu)).toMatchObject({
      version: first.version,
      source: eu.cachePath,
      verification: 'signature',
      fetchedAt: null,
    });

    // Past nextUpdate (24 h) but within the grace (1 h): still working.
    net.clock.advance(1.5 * hour);
    expect((await trustView(ru))['stale']).toBe(false);

    // Past nextUpdate + grace: refuses to issue, send or accept, with a clear error.
    net.clock.advance(hour);
    const refused = await issue(ru);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as Json;
    expect(problem).toMatchObject({ code: 'KPX_TRUST_LIST_STALE', status: 503 });
    expect(String(problem['detail'])).toBe(
      `cannot issue a certificate: the trust list held (version ${first.version}) was due to be replaced at ${first.nextUpdate} and its grace ended 2026-03-03T10:00:00.000Z; this node sends and accepts nothing until a fresh list arrives from http://registry.kpx.test`,
    );
    expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 0 });
    const pending = await ru.node.context.storage.db
      .selectFrom('outbox')
      .select(['state', 'attempts'])
      .where('subject', '=', number)
      .executeTakeFirstOrThrow();
    expect(pending).toEqual({ state: 'pending', attempts: 0 });
    const envelope = (
      await ru.node.context.storage.db
        .selectFrom('outbox')
        .select('envelope')
        .where('subject', '=', number)
        .executeTakeFirstOrThrow()
    ).envelope;
    const received = await eu.request('/exchange/v1/messages', {
      method: 'POST',
      body: envelope,
      headers: { 'content-type': 'application/jose' },
    });
    expect(received.status).toBe(503);
    expect(await received.json()).toMatchObject({ code: 'KPX_TRUST_LIST_STALE' });
    expect(await trustView(ru)).toMatchObject({ stale: true, registry: { failures: 1 } });
    expect(await (await ru.request('/metrics')).text()).toContain(
      'kpx_trust_list_stale{authority="RU-MINFIN"} 1',
    );

    // The registry is back and re-signs: both nodes recover by themselves, nothing was lost.
    net.registryDown(false);
    expect(await net.registry.refreshIfDue()).toBeDefined();
    await ru.node.reloadTrustList();
    await eu.node.reloadTrustList();
    expect(await trustView(ru)).toMatchObject({ version: first.version + 1, stale: false });
    expect(await ru.node.dispatchOutbox()).toMatchObject({ claimed: 1, delivered: 1 });
    expect((await issue(ru)).status).toBe(201);
    expect(readFileSync(eu.cachePath, 'utf8').trim()).toBe(await currentJws());
  });

  it('a node seeded from a file takes the newest of seed and cache, and caches what the registry confirms', async () => {
    const seed = join(net.dir, 'seed.jwt');
    const cachePath = join(net.dir, 'seeded', 'cache.jwt');
    writeFileSync(seed, (await currentJws()) + '\n');
    const node = await createNode(
      {
        authority: 'RU-MINFIN',
        signingKey: ru.key.privateJwk,
        database: { kind: 'sqlite', path: ':memory:' },
        trustList: {
          path: seed,
          registryUrl: net.registryUrl,
          rootKey: net.registry.rootKey,
          cachePath,
        },
      },
      { clock: net.clock, logger: silentLogger(), registryFetch: net.registryFetch },
    );
    try {
      expect(node.context.trust.current().document.source).toBe(seed);
      expect(existsSync(cachePath)).toBe(false);
      await node.reloadTrustList(); // the registry serves the same bytes: confirmed, and cached
      expect(readFileSync(cachePath, 'utf8').trim()).toBe(await currentJws());
    } finally {
      await node.stop();
    }
  });

  it('a node whose registry is unreachable and that has no copy cannot start', async () => {
    net.registryDown(true);
    const path = ru.cachePath;
    expect(existsSync(path)).toBe(true);
    rmSync(path);
    await expect(net.restart('RU-MINFIN')).rejects.toMatchObject({ code: 'KPX_TRUST_LIST_STALE' });
    net.registryDown(false);
  });
});
