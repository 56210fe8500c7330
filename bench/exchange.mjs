// The exchange over real loopback sockets (issue "Authority node", Speed): issue throughput,
// receive throughput, end-to-end (issue → signed receipt back at the issuer) throughput with
// p50/p99 latency, p99 at half the peak rate, and node RSS — each beside the raw composite
// measured in the same run:
//   issue   ≤ 1/(1/http + 1/sign + 1/txn)     receive ≤ 1/(1/http + 1/verify + 1/txn)
// http = bare node:http JSON round trip with an undici client (same concurrency), sign/verify =
// raw node:crypto Ed25519 on the node's own signing inputs, txn = the same rows (certificate +
// outbox|inbox + audit) inserted with better-sqlite3 directly, one transaction each, with the
// node's synchronous setting (FULL). The node does two signatures per issue (certificate,
// envelope) and two verifications plus a receipt signature per receive: the "all crypto"
// composites count them; the plain ones follow the formula as stated.
//
// `npm run bench -- --only exchange [--quick | --certificates N | --large] [--profile]
//   [--synchronous normal]`
// (--quick: 1,000; default 10,000; --large: 100,000.)
import { generateKeyPairSync, sign as rawSign, verify as rawVerify } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStorage } from '@kpx/node';
import { percentile, quick, rate, record } from './lib.mjs';
import {
  draft,
  drive,
  driveAtRate,
  pool,
  postJson,
  profile,
  startPair,
  until,
} from './exchange-lib.mjs';

const argValue = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const certificates = Number(
  argValue('--certificates') ??
    (process.argv.includes('--large') ? 100_000 : quick ? 1_000 : 10_000),
);
const concurrency = 32;
// The node's database.synchronous: `full` (its default, group commit) or `normal`.
const synchronous = argValue('--synchronous') ?? 'full';
const backend = synchronous === 'full' ? 'sqlite' : `sqlite-${synchronous}`;

export async function benchExchange() {
  console.log(
    `exchange: ${certificates} certificates, ${concurrency} requests in flight, one process, synchronous=${synchronous}`,
  );

  // 1. Issue alone: the issuer's dispatcher is off, so only issuing runs.
  const still = await startPair({ workers: false, synchronous });
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
  const sample = await still.ru.db
    .selectFrom('certificates')
    .selectAll()
    .limit(1)
    .executeTakeFirstOrThrow();
  const sampleOutbox = await still.ru.db
    .selectFrom('outbox')
    .selectAll()
    .limit(1)
    .executeTakeFirstOrThrow();
  const sampleAudit = await still.ru.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'certificate.issue')
    .limit(1)
    .executeTakeFirst();
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
  const sampleInbox = await still.eu.db
    .selectFrom('inbox')
    .selectAll()
    .limit(1)
    .executeTakeFirstOrThrow();
  await ruClient.close();
  await euClient.close();
  await still.stop();

  // 3. End to end at full load: issue over HTTP, the dispatcher delivers, the receipt comes back.
  const e2e = await endToEnd(certificates, (run) => drive(certificates, concurrency, run));
  // 4. The same at half that peak rate (open loop): the latency an officer sees under load.
  const halfRate = e2e.rate / 2;
  const halfCount = Math.max(200, Math.min(certificates, Math.round(halfRate * (quick ? 5 : 15))));
  const half = await endToEnd(halfCount, (run) => driveAtRate(halfCount, halfRate, run));

  // 5. The raw composite, same process, same concurrency.
  const http = await rawHttp(certificates, JSON.stringify(draft(1)));
  const [certInput] = signingInput(sample.signed);
  const [envInput] = signingInput(sampleOutbox.envelope);
  const [receiptInput] = signingInput(sampleInbox.receipt);
  const keys = pairKeys();
  const signCert = await rate(() => rawSign(null, certInput, keys.privateKey));
  const signEnv = await rate(() => rawSign(null, envInput, keys.privateKey));
  const signReceipt = await rate(() => rawSign(null, receiptInput, keys.privateKey));
  const sigA = rawSign(null, certInput, keys.privateKey);
  const sigB = rawSign(null, envInput, keys.privateKey);
  const verifyCert = await rate(() => rawVerify(null, certInput, keys.publicKey, sigA));
  const verifyEnv = await rate(() => rawVerify(null, envInput, keys.publicKey, sigB));
  const txnIssue = await rawTransactions('issue', {
    sample,
    sampleOutbox,
    sampleAudit,
    sampleInbox,
  });
  const txnReceive = await rawTransactions('receive', {
    sample,
    sampleOutbox,
    sampleAudit,
    sampleInbox,
  });

  const serial = (...rates) => 1 / rates.reduce((sum, r) => sum + 1 / r, 0);
  const issueLimit = serial(http, signCert, txnIssue[synchronous]);
  const issueLimitAll = serial(http, serial(signCert, signEnv), txnIssue[synchronous]);
  const receiveLimit = serial(http, verifyEnv, txnReceive[synchronous]);
  const receiveLimitAll = serial(
    http,
    serial(verifyEnv, verifyCert, signReceipt),
    txnReceive[synchronous],
  );

  const row = (name, value, unit, limit) =>
    record({
      name,
      backend,
      value,
      unit,
      ...(limit === undefined ? {} : { limit, ratio: value / limit }),
    });
  row('exchange issue over HTTP', issueRate, 'cert/s', issueLimit);
  row('exchange issue vs composite (2 signs)', issueRate, 'cert/s', issueLimitAll);
  row('exchange receive over HTTP', receiveRate, 'msg/s', receiveLimit);
  row('exchange receive vs composite (2 verify+sign)', receiveRate, 'msg/s', receiveLimitAll);
  row(
    'exchange end-to-end (issue → receipt)',
    e2e.rate,
    'cert/s',
    serial(issueLimitAll, receiveLimitAll),
  );
  row('exchange end-to-end p50 at peak', e2e.p50, 'ms');
  row('exchange end-to-end p99 at peak', e2e.p99, 'ms');
  row(`exchange end-to-end p50 at half peak (${Math.round(halfRate)}/s)`, half.p50, 'ms');
  row(`exchange end-to-end p99 at half peak (${Math.round(halfRate)}/s)`, half.p99, 'ms');
  row('exchange issue request p50 (issue alone)', percentile(issue.latencies, 50), 'ms');
  row('exchange issue request p99 (issue alone)', percentile(issue.latencies, 99), 'ms');
  row('raw http JSON round trip (undici → node:http)', http, 'req/s');
  row('raw ed25519 sign, certificate input', signCert, 'ops/s');
  row('raw ed25519 sign, envelope input', signEnv, 'ops/s');
  row('raw ed25519 verify, certificate input', verifyCert, 'ops/s');
  row('raw ed25519 verify, envelope input', verifyEnv, 'ops/s');
  row('raw txn cert+outbox+audit (FULL)', txnIssue.full, 'txn/s');
  row('raw txn cert+outbox+audit (NORMAL)', txnIssue.normal, 'txn/s');
  row('raw txn cert+inbox+audit (FULL)', txnReceive.full, 'txn/s');
  row('raw composite issue 1/(1/http+1/sign+1/txn)', issueLimit, 'cert/s');
  row('raw composite receive 1/(1/http+1/verify+1/txn)', receiveLimit, 'msg/s');
  row('node RSS after the run (2 nodes + client)', process.memoryUsage().rss / 2 ** 20, 'MB');

  if (process.argv.includes('--profile')) {
    const count = Math.min(certificates, 2000);
    const pair = await startPair({ workers: false, synchronous });
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
    printProfile(`issue alone (${count} certificates)`, issued);
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
    printProfile(`receive alone (${envelopes.length} envelopes)`, received);
    await ru.close();
    await eu.close();
    await pair.stop();
    const e2eProfile = await profile(() =>
      endToEnd(count, (run) => drive(count, concurrency, run)),
    );
    printProfile(`end to end (${count} certificates)`, e2eProfile);
  }
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

/** Issues `count` certificates with `driver` on a fresh pair and waits for every receipt. */
async function endToEnd(count, driver) {
  const pair = await startPair({ workers: true, synchronous });
  const client = pool(pair.ru.url, concurrency);
  const started = Date.now();
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
    async () => Number(await delivered()) >= count,
    120_000 + count * 10,
    `${count} receipts`,
  );
  const rows = await pair.ru.db
    .selectFrom('outbox')
    .select(['created_at', 'delivered_at'])
    .execute();
  const latencies = rows.map((r) => Date.parse(r.delivered_at) - Date.parse(r.created_at));
  const last = Math.max(...rows.map((r) => Date.parse(r.delivered_at)));
  await client.close();
  await pair.stop();
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

function pairKeys() {
  return generateKeyPairSync('ed25519');
}

/**
 * The rows one issue (certificate + outbox + audit) or one receive (certificate + inbox +
 * audit) writes, inserted with better-sqlite3 directly into the node's own schema (indexes
 * included), one transaction each; FULL (the node's default) and NORMAL.
 */
async function rawTransactions(kind, { sample, sampleOutbox, sampleAudit, sampleInbox }) {
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
  }
  return results;
}
