// Quarterly returns end to end: three real nodes (RU-MINFIN, EU-BE-ANTWERP, IN-GJEPC) trade,
// each sends its 2026-Q1 return to a real registry as a signed statistics.return through its
// outbox, the node's dispatcher accepts the registry's receipt (signed with the list key named
// in the trust list), and the registry serves the global table. Each return matches the node's
// certificates to the cent and the carat; the table adds the returns up exactly. On SQLite and
// on PostgreSQL.
import { rmSync } from 'node:fs';
import {
  amountToCents,
  centsToAmount,
  sampleDraft,
  type CertificateDraft,
  type TradeTotals,
} from '@kpx/domain';
import {
  createFetchTransport,
  createManualClock,
  createNode,
  generateTestKey,
  routeByOrigin,
  silentLogger,
  staticTrustSource,
  testEndpoint,
  type FetchHandler,
  type KpxNode,
  type Role,
} from '@kpx/node';
import { initRegistry, openRegistry, type GlobalStatistics, type Registry } from '@kpx/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDialect } from '../support/dialects.js';
import { tempDir } from '../support/temp-dir.js';

const registryUrl = 'http://registry.kpx.test';
const authorities = { RU: 'RU-MINFIN', EU: 'EU-BE-ANTWERP', IN: 'IN-GJEPC' } as const;
type P = keyof typeof authorities;

type Member = { node: KpxNode; token: (role: Role) => Promise<string> };

async function ok<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const body = (await r.json()) as T;
  expect(r.status, JSON.stringify(body)).toBe(status);
  return body;
}

function draft(to: P, from: P, carats: string, valueUsd: string, hs = '7102.31'): CertificateDraft {
  return {
    ...(structuredClone(sampleDraft) as CertificateDraft),
    importingParticipant: to,
    importingAuthority: authorities[to],
    origin: from === 'EU' ? 'MIXED' : from,
    items: [
      { hs: '7102.21', carats: '1.05', valueUsd: '10.50' },
      { hs: hs as '7102.31', carats, valueUsd },
    ],
  };
}

forEachDialect((harness) => {
  const members = {} as Record<P, Member>;
  let registry: Registry;
  let dir: string;
  const clock = createManualClock('2026-03-02T09:00:00.000Z');

  async function call(
    p: P,
    role: Role,
    path: string,
    init: { method?: string; json?: unknown } = {},
  ) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await members[p].token(role)}`,
    };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await members[p].node.app.request(path, {
      method: init.method ?? 'GET',
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
    return res;
  }

  async function dispatchAll(): Promise<void> {
    for (let i = 0; i < 4; i += 1) {
      clock.advance(1000);
      for (const m of Object.values(members)) await m.node.dispatchOutbox();
    }
  }

  beforeAll(async () => {
    dir = tempDir('kpx-statistics-returns-');
    await initRegistry({
      dir,
      passphrase: 'correct horse battery staple',
      scryptCost: 2 ** 10,
      seedAuthorities: true,
      periodMs: 90 * 24 * 3_600_000,
      clock,
    });
    registry = await openRegistry({ dir, clock, refreshCheckMs: 0 });
    const keys = Object.fromEntries(
      Object.values(authorities).map((a) => [a, generateTestKey()] as const),
    );
    for (const [authority, key] of Object.entries(keys)) {
      await registry.updateAuthority(
        authority,
        { endpoint: testEndpoint(authority) },
        { publish: false },
      );
      await registry.addKey({ authority, jwk: key.publicJwk }, { publish: false });
    }
    await registry.publish();
    // The trust list the registry signed (with its list key in `listKeys`).
    const list = (await registry.currentList()).list;
    const routes: Record<string, FetchHandler> = {
      [new URL(registryUrl).origin]: (request) => Promise.resolve(registry.app.fetch(request)),
    };
    const transport = createFetchTransport(routeByOrigin(routes));
    for (const [p, authority] of Object.entries(authorities) as [P, string][]) {
      const node = await createNode(
        {
          authority,
          signingKey: keys[authority]!.privateJwk,
          database: harness.database(),
          statistics: { registryUrl },
        },
        { clock, transport, logger: silentLogger(), trustSource: staticTrustSource(list) },
      );
      routes[new URL(testEndpoint(authority)).origin] = node.fetch;
      const tokens = new Map<Role, string>();
      members[p] = {
        node,
        token: async (role) => {
          if (!tokens.has(role))
            tokens.set(role, (await node.createToken({ role, name: role })).token);
          return tokens.get(role)!;
        },
      };
    }
  });

  afterAll(async () => {
    await Promise.all(Object.values(members).map((m) => m.node.stop()));
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Totals of a node's Q1 trade computed from its certificates one by one (not from statistics). */
  async function fromCertificates(p: P): Promise<{ export: TradeTotals; import: TradeTotals }> {
    const page = await ok<{ items: Array<{ number: string; direction: string; status: string }> }>(
      call(p, 'auditor', '/api/v1/certificates?limit=500'),
    );
    const sums = { export: { n: 0, c: 0n, v: 0n }, import: { n: 0, c: 0n, v: 0n } };
    for (const item of page.items) {
      const d = await ok<{
        certificate: { issuedOn: string; totals: { carats: string; valueUsd: string } };
        confirmation: { receivedOn: string; carats: string; valueUsd: string } | null;
      }>(call(p, 'auditor', `/api/v1/certificates/${item.number}`));
      if (item.direction === 'outgoing') {
        if (['cancelled', 'superseded'].includes(item.status)) continue;
        if (d.certificate.issuedOn > '2026-03-31') continue;
        sums.export.n += 1;
        sums.export.c += amountToCents(d.certificate.totals.carats);
        sums.export.v += amountToCents(d.certificate.totals.valueUsd);
      } else if (item.status === 'confirmed' && d.confirmation !== null) {
        if (d.confirmation.receivedOn > '2026-03-31') continue;
        sums.import.n += 1;
        sums.import.c += amountToCents(d.confirmation.carats);
        sums.import.v += amountToCents(d.confirmation.valueUsd);
      }
    }
    const t = (s: { n: number; c: bigint; v: bigint }): TradeTotals => ({
      certificates: s.n,
      carats: centsToAmount(s.c),
      valueUsd: centsToAmount(s.v),
    });
    return { export: t(sums.export), import: t(sums.import) };
  }

  describe('quarterly returns to the registry and the global table', { timeout: 120_000 }, () => {
    it('each return matches its certificates; the registry assembles them exactly', async () => {
      const issue = async (from: P, body: CertificateDraft) =>
        (
          await ok<{ number: string }>(
            call(from, 'issuer', '/api/v1/certificates', { method: 'POST', json: body }),
            201,
          )
        ).number;
      const ruEu = await issue('RU', draft('EU', 'RU', '1520.35', '2450000.00'));
      const ruIn = await issue('RU', draft('IN', 'RU', '0.01', '0.01', '7102.10'));
      const inEu = await issue('IN', draft('EU', 'IN', '333.33', '99999.99'));
      const euIn = await issue('EU', draft('IN', 'EU', '12.34', '5678.90'));
      const withdrawn = await issue('RU', draft('EU', 'RU', '7.00', '7.00'));
      const inRu = await issue('IN', draft('RU', 'IN', '5.55', '55.55')); // confirmed late
      await dispatchAll();
      await ok(
        call('RU', 'issuer', `/api/v1/certificates/${withdrawn}/cancellation`, {
          method: 'POST',
          json: { reason: 'withdrawn' },
        }),
      );
      const confirm = (
        p: P,
        number: string,
        carats: string,
        valueUsd: string,
        items?: unknown,
        receivedOn = '2026-03-05',
      ) =>
        ok(
          call(p, 'importer', `/api/v1/certificates/${number}/confirmation`, {
            method: 'POST',
            json: {
              parcels: 4,
              carats,
              valueUsd,
              receivedOn,
              sealsIntact: true,
              ...(items === undefined ? {} : { items }),
            },
          }),
        );
      await confirm('EU', ruEu, '1521.40', '2450010.50'); // exactly the certificate
      await confirm('IN', ruIn, '1.06', '10.51');
      await confirm('EU', inEu, '334.00', '100000.00'); // a little less than certified, totals only
      await confirm('IN', euIn, '13.39', '5689.40', [
        { hs: '7102.21', carats: '1.05', valueUsd: '10.50' },
        { hs: '7102.31', carats: '12.34', valueUsd: '5678.90' },
      ]);
      await dispatchAll();

      clock.set('2026-04-02T09:00:00.000Z');
      const sent: Record<
        string,
        { messageId: string; totals: { export: TradeTotals; import: TradeTotals } }
      > = {};
      for (const p of ['RU', 'EU', 'IN'] as const) {
        sent[p] = await ok(
          call(p, 'analyst', '/api/v1/statistics/returns', {
            method: 'POST',
            json: { period: '2026-Q1' },
          }),
          202,
        );
        expect(sent[p]).toMatchObject({
          period: '2026-Q1',
          to: 'KP-REGISTRY',
          endpoint: registryUrl,
        });
        // The return is exactly the node's certificates, added up one by one.
        expect(sent[p]!.totals).toEqual(await fromCertificates(p));
      }
      expect(sent['RU']!.totals).toEqual({
        export: { certificates: 2, carats: '1522.46', valueUsd: '2450021.01' },
        import: { certificates: 0, carats: '0.00', valueUsd: '0.00' },
      });
      await dispatchAll();

      // Delivered with the registry's receipt, verified by the node against the list key.
      for (const m of Object.values(members)) {
        const rows = await m.node.context.storage.db
          .selectFrom('outbox')
          .select(['state', 'type', 'attempts'])
          .where('type', '=', 'statistics.return')
          .execute();
        expect(rows).toEqual([{ state: 'delivered', type: 'statistics.return', attempts: 1 }]);
        const receipts = await m.node.context.storage.db
          .selectFrom('receipts')
          .select(['signer_authority', 'result'])
          .where('message_type', '=', 'statistics.return')
          .execute();
        expect(receipts).toEqual([{ signer_authority: 'KP-REGISTRY', result: 'accepted' }]);
      }

      const res = await registry.app.request('/statistics/global?period=2026-Q1');
      expect(res.status).toBe(200);
      const global = (await res.json()) as GlobalStatistics;
      expect(global.participants.map((p) => p.participant)).toEqual(['EU', 'IN', 'RU']);
      for (const entry of global.participants) {
        const mine = sent[entry.participant]!;
        expect(entry.returns).toEqual([
          expect.objectContaining({
            authority: authorities[entry.participant as P],
            messageId: mine.messageId,
          }),
        ]);
        expect(entry.exports.totals).toEqual(mine.totals.export);
        expect(entry.imports.totals).toEqual(mine.totals.import);
        // By HS, the lines add up to the totals (one certificate may have two lines).
        for (const flow of ['exports', 'imports'] as const) {
          const carats = entry[flow].byHs.reduce((s, h) => s + amountToCents(h.carats), 0n);
          expect(centsToAmount(carats)).toBe(entry[flow].totals.carats);
        }
      }
      const sum = (flow: 'export' | 'import') =>
        centsToAmount(
          Object.values(sent).reduce((s, r) => s + amountToCents(r.totals[flow].carats), 0n),
        );
      expect(global.totals.exports.carats).toBe(sum('export'));
      expect(global.totals.imports.carats).toBe(sum('import'));
      expect(global.totals.exports.certificates).toBe(5); // the cancelled one does not count
      expect(global.totals.imports.certificates).toBe(4);
      expect(global.participants.find((p) => p.participant === 'EU')!.imports.byHs).toEqual([
        // inEu's 334.00 ct / US$ 100,000.00 apportioned over its lines: 1.05 + 332.95, 10.50 + 99,989.50.
        { hs: '7102.21', certificates: 2, carats: '2.10', valueUsd: '21.00' },
        { hs: '7102.31', certificates: 2, carats: '1853.30', valueUsd: '2549989.50' },
      ]);

      // A receipt of 30 March confirmed late: sending again replaces the quarter's return.
      await confirm('RU', inRu, '2.05', '11.50', undefined, '2026-03-30');
      const again = await ok<{ messageId: string; totals: { import: TradeTotals } }>(
        call('RU', 'analyst', '/api/v1/statistics/returns', {
          method: 'POST',
          json: { period: '2026-Q1' },
        }),
        202,
      );
      expect(again.totals.import).toEqual({ certificates: 1, carats: '2.05', valueUsd: '11.50' });
      await dispatchAll();
      const after = (await (
        await registry.app.request('/statistics/global?period=2026')
      ).json()) as GlobalStatistics;
      const ru = after.participants.find((p) => p.participant === 'RU')!;
      expect(ru.returns).toEqual([expect.objectContaining({ messageId: again.messageId })]);
      expect(ru.imports.totals).toEqual({ certificates: 1, carats: '2.05', valueUsd: '11.50' });
    });
  });
});
