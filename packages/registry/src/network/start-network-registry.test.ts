import { generateKeyPair, verifyTrustList } from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/test-registry.js';
import { startNetworkRegistry } from './start-network-registry.js';

describe('network registry (kpx network up)', () => {
  it('lists the member nodes with endpoint and key, one version per publish, served over HTTP', async () => {
    const now = new Date();
    const net = await startNetworkRegistry({
      dir: `${tempDir()}/registry`,
      host: '127.0.0.1',
      port: 0,
      now,
      scryptCost: 2 ** 10,
    });
    try {
      const ru = await generateKeyPair();
      const eu = await generateKeyPair();
      const member = (authority: string, key: typeof ru, port: number) => ({
        authority,
        endpoint: `http://127.0.0.1:${port}`,
        publicJwk: key.publicJwk,
        kid: key.kid,
        alg: 'EdDSA' as const,
        validFrom: new Date(now.getTime() - 60_000).toISOString(),
      });
      const first = await net.publish([member('RU-MINFIN', ru, 7401)]);
      const second = await net.publish([
        member('RU-MINFIN', ru, 7401),
        member('EU-BE-ANTWERP', eu, 7402),
      ]);
      const served = await (await fetch(`${net.url}/trust-list.json`)).text();
      expect(served).toBe(second);
      const outcome = await verifyTrustList(served, {
        rootKey: net.rootKey,
        verifier: nodeVerifier,
        now: new Date(),
        minVersion: 3,
      });
      expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
      const list = outcome.value!;
      expect(list.version).toBe(3);
      expect(list.authorities.find((a) => a.id === 'EU-BE-ANTWERP')).toMatchObject({
        endpoint: 'http://127.0.0.1:7402',
        defaultImporting: true,
      });
      expect(list.keys.map((k) => [k.authority, k.kid])).toStrictEqual([
        ['EU-BE-ANTWERP', eu.kid],
        ['RU-MINFIN', ru.kid],
      ]);
      expect(list.authorities.length).toBeGreaterThan(60);
      expect(first).not.toBe(second);
    } finally {
      await net.close();
    }
  });
});
