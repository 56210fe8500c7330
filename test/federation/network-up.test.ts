// `kpx network up` as a process: network.json, working nodes, clean exit on SIGINT.
// SQLite only, on purpose: `kpx network up` is the one-command development network and has no
// database option — startNetwork (packages/node/src/server/start-network.ts) makes every node
// directory with `kpx node init`'s SQLite file and serves it in process. Running it on
// PostgreSQL would need a new option through startNetwork and the CLI (a schema per node, the
// tokens made there), a feature rather than a test change; the same nodes on PostgreSQL are
// exercised by the other federation tests (separate-processes, partner-down, …) instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApi } from '../support/api-client.js';
import { eventually } from '../support/api-client.js';
import { spawnKpx } from '../support/kpx-process.js';
import { tempDir } from '../support/temp-dir.js';

type Manifest = {
  registry: { url: string };
  nodes: Record<string, { url: string; authority: string; tokens: { auditor: string } }>;
};

describe('kpx network up', { timeout: 60_000 }, () => {
  it('writes network.json, serves every node and the trust list, and stops cleanly on SIGINT', async () => {
    const dir = tempDir('kpx-network-up-');
    const net = spawnKpx([
      'network',
      'up',
      '--dir',
      dir,
      '--participants',
      'RU,EU,BY',
      '--base-port',
      '0',
    ]);
    try {
      await eventually(
        async () => (net.stdout().includes('serving;') ? true : undefined),
        20_000,
        'network up',
      );
      const manifest = JSON.parse(readFileSync(join(dir, 'network.json'), 'utf8')) as Manifest;
      expect(Object.entries(manifest.nodes).map(([p, n]) => [p, n.authority])).toEqual([
        ['RU', 'RU-MINFIN'],
        ['EU', 'EU-BE-ANTWERP'],
        ['BY', 'BY-MINFIN'],
      ]);
      expect(net.stdout()).toContain(`${manifest.registry.url}/trust-list.json`);
      for (const node of Object.values(manifest.nodes)) {
        const api = testApi(node.url);
        const { status, body } = await api.call('GET', '/api/v1/certificates', {
          token: node.tokens.auditor,
        });
        await api.close();
        expect(status).toBe(200);
        expect(body).toEqual({ items: [], nextCursor: null });
      }
      expect((await fetch(`${manifest.registry.url}/trust-list.json`)).status).toBe(200);
    } finally {
      expect(await net.stop('SIGINT')).toBe(0);
    }
    expect(net.stderr()).toContain('network stopped');
  });
});
