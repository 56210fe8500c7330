// A real node on a loopback socket for the hostile-input run (test/attacks/hostile-input.test.ts
// and scripts/hostile.mjs), with credentials for every role and a console session, and a digest
// of its whole database to prove hostile requests changed nothing.
//
// `@kpx/node` is the TypeScript source under vitest (aliased) and packages/node/dist in the script.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import {
  buildOpenApiDocument,
  buildTestTrustList,
  createManualClock,
  createNode,
  generateTestKey,
  silentLogger,
  staticTrustSource,
  startNodeServer,
} from '@kpx/node';
import { sql } from 'kysely';

const roles = ['admin', 'issuer', 'importer', 'analyst', 'auditor'];

/**
 * Which database changes a hostile request may legitimately cause: a failed sign-in is counted
 * (the slow-down needs it) and audited (`session.sign-in-failed`) — that is the defence working,
 * not damage. Everything else must be byte-for-byte the same.
 */
export const allowedChanges = Object.freeze({
  tables: ['sign_in_throttle'],
  auditActions: ['session.sign-in-failed'],
});

/** SHA-256 over every row of every table (rows sorted), minus {@link allowedChanges}. */
export async function databaseDigest(node) {
  const db = node.context.storage.db;
  const tables = (
    await sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
      db,
    )
  ).rows.map((r) => r.name);
  const hash = createHash('sha256');
  const counts = {};
  for (const table of tables) {
    if (allowedChanges.tables.includes(table)) continue;
    let rows = (await sql`select * from ${sql.table(table)}`.execute(db)).rows;
    if (table === 'audit_log')
      rows = rows.filter((r) => !allowedChanges.auditActions.includes(r.action));
    const lines = rows
      .map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
      .sort();
    counts[table] = lines.length;
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }
  return { digest: hash.digest('hex'), counts };
}

/**
 * Starts RU-MINFIN (partner EU-BE-ANTWERP in its trust list) on 127.0.0.1, SQLite in a temp
 * directory, on a manual clock (nothing moves while the run goes: no expiry, no session
 * last-seen writes). Flood budgets and the sign-in slow-down are opened wide so that every
 * hostile request reaches the parsers and validators instead of a 429 (the budgets have their
 * own tests). One certificate is issued so lookups meet real rows.
 */
export async function startHostileTarget() {
  const dir = mkdtempSync(join(tmpdir(), 'kpx-hostile-'));
  const clock = createManualClock('2026-03-02T09:00:00.000Z');
  const keys = { 'RU-MINFIN': generateTestKey(), 'EU-BE-ANTWERP': generateTestKey() };
  const trustList = buildTestTrustList({
    'RU-MINFIN': keys['RU-MINFIN'].publicJwk,
    'EU-BE-ANTWERP': keys['EU-BE-ANTWERP'].publicJwk,
  });
  const wide = { perSecond: 1_000_000, burst: 10_000_000 };
  const node = await createNode(
    {
      authority: 'RU-MINFIN',
      signingKey: keys['RU-MINFIN'].privateJwk,
      database: { kind: 'sqlite', path: join(dir, 'node.sqlite') },
      web: { dir: join(dir, 'no-web-app') },
      rateLimit: {
        exchange: { partner: wide, anonymous: wide, anonymousTotal: wide },
        verify: wide,
      },
      console: {
        passwordHashLogN: 10,
        signInThrottle: { baseDelayMs: 0, maxDelayMs: 0, freeFailures: 1_000_000 },
      },
    },
    { clock, logger: silentLogger(), trustSource: staticTrustSource(trustList) },
  );
  const server = await startNodeServer(node, { host: '127.0.0.1', port: 0, startWorkers: false });
  const tokens = {};
  for (const role of roles)
    tokens[role] = (await node.createToken({ role, name: `hostile ${role}` })).token;
  // A trader (scoped to one company), where the node has trader applications.
  if (typeof node.createCompany === 'function') {
    const company = await node.createCompany({
      name: 'Hostile Trading Ltd',
      address: '1 Test Street',
      licence: 'HT-1',
    });
    tokens.trader = (
      await node.createToken({ role: 'trader', company: company.id, name: 'hostile trader' })
    ).token;
  }
  const password = 'hostile-admin-password-1';
  await node.createUser({ username: 'hostile-admin', role: 'admin', password });
  const signIn = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'hostile-admin', password }),
  });
  if (signIn.status !== 200)
    throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = await signIn.json();
  const issued = await fetch(`${server.url}/api/v1/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.issuer}` },
    body: JSON.stringify(sampleDraft),
  });
  if (issued.status !== 201)
    throw new Error(`issue failed: ${issued.status} ${await issued.text()}`);
  const limits = {
    apiBytes: node.config.api.maxBodyBytes,
    exchangeBytes: node.config.exchange.maxBodyBytes,
  };
  return {
    url: server.url,
    node,
    auth: { tokens, session: { cookie, csrfToken } },
    limits,
    kids: trustList.keys.map((k) => k.kid),
    openApi: buildOpenApiDocument(),
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
