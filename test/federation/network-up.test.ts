// `kpx network up` as a process: network.json, working nodes, clean exit on SIGINT — with the
// nodes in SQLite files, and with `--db` in PostgreSQL (a schema per node).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../support/dialects.js';
import { testApi } from '../support/api-client.js';
import { eventually } from '../support/api-client.js';
import { spawnKpx } from '../support/kpx-process.js';
import { withNodeDatabase } from '../support/node-database.js';
import { tempDir } from '../support/temp-dir.js';

type Manifest = {
  registry: { url: string };
  nodes: Record<string, { url: string; authority: string; tokens: { auditor: string } }>;
};

describe('kpx network up', { timeout: 60_000 }, () => {
  forEachDialect((harness) => {
    it('writes network.json, serves every node and the trust list, and stops cleanly on SIGINT', async () => {
      const dir = tempDir('kpx-network-up-');
      const database = harness.database();
      const db = database.kind === 'postgres' ? ['--db', database.url] : [];
      const net = spawnKpx([
        'network',
        'up',
        '--dir',
        dir,
        '--participants',
        'RU,EU,BY',
        '--base-port',
        '0',
        ...db,
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
      // Each node keeps its data where it was told: its own SQLite file, or its own schema.
      for (const code of ['RU', 'EU', 'BY']) {
        const config = JSON.parse(readFileSync(join(dir, code, 'node.json'), 'utf8')) as {
          database: { kind: string; schema?: string };
        };
        expect(config.database.kind).toBe(harness.dialect);
        if (harness.dialect === 'postgres')
          expect(config.database.schema).toBe(`kpx_${code.toLowerCase()}`);
        expect(
          await withNodeDatabase(join(dir, code), (d) =>
            d.count('select count(*) as n from api_tokens'),
          ),
        ).toBeGreaterThan(0);
      }
    });
  });
});
