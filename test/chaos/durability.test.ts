// What a 201 promises (docs/durability.md): RU's `kpx node start` process is SIGKILLed the
// moment the client has its 201, several times, while EU is down so nothing has been delivered
// yet. After each kill, before anything restarts, the certificate, its outbox entry and its
// audit entry are in the database; once EU comes up, every one is delivered exactly once.
// On SQLite and PostgreSQL. (A process crash: docs/durability.md says what survives power loss.)
import { existsSync } from 'node:fs';
import { openStorage, verifyAuditChain, type DatabaseConfig } from '@kpx/node';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { draftTo } from '../support/drafts.js';
import { kpxBin, type KpxProcess } from '../support/kpx-process.js';
import { skipPostgres, skipReason, withTestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';
import { initTwoNodes, startNodeProcess, type ChaosBackend, type NodeSide } from './chaos-nodes.js';

const kills = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What RU's database holds for one certificate, read with the node process dead. */
async function persisted(database: DatabaseConfig, number: string) {
  const storage = await openStorage(database);
  try {
    const db = storage.db;
    const certificate = await db
      .selectFrom('certificates')
      .select(['status', 'signed'])
      .where('number', '=', number)
      .executeTakeFirst();
    const outbox = await db
      .selectFrom('outbox')
      .select(['state', 'type'])
      .where('subject', '=', number)
      .execute();
    const audit = await db
      .selectFrom('audit_log')
      .select(['action'])
      .where('subject', '=', number)
      .execute();
    return {
      certificate: certificate === undefined ? undefined : { status: certificate.status },
      signed: certificate?.signed?.split('.').length,
      outbox,
      audit: audit.map((a) => a.action),
      chain: await verifyAuditChain(db),
    };
  } finally {
    await storage.close();
  }
}

/** RU's outbox depth from its /metrics (the database, read now). */
async function pendingAt(side: NodeSide): Promise<number | undefined> {
  try {
    const res = await request(`${side.url}/metrics`);
    const text = await res.body.text();
    const match = /kpx_outbox_depth\{[^}]*state="pending"[^}]*\} (\d+)/.exec(text);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

function durabilityScenario(backend: ChaosBackend, postgresUrl: () => string | undefined) {
  const running: KpxProcess[] = [];
  afterAll(async () => {
    for (const proc of running) await proc.stop('SIGKILL');
  });

  return async () => {
    expect(existsSync(kpxBin), 'build first: npx tsc -b').toBe(true);
    const url = postgresUrl();
    const { ru, eu, issuerToken } = await initTwoNodes({
      root: tempDir(`kpx-durability-${backend}-`),
      backend,
      ...(url === undefined ? {} : { postgresUrl: url }),
    });
    const body = JSON.stringify(
      draftTo({ participant: 'EU', authority: 'EU-BE-ANTWERP' }, { participant: 'RU' }),
    );
    const numbers: string[] = [];
    for (let k = 0; k < kills; k++) {
      const node = await startNodeProcess(ru);
      running.push(node);
      const res = await request(`${ru.url}/api/v1/certificates`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${issuerToken}`,
          'content-type': 'application/json',
          'idempotency-key': `durability-${k}`,
        },
        body,
      });
      const text = await res.body.text();
      // SIGKILL the moment the 201 is in: no graceful shutdown, no flush, no chance to finish.
      node.child.kill('SIGKILL');
      expect(res.statusCode, text).toBe(201);
      await node.exited;
      const { number } = JSON.parse(text) as { number: string };
      numbers.push(number);

      // Before anything restarts: everything the 201 stands for is in the database.
      expect(await persisted(ru.database, number)).toEqual({
        certificate: { status: 'issued' },
        signed: 3,
        outbox: [{ state: 'pending', type: 'certificate.issued' }],
        audit: ['certificate.issue'],
        chain: { ok: true, entries: expect.any(Number) as number },
      });
    }
    expect(new Set(numbers).size).toBe(kills);

    // EU comes up, RU once more: every certificate is delivered, each exactly once.
    const euNode = await startNodeProcess(eu);
    running.push(euNode);
    const ruNode = await startNodeProcess(ru);
    running.push(ruNode);
    while ((await pendingAt(ru)) !== 0) await sleep(100);
    expect(await Promise.all([ruNode.stop('SIGTERM'), euNode.stop('SIGTERM')])).toEqual([0, 0]);

    const [ruStorage, euStorage] = await Promise.all([
      openStorage(ru.database),
      openStorage(eu.database),
    ]);
    try {
      const delivered = await ruStorage.db
        .selectFrom('certificates')
        .select(['number', 'status'])
        .orderBy('number')
        .execute();
      expect(delivered).toEqual(numbers.sort().map((number) => ({ number, status: 'delivered' })));
      const received = await euStorage.db
        .selectFrom('inbox')
        .select(['subject'])
        .orderBy('subject')
        .execute();
      expect(received.map((r) => r.subject)).toEqual(numbers);
      const atEu = await euStorage.db
        .selectFrom('certificates')
        .select(['number'])
        .orderBy('number')
        .execute();
      expect(atEu.map((c) => c.number)).toEqual(numbers);
      expect((await verifyAuditChain(ruStorage.db)).ok).toBe(true);
      expect((await verifyAuditChain(euStorage.db)).ok).toBe(true);
    } finally {
      await Promise.all([ruStorage.close(), euStorage.close()]);
    }
  };
}

describe('a 201 survives SIGKILL', () => {
  it(
    `SQLite: ${kills} kills right after a 201, then every certificate is delivered once`,
    durabilityScenario('sqlite', () => undefined),
    300_000,
  );

  const describePostgres = skipPostgres() ? describe.skip : describe;
  if (skipPostgres()) console.warn(skipReason);
  describePostgres('PostgreSQL', () => {
    const database = withTestDatabase();
    it(
      `PostgreSQL: ${kills} kills right after a 201, then every certificate is delivered once`,
      durabilityScenario('postgres', () => database.url),
      300_000,
    );
  });
});
