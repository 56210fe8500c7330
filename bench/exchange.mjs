// The exchange over real loopback sockets (issue "Authority node", Speed): issue throughput,
// receive throughput, end-to-end (issue → signed receipt back at the issuer) throughput with
// p50/p99 latency, p99 at half the peak rate, and node RSS — each beside the raw composite
// measured in the same run:
//   issue   ≤ 1/(1/http + 1/sign + 1/txn)     receive ≤ 1/(1/http + 1/verify + 1/txn)
// http = bare node:http JSON round trip with an undici client (same concurrency), sign/verify =
// raw Ed25519 by the library the nodes use (libsodium or node:crypto, D17) on their signing
// inputs, txn = the same rows (certificate + outbox|inbox + audit) inserted with better-sqlite3 directly, one transaction each, with the
// node's synchronous setting (FULL). The node does two signatures per issue (certificate,
// envelope) and two verifications plus a receipt signature per receive: the "all crypto"
// composites count them; the plain ones follow the formula as stated.
//
// Every measurement runs on SQLite (the node's file database) and on PostgreSQL (each node in a
// fresh schema of postgres://127.0.0.1:5432/test, KPX_BENCH_PG_URL to change it); the
// PostgreSQL end-to-end rate is compared with SQLite's (goal ≥ 50 %). The PostgreSQL composite
// uses the same rows inserted with node-postgres, one transaction each, the audit lock taken as
// the node takes it, from as many connections as the node's pool.
//
// `npm run bench -- --only exchange [--quick | --certificates N | --large] [--profile]
//   [--synchronous normal] [--backend sqlite|postgres]`
// (--quick: 600 on SQLite, 300 on PostgreSQL; default 10,000 and 3,000; --large: 100,000.)
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStorage, openSqliteStorage } from '@kpx/node';
import { generateKeyPair } from '@kpx/protocol';
import { ed25519Backend } from '@kpx/protocol/node';
import { percentile, quick, rate, rawEd25519Libraries, record } from './lib.mjs';
import {
  draft,
  drive,
  driveAtRate,
  pool,
  postJson,
  postgresStatement,
  postgresUrl,
  profile,
  startPair,
  until,
} from './exchange-lib.mjs';

const argValue = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
// PostgreSQL runs fewer: it is several times slower here (see docs/decisions.md).
const defaultCounts = quick
  ? { sqlite: 600, postgres: 300 }
  : process.argv.includes('--large')
    ? { sqlite: 100_000, postgres: 100_000 }
    : { sqlite: 10_000, postgres: 3_000 };
const certificatesOf = (backend) => Number(argValue('--certificates') ?? defaultCounts[backend]);
const concurrency = 32;
// The node's database.synchronous on SQLite: `full` (its default, group commit) or `normal`.
const synchronous = argValue('--synchronous') ?? 'full';
const sqliteNote = synchronous === 'full' ? '' : ` (synchronous=${synchronous})`;
const backends =
  argValue('--backend') === undefined ? ['sqlite', 'postgres'] : [argValue('--backend')];
if (!backends.every((b) => b === 'sqlite' || b === 'postgres'))
  throw new Error(`bench: --backend is sqlite or postgres, not ${argValue('--backend')}`);
const serial = (...rates) => 1 / rates.reduce((sum, r) => sum + 1 / r, 0);

export async function benchExchange() {
  const measured = {};
  for (const backend of backends) {
    console.log(
      `exchange on ${backend}: ${certificatesOf(backend)} certificates, ${concurrency} requests in flight, one process${backend === 'sqlite' ? `, synchronous=${synchronous}` : ''}`,
    );
    measured[backend] = await measureNode(backend);
  }

  // The raw composite, same process, same concurrency, on the signed bytes the node made.
  const samples = Object.values(measured)[0].samples;
  const http = await rawHttp(certificatesOf('sqlite'), JSON.stringify(draft(1)));
  const [certInput] = signingInput(samples.sample.signed);
  const [envInput] = signingInput(samples.sampleOutbox.envelope);
  const [receiptInput] = signingInput(samples.sampleInbox.receipt);
  // The Ed25519 library the nodes use (D17): their limit, not another library's.
  const library = ed25519Backend();
  const { privateJwk, publicJwk } = await generateKeyPair('EdDSA');
  const ed25519 = rawEd25519Libraries(privateJwk, publicJwk)[library];
  const signCert = await rate(() => ed25519.sign(certInput));
  const signEnv = await rate(() => ed25519.sign(envInput));
  const signReceipt = await rate(() => ed25519.sign(receiptInput));
  const sigA = ed25519.sign(certInput);
  const sigB = ed25519.sign(envInput);
  const verifyCert = await rate(() => ed25519.verify(certInput, sigA));
  const verifyEnv = await rate(() => ed25519.verify(envInput, sigB));
  const none = (name, value, unit) => record({ name, backend: 'none', value, unit });
  none('raw http JSON round trip (undici → node:http)', http, 'req/s');
  none(`raw ed25519 sign, certificate input (${library})`, signCert, 'ops/s');
  none(`raw ed25519 sign, envelope input (${library})`, signEnv, 'ops/s');
  none(`raw ed25519 verify, certificate input (${library})`, verifyCert, 'ops/s');
  none(`raw ed25519 verify, envelope input (${library})`, verifyEnv, 'ops/s');

  for (const [backend, m] of Object.entries(measured)) {
    const txn =
      backend === 'sqlite'
        ? {
            issue: await rawSqliteTransactions('issue', samples),
            receive: await rawSqliteTransactions('receive', samples),
          }
        : {
            issue: await rawPostgresTransactions('issue', samples),
            receive: await rawPostgresTransactions('receive', samples),
          };
    const txnIssue = backend === 'sqlite' ? txn.issue[synchronous] : txn.issue;
    const txnReceive = backend === 'sqlite' ? txn.receive[synchronous] : txn.receive;
    const issueLimit = serial(http, signCert, txnIssue);
    const issueLimitAll = serial(http, serial(signCert, signEnv), txnIssue);
    const receiveLimit = serial(http, verifyEnv, txnReceive);
    const receiveLimitAll = serial(http, serial(verifyEnv, verifyCert, signReceipt), txnReceive);
    const note = backend === 'sqlite' ? sqliteNote : '';
    const row = (name, value, unit, limit) =>
      record({
        name: name + note,
        backend,
        value,
        unit,
        ...(limit === undefined ? {} : { limit, ratio: value / limit }),
      });
    row('exchange issue over HTTP', m.issueRate, 'cert/s', issueLimit);
    row('exchange issue vs composite (2 signs)', m.issueRate, 'cert/s', issueLimitAll);
    row('exchange receive over HTTP', m.receiveRate, 'msg/s', receiveLimit);
    row('exchange receive vs composite (2 verify+sign)', m.receiveRate, 'msg/s', receiveLimitAll);
    row(
      'exchange end-to-end (issue → receipt)',
      m.e2e.rate,
      'cert/s',
      serial(issueLimitAll, receiveLimitAll),
    );
    row('exchange end-to-end p50 at peak', m.e2e.p50, 'ms');
    row('exchange end-to-end p99 at peak', m.e2e.p99, 'ms');
    row(`exchange end-to-end p50 at half peak (${Math.round(m.halfRate)}/s)`, m.half.p50, 'ms');
    row(`exchange end-to-end p99 at half peak (${Math.round(m.halfRate)}/s)`, m.half.p99, 'ms');
    row('exchange issue request p50 (issue alone)', m.issueP50, 'ms');
    row('exchange issue request p99 (issue alone)', m.issueP99, 'ms');
    if (backend === 'sqlite') {
      row('raw txn cert+outbox+audit (FULL)', txn.issue.full, 'txn/s');
      row('raw txn cert+outbox+audit (NORMAL)', txn.issue.normal, 'txn/s');
      row('raw txn cert+inbox+audit (FULL)', txn.receive.full, 'txn/s');
    } else {
      row(`raw txn cert+outbox+audit (${postgresLanes} connections)`, txn.issue, 'txn/s');
      row(`raw txn cert+inbox+audit (${postgresLanes} connections)`, txn.receive, 'txn/s');
    }
    row('raw composite issue 1/(1/http+1/sign+1/txn)', issueLimit, 'cert/s');
    row('raw composite receive 1/(1/http+1/verify+1/txn)', receiveLimit, 'msg/s');
    row('node RSS after the run (2 nodes + client)', m.rss, 'MB');
  }
  if (measured.sqlite !== undefined && measured.postgres !== undefined) {
    // Goal: PostgreSQL end-to-end ≥ 50 % of SQLite's; `limit` is SQLite's rate, `ratio` the share.
    const share = measured.postgres.e2e.rate / measured.sqlite.e2e.rate;
    record({
      name: 'exchange end-to-end, PostgreSQL ÷ SQLite (goal ≥ 0.5)',
      backend: 'postgres',
      value: measured.postgres.e2e.rate,
      unit: 'cert/s',
      limit: measured.sqlite.e2e.rate,
      ratio: share,
    });
    console.log(
      `goal PostgreSQL end-to-end ≥ 50 % of SQLite: ${(share * 100).toFixed(0)} % — ${share >= 0.5 ? 'PASS' : 'MISS'}`,
    );
  }

  if (process.argv.includes('--profile')) {
    for (const backend of backends) await profileNode(backend);
  }
}

/** Issue alone, receive alone, end to end at peak and at half peak, on one backend. */
async function measureNode(backend) {
  const certificates = certificatesOf(backend);
  // 1. Issue alone: the issuer's dispatcher is off, so only issuing runs.
  const still = await startPair({ workers: false, synchronous, backend });
  const ruClient = pool(still.ru.url, concurrency);
  const issue = await drive(certificates, concurrency, (i) =>
    postJson(
      ruClient,
      '/api/v1/certificates',
      draft(i),
      { authorization: `Bearer ${still.ru.issuer}` },
      201,
    ),
  );
  const issueRate = (certificates * 1000) / issue.elapsedMs;

  // 2. Receive alone: the envelopes the issue queued, posted to the importer's /exchange.
  const outbox = await still.ru.db.selectFrom('outbox').select(['envelope']).execute();
  const samples = {
    sample: await still.ru.db
      .selectFrom('certificates')
      .selectAll()
      .limit(1)
      .executeTakeFirstOrThrow(),
    sampleOutbox: await still.ru.db
      .selectFrom('outbox')
      .selectAll()
      .limit(1)
      .executeTakeFirstOrThrow(),
    sampleAudit: await still.ru.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'certificate.issue')
      .limit(1)
      .executeTakeFirst(),
  };
  const euClient = pool(still.eu.url, concurrency);
  const receive = await drive(outbox.length, concurrency, async (i) => {
    const res = await euClient.request({
      method: 'POST',
      path: '/exchange/v1/messages',
      headers: { 'content-type': 'application/jose' },
      body: outbox[i].envelope,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200)
      throw new Error(`receive: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  });
  const receiveRate = (outbox.length * 1000) / receive.elapsedMs;
  samples.sampleInbox = await still.eu.db
    .selectFrom('inbox')
    .selectAll()
    .limit(1)
    .executeTakeFirstOrThrow();
  await ruClient.close();
  await euClient.close();
  await still.stop();

  // 3. End to end at full load: issue over HTTP, the dispatcher delivers, the receipt comes back.
  // The half-peak run reuses the pair (its first run fully delivered): one start-up less.
  const delivering = await startDeliveringPair(backend);
  const e2e = await endToEnd(
    backend,
    certificates,
    (run) => drive(certificates, concurrency, run),
    delivering,
  );
  // 4. The same at half that peak rate (open loop): the latency an officer sees under load.
  const halfRate = e2e.rate / 2;
  const halfCount = Math.max(
    quick ? 100 : 200,
    Math.min(certificates, Math.round(halfRate * (quick ? 2 : 15))),
  );
  const half = await endToEnd(
    backend,
    halfCount,
    (run) => driveAtRate(halfCount, halfRate, run),
    delivering,
  );
  await delivering.stop();
  return {
    samples,
    issueRate,
    receiveRate,
    e2e,
    half,
    halfRate,
    issueP50: percentile(issue.latencies, 50),
    issueP99: percentile(issue.latencies, 99),
    rss: process.memoryUsage().rss / 2 ** 20,
  };
}

/** `--profile`: where the CPU goes when issuing, receiving and end to end on `backend`. */
async function profileNode(backend) {
  const count = Math.min(certificatesOf(backend), 2000);
  const pair = await startPair({ workers: false, synchronous, backend });
  const ru = pool(pair.ru.url, concurrency);
  const eu = pool(pair.eu.url, concurrency);
  const issued = await profile(() =>
    drive(count, concurrency, (i) =>
      postJson(
        ru,
        '/api/v1/certificates',
        draft(i),
        { authorization: `Bearer ${pair.ru.issuer}` },
        201,
      ),
    ),
  );
  printProfile(`${backend}: issue alone (${count} certificates)`, issued);
  const envelopes = await pair.ru.db.selectFrom('outbox').select(['envelope']).execute();
  const received = await profile(() =>
    drive(envelopes.length, concurrency, (i) =>
      eu
        .request({
          method: 'POST',
          path: '/exchange/v1/messages',
          headers: { 'content-type': 'application/jose' },
          body: envelopes[i].envelope,
        })
        .then((r) => r.body.text()),
    ),
  );
  printProfile(`${backend}: receive alone (${envelopes.length} envelopes)`, received);
  await ru.close();
  await eu.close();
  await pair.stop();
  const e2eProfile = await profile(() =>
    endToEnd(backend, count, (run) => drive(count, concurrency, run)),
  );
  printProfile(`${backend}: end to end (${count} certificates)`, e2eProfile);
}

function printProfile(title, summary) {
  console.log(`\nCPU profile, ${title}: ${Math.round(summary.totalMs)} ms sampled`);
  console.log('  by area (self time):');
  for (const a of summary.areas)
    console.log(`    ${(a.share * 100).toFixed(1).padStart(5)} %  ${a.name}`);
  console.log('  by function (self time):');
  for (const f of summary.functions)
    console.log(`    ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
  console.log('  kpx functions (inclusive time):');
  for (const f of summary.kpx)
    console.log(`    ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
}

/** A pair with its dispatchers running, for one or more {@link endToEnd} runs. */
async function startDeliveringPair(backend) {
  const pair = await startPair({ workers: true, synchronous, backend });
  const client = pool(pair.ru.url, concurrency);
  return {
    pair,
    client,
    async stop() {
      await client.close();
      await pair.stop();
    },
  };
}

/**
 * Issues `count` certificates with `driver` and waits for every receipt; on `running` (a pair
 * from {@link startDeliveringPair}, every earlier run delivered) or on a fresh pair. Only the
 * outbox rows of this run count.
 */
async function endToEnd(backend, count, driver, running) {
  const { pair, client, stop } = running ?? (await startDeliveringPair(backend));
  const before = await pair.ru.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const started = Date.now();
  const since = new Date(started - 1).toISOString();
  await driver((i) =>
    postJson(
      client,
      '/api/v1/certificates',
      draft(i),
      { authorization: `Bearer ${pair.ru.issuer}` },
      201,
    ),
  );
  const delivered = async () =>
    (
      await pair.ru.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('state', '=', 'delivered')
        .executeTakeFirstOrThrow()
    ).n;
  await until(
    async () => Number(await delivered()) >= Number(before.n) + count,
    120_000 + count * 10,
    `${count} receipts`,
  );
  const rows = await pair.ru.db
    .selectFrom('outbox')
    .select(['created_at', 'delivered_at'])
    .where('created_at', '>=', since)
    .execute();
  if (rows.length !== count)
    throw new Error(`bench: ${rows.length} outbox rows since the run started, not ${count}`);
  const latencies = rows.map((r) => Date.parse(r.delivered_at) - Date.parse(r.created_at));
  const last = Math.max(...rows.map((r) => Date.parse(r.delivered_at)));
  if (running === undefined) await stop();
  return {
    rate: (count * 1000) / (last - started),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Bare node:http JSON round trips with the same client and concurrency. */
async function rawHttp(total, body) {
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const parsed = JSON.parse(text);
      const answer = JSON.stringify({
        number: 'RU-2026-000001',
        status: 'issued',
        parcels: parsed.parcels,
      });
      res.writeHead(201, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      });
      res.end(answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = pool(`http://127.0.0.1:${server.address().port}`, concurrency);
  await drive(Math.min(total, 2000), concurrency, () =>
    client
      .request({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body })
      .then((r) => r.body.text()),
  );
  const { elapsedMs } = await drive(total, concurrency, () =>
    client
      .request({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body })
      .then((r) => r.body.text()),
  );
  await client.close();
  await new Promise((resolve) => server.close(resolve));
  return (total * 1000) / elapsedMs;
}

function signingInput(jws) {
  const [h, p, s] = jws.trim().split('.');
  return [Buffer.from(`${h}.${p}`), Buffer.from(s, 'base64url')];
}

/**
 * The rows one issue (certificate + outbox + audit) or one receive (certificate + inbox +
 * audit) writes, inserted with better-sqlite3 directly into the node's own schema (indexes
 * included), one transaction each; FULL (the node's default) and NORMAL.
 */
async function rawSqliteTransactions(kind, { sample, sampleOutbox, sampleAudit, sampleInbox }) {
  const results = {};
  for (const synchronous of ['full', 'normal']) {
    const path = join(mkdtempSync(join(tmpdir(), 'kpx-bench-txn-')), 'raw.sqlite');
    const storage = await openSqliteStorage({ path }); // creates the node's schema
    await storage.close();
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    const cert = db.prepare(
      `insert into certificates (number, direction, status, delivery, issuing_authority, partner_participant,
        partner_authority, signed, certificate_json, issued_on, expires_on, created_at, updated_at, version)
       values (?, ?, 'issued', 'electronic', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const out = db.prepare(
      `insert into outbox (id, type, to_authority, endpoint, subject, envelope, digest, attempts, next_attempt_at, state, created_at)
       values (?, 'certificate.issued', ?, ?, ?, ?, ?, 0, ?, 'pending', ?)`,
    );
    const inbox = db.prepare(
      `insert into inbox (message_id, digest, envelope, type, from_authority, subject, result, receipt, received_at)
       values (?, ?, ?, 'certificate.issued', ?, ?, 'accepted', ?, ?)`,
    );
    const head = db.prepare('select seq, hash from audit_log order by seq desc limit 1');
    const audit = db.prepare(
      'insert into audit_log (seq, at, actor, action, subject, data, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const auditData = sampleAudit?.data ?? '{}';
    let n = 0;
    const txn = db.transaction(() => {
      n += 1;
      const number = `RU-2026-${String(n).padStart(7, '0')}`;
      const now = new Date().toISOString();
      cert.run(
        number,
        kind === 'issue' ? 'outgoing' : 'incoming',
        sample.issuing_authority,
        sample.partner_participant,
        sample.partner_authority,
        sample.signed,
        sample.certificate_json,
        sample.issued_on,
        sample.expires_on,
        now,
        now,
      );
      if (kind === 'issue') {
        out.run(
          `m-${n}`,
          sampleOutbox.to_authority,
          sampleOutbox.endpoint,
          number,
          sampleOutbox.envelope,
          sampleOutbox.digest,
          now,
          now,
        );
      } else {
        inbox.run(
          `m-${n}`,
          sampleInbox.digest,
          sampleInbox.envelope,
          sampleInbox.from_authority,
          number,
          sampleInbox.receipt,
          now,
        );
      }
      const last = head.get();
      audit.run(
        (last?.seq ?? 0) + 1,
        now,
        'token:bench',
        'certificate.issue',
        number,
        auditData,
        last?.hash ?? '0'.repeat(64),
        'f'.repeat(64),
      );
    });
    results[synchronous] = await rate(() => txn(), { batch: 5 });
    db.close();
    rmSync(dirname(path), { recursive: true, force: true });
  }
  return results;
}

// As many connections as the node's PostgreSQL pool (its default `pool.max`).
const postgresLanes = 10;

/**
 * The rows of one issue or one receive inserted with node-postgres into a fresh schema of the
 * node's own tables, one transaction each, the audit chain's advisory lock taken as the node
 * takes it; `postgresLanes` connections in parallel. Transactions per second.
 */
async function rawPostgresTransactions(kind, { sample, sampleOutbox, sampleAudit, sampleInbox }) {
  const schema = `kpx_bench_raw_${process.pid}_${Date.now().toString(36)}_${kind}`;
  const storage = await openPostgresStorage({ url: postgresUrl, schema }); // creates the schema
  await storage.close();
  const clients = [];
  try {
    for (let i = 0; i < postgresLanes; i += 1) {
      const client = new pg.Client({
        connectionString: postgresUrl,
        options: `-c search_path=${schema}`,
      });
      await client.connect();
      clients.push(client);
    }
    const auditData = sampleAudit?.data ?? '{}';
    let n = 0;
    const txn = async (client) => {
      const id = ++n; // taken before the first await: lanes interleave
      const number = `RU-2026-${String(id).padStart(7, '0')}`;
      const now = new Date().toISOString();
      await client.query('begin');
      await client.query(
        `insert into certificates (number, direction, status, delivery, issuing_authority, partner_participant,
          partner_authority, signed, certificate_json, issued_on, expires_on, created_at, updated_at, version)
         values ($1, $2, 'issued', 'electronic', $3, $4, $5, $6, $7, $8, $9, $10, $10, 1)`,
        [
          number,
          kind === 'issue' ? 'outgoing' : 'incoming',
          sample.issuing_authority,
          sample.partner_participant,
          sample.partner_authority,
          sample.signed,
          sample.certificate_json,
          sample.issued_on,
          sample.expires_on,
          now,
        ],
      );
      if (kind === 'issue') {
        await client.query(
          `insert into outbox (id, type, to_authority, endpoint, subject, envelope, digest, attempts, next_attempt_at, state, created_at)
           values ($1, 'certificate.issued', $2, $3, $4, $5, $6, 0, $7, 'pending', $7)`,
          [
            `m-${id}`,
            sampleOutbox.to_authority,
            sampleOutbox.endpoint,
            number,
            sampleOutbox.envelope,
            sampleOutbox.digest,
            now,
          ],
        );
      } else {
        await client.query(
          `insert into inbox (message_id, digest, envelope, type, from_authority, subject, result, receipt, received_at)
           values ($1, $2, $3, 'certificate.issued', $4, $5, 'accepted', $6, $7)`,
          [
            `m-${id}`,
            sampleInbox.digest,
            sampleInbox.envelope,
            sampleInbox.from_authority,
            number,
            sampleInbox.receipt,
            now,
          ],
        );
      }
      await client.query(
        `select pg_advisory_xact_lock(${0x6b7078}, 'audit_log'::regclass::oid::int)`,
      );
      const head = await client.query('select seq, hash from audit_log order by seq desc limit 1');
      const last = head.rows[0];
      await client.query(
        'insert into audit_log (seq, at, actor, action, subject, data, prev_hash, hash) values ($1, $2, $3, $4, $5, $6, $7, $8)',
        [
          Number(last?.seq ?? 0) + 1,
          now,
          'token:bench',
          'certificate.issue',
          number,
          auditData,
          last?.hash ?? '0'.repeat(64),
          'f'.repeat(64),
        ],
      );
      await client.query('commit');
    };
    const total = quick ? 300 : 3000;
    const lanes = clients.map(async (client, lane) => {
      for (let i = lane; i < total; i += postgresLanes) await txn(client);
    });
    const started = performance.now();
    await Promise.all(lanes);
    return (total * 1000) / (performance.now() - started);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await postgresStatement(`drop schema if exists ${schema} cascade`);
  }
}
