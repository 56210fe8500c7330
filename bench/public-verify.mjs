// Public verify throughput (ARCHITECTURE.md flow 7): `POST /api/v1/verify` with a signed
// certificate, over a real loopback socket (undici client, 32 requests in flight) and
// in-process through the node's Hono app (`app.request`, no socket), on SQLite and PostgreSQL.
// The verifying node is the issuer and holds the certificate, so each request also looks up
// the stored copy and its receipts (the evidence and status the report carries). The node's
// per-address flood protection is off here: the bench is one client address asking as fast as
// it can, which is what that limit is there to refuse.
//
// `npm run bench -- --only public-verify [--quick]`
import { draft, drive, pool, postJson, startPair } from './exchange-lib.mjs';
import { quick, rate, record } from './lib.mjs';

const concurrency = 32;
const requests = quick ? 500 : 5_000;

export async function benchPublicVerify() {
  for (const backend of ['sqlite', 'postgres']) {
    const pair = await startPair({ workers: false, backend, rateLimit: false });
    const client = pool(pair.ru.url, concurrency);
    try {
      await postJson(
        client,
        '/api/v1/certificates',
        draft(0),
        { authorization: `Bearer ${pair.ru.issuer}` },
        201,
      );
      const { signed } = await pair.ru.db
        .selectFrom('certificates')
        .select(['signed'])
        .executeTakeFirstOrThrow();
      const body = JSON.stringify({ document: signed });
      const expectValid = (text) => {
        if (!text.startsWith('{"valid":true'))
          throw new Error(`public verify: not valid: ${text.slice(0, 300)}`);
      };
      const verifyOverHttp = async () => {
        const res = await client.request({
          method: 'POST',
          path: '/api/v1/verify',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await res.body.text();
        if (res.statusCode !== 200)
          throw new Error(`public verify: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
        expectValid(text);
      };
      await drive(Math.min(requests, 200), concurrency, verifyOverHttp); // warm-up
      const overHttp = await drive(requests, concurrency, verifyOverHttp);
      const inProcess = await rate(
        async () => {
          const res = await pair.ru.node.app.request('/api/v1/verify', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          expectValid(await res.text());
        },
        { batch: 5 },
      );
      record({
        name: 'public verify over HTTP (POST /api/v1/verify)',
        backend,
        value: (requests * 1000) / overHttp.elapsedMs,
        unit: 'docs/s',
      });
      record({
        name: 'public verify in-process (app.request)',
        backend,
        value: inProcess,
        unit: 'docs/s',
      });
    } finally {
      await client.close();
      await pair.stop();
    }
  }
}
