import { rmSync } from 'node:fs';
import { verifyTrustList } from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { describe, expect, it } from 'vitest';
import { initRegistry } from '../registry/init-registry.js';
import { readRootPublicKey } from '../registry/read-root-public-key.js';
import { tempDir, testPassphrase } from '../testing/test-registry.js';
import { startRegistryServer } from './start-registry-server.js';

describe('registry server (real socket)', () => {
  it('serves the trust list over HTTP with the root key file absent, and closes cleanly', async () => {
    const dir = tempDir();
    const init = await initRegistry({ dir, passphrase: testPassphrase, scryptCost: 2 ** 10 });
    rmSync(init.paths.rootKey);
    const server = await startRegistryServer({ dir, port: 0, host: '127.0.0.1' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.url}/trust-list.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/jose');
      const etag = response.headers.get('etag')!;
      const { jwk } = await readRootPublicKey(dir);
      const outcome = await verifyTrustList(await response.text(), {
        rootKey: jwk,
        verifier: nodeVerifier,
        now: new Date(),
      });
      expect(outcome.valid).toBe(true);
      expect(outcome.value?.participants).toHaveLength(60);

      const cached = await fetch(`${server.url}/trust-list.json`, {
        headers: { 'if-none-match': etag },
      });
      expect(cached.status).toBe(304);
      await server.registry.addParticipant({
        code: 'XK',
        names: { en: 'Kosovo', ru: 'Косово', fr: 'Kosovo' },
      });
      const changed = await fetch(`${server.url}/trust-list.json`, {
        headers: { 'if-none-match': etag },
      });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('x-kpx-trust-list-version')).toBe('2');
      const missing = await fetch(`${server.url}/trust-list/versions/9`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
