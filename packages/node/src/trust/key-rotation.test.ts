import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import { base64urlDecode, utf8Decode } from '@kpx/protocol';
import { startRegistryServer, initRegistry, type RegistryServer } from '@kpx/registry';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { createManualClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { createTestNetwork } from '../testing/test-network.js';
import { initNodeDirectory, openNodeDirectory } from '../server/node-directory.js';
import {
  createRegistryTestNetwork,
  type RegistryTestNetwork,
  type RegistryTestNode,
} from './registry-test-network.js';
import { rotateNodeDirectoryKey } from './rotate-directory-key.js';

// Key rotation from the node (packages/registry/README.md "Key enrolment and rotation"): the
// next key is enrolled signed with the current one and used only once a list carrying it is live.

const minute = 60_000;
const hour = 60 * minute;
type Json = Record<string, unknown>;

let net: RegistryTestNetwork | undefined;
afterEach(async () => {
  await net?.stop();
  net = undefined;
});

function kidOf(jws: string): string {
  return (JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[0]!)!)!) as { kid: string }).kid;
}

async function issue(node: RegistryTestNode): Promise<string> {
  const res = await node.request('/api/v1/certificates', {
    method: 'POST',
    role: 'issuer',
    json: sampleDraft,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { number: string }).number;
}

async function detail(node: RegistryTestNode, number: string): Promise<Json> {
  const res = await node.request(`/api/v1/certificates/${number}`, { role: 'auditor' });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

const rotate = (node: RegistryTestNode, body?: unknown) =>
  node.request('/api/v1/keys/rotation', {
    method: 'POST',
    role: 'admin',
    ...(body === undefined ? {} : { json: body }),
  });

describe('key rotation from the node', () => {
  it('rotates in the middle of a stream of certificates: none lost or rejected, old ones keep verifying', async () => {
    net = await createRegistryTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], {
      registry: { autoApproveRotation: true },
      refreshIntervalMs: 5 * minute,
    });
    const ru = net.nodes['RU-MINFIN']!;
    const eu = net.nodes['EU-BE-ANTWERP']!;
    const oldKid = ru.key.kid;
    const numbers: string[] = [];
    const send = async (): Promise<void> => {
      numbers.push(await issue(ru));
      const report = await ru.node.dispatchOutbox();
      expect(report).toMatchObject({ rejected: 0, failed: 0, dead: 0 });
      net!.clock.advance(minute);
    };

    for (let i = 0; i < 4; i += 1) await send();
    const res = await rotate(ru);
    expect(res.status).toBe(202);
    const rotation = (await res.json()) as Json;
    expect(rotation).toMatchObject({
      signedBy: oldKid,
      status: 'approved',
      signingKid: oldKid, // listed, but not valid before the partners' next poll
      validFrom: new Date(net.clock.now() + 5 * minute).toISOString(),
      location: expect.stringMatching(/^memory:/),
    });
    const newKid = rotation['kid'] as string;
    expect(newKid).not.toBe(oldKid);
    expect(ru.node.context.trustServices.signers.kids()).toEqual([oldKid, newKid]);
    expect(ru.node.context.trust.current().keys(newKid)).toMatchObject({ authority: 'RU-MINFIN' });

    // Until validFrom the current key signs; the partners poll in the meantime.
    for (let i = 0; i < 3; i += 1) await send();
    await eu.node.reloadTrustList();
    net.clock.advance(2 * minute + 1);
    expect(ru.node.context.signer.kid).toBe(newKid);
    for (let i = 0; i < 3; i += 1) await send();

    const kids = await Promise.all(
      numbers.map(async (n) => kidOf((await detail(ru, n))['signed'] as string)),
    );
    expect(kids).toEqual([...Array(7).fill(oldKid), ...Array(3).fill(newKid)]);
    for (const n of numbers) {
      expect((await detail(ru, n))['status']).toBe('delivered');
      expect((await detail(eu, n))['status']).toBe('delivered');
    }

    // The old key retires (validTo = the next key's validFrom + overlap, 24 h): what it signed
    // keeps verifying, and the node keeps signing with the new key.
    net.clock.advance(25 * hour);
    expect(await net.registry.refreshIfDue()).toBeDefined();
    await ru.node.reloadTrustList();
    await eu.node.reloadTrustList();
    expect(ru.node.context.trust.current().keys(oldKid)?.validTo).toBeDefined();
    const first = (await detail(ru, numbers[0]!))['signed'] as string;
    const verified = await eu.request('/api/v1/verify', {
      method: 'POST',
      json: { document: first },
    });
    expect(await verified.json()).toMatchObject({ valid: true, number: numbers[0] });
    expect(ru.node.context.signer.kid).toBe(newKid);
  });

  it('waits for the registry operator: the current key signs until the next one is approved and listed, also across a restart', async () => {
    net = await createRegistryTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], {
      refreshIntervalMs: 5 * minute,
    });
    let ru = net.nodes['RU-MINFIN']!;
    const oldKid = ru.key.kid;
    const rotation = (await (
      await rotate(ru, { validFrom: '2026-03-02T09:01:00Z' })
    ).json()) as Json;
    expect(rotation).toMatchObject({ status: 'pending', signingKid: oldKid });
    net.clock.advance(2 * minute);
    expect(ru.node.context.signer.kid).toBe(oldKid);

    await net.registry.approveEnrolment((rotation['enrolment'] as { id: string }).id);
    ru = await net.restart('RU-MINFIN'); // starts from its cached list: not listed there yet
    expect(ru.node.context.signer.kid).toBe(oldKid);
    await ru.node.reloadTrustList(); // the list that lists it; the key comes from the key store
    expect(ru.node.context.signer.kid).toBe(rotation['kid']);
    const number = await issue(ru);
    expect(kidOf((await detail(ru, number))['signed'] as string)).toBe(rotation['kid']);
  });

  it('names why it cannot rotate: no registry configured, or the registry refuses the signing key', async () => {
    net = await createRegistryTestNetwork(['RU-MINFIN'], {
      registry: { autoApproveRotation: true },
    });
    const ru = net.nodes['RU-MINFIN']!;
    await net.registry.revokeKey(ru.key.kid, 'compromise');
    const refused = await rotate(ru);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'KPX_KEY_REVOKED' });

    net.registryDown(true);
    const down = await rotate(ru);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'KPX_REGISTRY_UNREACHABLE' });

    const plain = await createTestNetwork(['RU-MINFIN']);
    try {
      const res = await plain.nodes['RU-MINFIN']!.request('/api/v1/keys/rotation', {
        method: 'POST',
        role: 'admin',
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({
        code: 'KPX_CONFIG_INVALID',
        detail: 'key rotation needs a registry: set trustList.registryUrl (and rootKey)',
      });
    } finally {
      await plain.stop();
    }
  });
});

describe('kpx node rotate-key (a node directory and a registry on loopback)', () => {
  let server: RegistryServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('enrols the next key, seals it beside the current one, and the node signs with it once listed', async () => {
    const clock = createManualClock(Date.now());
    const base = tempDir('kpx-rotate-');
    const registryDir = join(base, 'registry');
    const init = await initRegistry({
      dir: registryDir,
      passphrase: 'correct horse battery staple',
      scryptCost: 2 ** 10,
      seedAuthorities: true,
      autoApproveRotation: true,
      clock,
    });
    server = await startRegistryServer({ dir: registryDir, port: 0, clock, refreshCheckMs: 0 });
    const passphrase = 'node passphrase 123';
    const nodeDir = join(base, 'ru');
    const made = await initNodeDirectory({
      dir: nodeDir,
      authority: 'RU-MINFIN',
      passphrase,
      port: 7999,
      trustRoot: init.rootKey,
      registryUrl: server.url,
      scryptCost: { N: 2 ** 10, r: 8, p: 1 },
      now: new Date(clock.now() - hour),
    });
    await server.registry.addKey({
      authority: 'RU-MINFIN',
      jwk: made.publicJwk,
      validFrom: new Date(clock.now() - hour).toISOString(),
    });

    const rotation = await rotateNodeDirectoryKey(nodeDir, {
      passphrase,
      clock,
      validFrom: new Date(clock.now() + minute),
    });
    expect(rotation).toMatchObject({ signedBy: made.kid, status: 'approved' });
    // The kid is random, so compare as sorted sets rather than relying on where it sorts.
    expect(readdirSync(join(nodeDir, 'keys')).sort()).toEqual(
      [`signing-key.${rotation.kid}.sealed.json`, 'signing-key.sealed.json'].sort(),
    );

    const opened = await openNodeDirectory(nodeDir, { passphrase, clock, logger: silentLogger() });
    try {
      await opened.node.reloadTrustList(); // the list that carries the next key
      expect(opened.node.context.signer.kid).toBe(made.kid);
      // From the first whole second at or after validFrom: a certificate's iat is whole seconds.
      clock.advance(minute + 1000);
      expect(opened.node.context.signer.kid).toBe(rotation.kid);
    } finally {
      await opened.node.stop();
      await opened.release();
    }
  });
});
