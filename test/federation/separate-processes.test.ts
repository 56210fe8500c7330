// Two nodes in two processes (`kpx node start`), over real loopback sockets: certificates both
// ways, receipts, confirmations, and the issuer seeing `confirmed`. Once over plain HTTP on
// loopback and once over HTTPS with mutual TLS on /exchange (a test CA made with openssl).
// Each on SQLite and on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { testApi, eventually, type TestApi } from '../support/api-client.js';
import { forEachDialect } from '../support/dialects.js';
import { draftTo, exactConfirmation } from '../support/drafts.js';
import {
  ruAndEu,
  initFederation,
  testPassphrase,
  tokenFor,
  type FederationDir,
} from '../support/federation.js';
import { spawnKpx, type KpxProcess } from '../support/kpx-process.js';
import { createTestPki } from '../support/test-ca.js';
import { tempDir } from '../support/temp-dir.js';

type Detail = {
  number: string;
  status: string;
  certificate: { parcels: number; totals: { carats: string; valueUsd: string } };
  receipts: unknown[];
};
type Running = FederationDir & {
  process: KpxProcess;
  api: TestApi;
  issuer: string;
  importer: string;
};

const started: Running[] = [];
async function stopAll(): Promise<void> {
  await Promise.all(
    started.splice(0).map(async (n) => {
      await n.process.stop('SIGKILL');
      await n.api.close();
    }),
  );
}

async function start(
  node: FederationDir,
  tls?: { ca: string; cert?: string; key?: string },
): Promise<Running> {
  const process = spawnKpx(['node', 'start', '--dir', node.dir, '--json'], {
    KPX_PASSPHRASE: testPassphrase,
  });
  const ready = await process.line<{ url: string; authority: string }>('ready');
  expect(ready).toMatchObject({ url: node.url, authority: node.authority });
  const api = testApi(node.url, tls ?? {});
  const running: Running = { ...node, process, api, issuer: '', importer: '' };
  started.push(running);
  running.issuer = await tokenFor(api, node.adminToken, 'issuer');
  running.importer = await tokenFor(api, node.adminToken, 'importer');
  return running;
}

/** Issue at `from` for `to`, wait for the receipt, confirm at `to`, wait for `confirmed` at `from`. */
async function roundTrip(from: Running, to: Running): Promise<void> {
  const issued = await from.api.call('POST', '/api/v1/certificates', {
    token: from.issuer,
    json: draftTo(to, from),
  });
  expect(issued.status).toBe(201);
  const { number } = issued.body as { number: string };
  const path = `/api/v1/certificates/${number}`;
  const atIssuer = (token: string) => async () => {
    const { body } = await from.api.call('GET', path, { token });
    return body as Detail;
  };
  const delivered = await eventually(
    async () => {
      const d = await atIssuer(from.issuer)();
      return d.status === 'delivered' ? d : undefined;
    },
    20_000,
    `${number} delivered`,
  );
  expect(delivered.receipts).toHaveLength(1);

  const received = await to.api.call('GET', path, { token: to.importer });
  expect(received.status).toBe(200);
  const detail = received.body as Detail;
  expect(detail.status).toBe('delivered');
  const confirmed = await to.api.call('POST', `${path}/confirmation`, {
    token: to.importer,
    json: exactConfirmation(detail.certificate),
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toMatchObject({ status: 'confirmed', discrepancies: [] });

  await eventually(
    async () => ((await atIssuer(from.issuer)()).status === 'confirmed' ? true : undefined),
    20_000,
    `${number} confirmed at the issuer`,
  );
}

forEachDialect((harness) => {
  // Before the dialect's own afterEach empties the PostgreSQL schemas.
  afterEach(stopAll);

  describe('federation: separate node processes over loopback', { timeout: 60_000 }, () => {
    it('plain HTTP: RU→EU and EU→RU, receipts, confirmations, issuer sees confirmed; SIGTERM exits 0', async () => {
      const root = tempDir('kpx-fed-http-');
      const specs = await ruAndEu(harness);
      const { nodes } = await initFederation(root, specs);
      const [ru, eu] = await Promise.all([
        start(nodes.ru as FederationDir),
        start(nodes.eu as FederationDir),
      ]);
      await roundTrip(ru, eu);
      await roundTrip(eu, ru);
      expect(await Promise.all([ru.process.stop(), eu.process.stop()])).toEqual([0, 0]);
    });

    it('HTTPS with mutual TLS on /exchange: both ways; a peer without a trusted client certificate gets 401', async () => {
      const root = tempDir('kpx-fed-tls-');
      const pki = createTestPki(root);
      const ruCert = pki.leaf('RU-MINFIN');
      const euCert = pki.leaf('EU-BE-ANTWERP');
      const tlsOf = (cert: { cert: string; key: string }) => ({
        tls: { ...cert, clientCa: pki.caCert },
        outboundTls: { ca: pki.caCert, ...cert },
      });
      const specs = await ruAndEu(harness, { ru: tlsOf(ruCert), eu: tlsOf(euCert) });
      const { nodes } = await initFederation(root, specs);
      expect(nodes.ru?.url).toBe(`https://127.0.0.1:${specs[0].port}`);
      const [ru, eu] = await Promise.all([
        start(nodes.ru as FederationDir, { ca: pki.caCert }),
        start(nodes.eu as FederationDir, { ca: pki.caCert }),
      ]);
      await roundTrip(ru, eu);
      await roundTrip(eu, ru);

      // /exchange without a client certificate, and with one from an untrusted CA: 401.
      const anonymous = await ru.api.call('POST', '/exchange/v1/messages', {
        headers: { 'content-type': 'application/jose' },
        json: 'x',
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ code: 'KPX_UNAUTHENTICATED' });
      const rogue = testApi(ru.url, { ca: pki.caCert, ...pki.rogue('intruder') });
      const untrusted = await rogue.call('POST', '/exchange/v1/messages', {
        headers: { 'content-type': 'application/jose' },
        json: 'x',
      });
      await rogue.close();
      expect(untrusted.status).toBe(401);
      expect((untrusted.body as { detail: string }).detail).toContain('not trusted');
      // The officer API needs no client certificate.
      expect((await ru.api.call('GET', '/healthz')).status).toBe(200);

      expect(await Promise.all([ru.process.stop(), eu.process.stop()])).toEqual([0, 0]);
    });
  });
});
