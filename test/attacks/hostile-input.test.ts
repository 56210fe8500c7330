import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeName, routesOf, runHostile, sendRaw } from '../support/hostile-input.mjs';
import { databaseDigest, startHostileTarget } from '../support/hostile-target.mjs';

// Issue 10, hostile input: every route of the node's OpenAPI document (and the exchange
// endpoint) gets at least 200 seeded hostile requests over a real socket. Each answer must be a
// 4xx problem+json with a KPX_ code where the request is broken (never a 5xx, never a crash),
// the node must still answer afterwards, and the database must be unchanged (failed sign-ins
// excepted: counting them is the defence, see hostile-target.mjs). `npm run hostile` runs the
// same generator 10,000 times per route. Replay a failure with KPX_HOSTILE_SEED.
const perRoute = Number(process.env['KPX_HOSTILE_PER_ROUTE'] ?? 200);
const seed = Number(process.env['KPX_HOSTILE_SEED'] ?? 20261128);

let target: Awaited<ReturnType<typeof startHostileTarget>>;

beforeAll(async () => {
  target = await startHostileTarget();
});
afterAll(async () => {
  await target.stop();
});

describe('hostile input against every route', () => {
  it(`answers ${perRoute} hostile requests per route with 4xx problems, stays up, and changes nothing`, async () => {
    const routes = routesOf(target.openApi);
    // Every route of the document is covered, the exchange endpoint included.
    expect(routes.map(routeName)).toContain('POST /exchange/v1/messages');
    expect(routes.length).toBe(
      Object.values(target.openApi.paths).reduce((n, ops) => n + Object.keys(ops).length, 0),
    );
    const before = await databaseDigest(target.node);
    const { report, failures } = await runHostile({
      baseUrl: target.url,
      routes,
      perRoute,
      seed,
      auth: target.auth,
      limits: target.limits,
      kids: target.kids,
    });
    if (failures.length > 0) console.error(JSON.stringify(failures.slice(0, 20), null, 2));
    expect(failures).toEqual([]);
    expect(report.every((r) => r.sent === perRoute)).toBe(true);
    // Still up and still itself.
    const health = await fetch(`${target.url}/healthz`);
    expect(health.status).toBe(200);
    const after = await databaseDigest(target.node);
    expect(after.counts).toEqual(before.counts);
    expect(after.digest).toBe(before.digest);
  }, 600_000);

  // Bugs the generator found (answered 500 before the fix): kept as plain regression tests.
  it('a body nested 60,000 levels deep (with an Idempotency-Key) is 400 KPX_JSON_INVALID', async () => {
    const res = await sendRaw(target.url, {
      method: 'POST',
      path: '/api/v1/certificates',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${target.auth.tokens['issuer']}`,
        'idempotency-key': 'deep-1',
      },
      body: `{"totals":{"carats":${'['.repeat(60_000)}0${']'.repeat(60_000)}}}`,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'KPX_JSON_INVALID' });
  });

  it('a number out of range (1e309 → Infinity) with an Idempotency-Key is 400 KPX_JSON_INVALID', async () => {
    const res = await sendRaw(target.url, {
      method: 'POST',
      path: '/api/v1/certificates',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${target.auth.tokens['issuer']}`,
        'idempotency-key': 'odd-number-1',
      },
      body: '{"importingParticipant":"EU","items":[-1e309]}',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'KPX_JSON_INVALID' });
  });

  it('key rotation with a JSON null body is 422 KPX_VALIDATION_FAILED, not the defaults', async () => {
    const res = await sendRaw(target.url, {
      method: 'POST',
      path: '/api/v1/keys/rotation',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${target.auth.tokens['admin']}`,
      },
      body: 'null',
    });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'KPX_VALIDATION_FAILED' });
  });
});
