// The chaos run of issue 10 ("Proving ground"), shared by `npm run chaos` (scripts/chaos.mjs)
// and test/chaos/chaos.test.ts: a `kpx registry start` process serving the trust list, and
// RU-MINFIN and EU-BE-ANTWERP as real `kpx node start` processes, a seeded fault proxy in
// front of EU's /exchange, N certificates issued RU→EU over HTTP while EU is SIGKILLed and
// restarted at seeded moments and RU is SIGKILLed once.
// Then the network heals, RU's outbox drains, both nodes stop, and everything is checked from
// the two databases: nothing lost, nothing doubled, every receipt back, statuses agree, both
// audit chains verify.
import { rmSync } from 'node:fs';
import {
  openStorage,
  verifyAuditChain,
  type AuditChainResult,
  type DatabaseConfig,
  type Storage,
} from '@kpx/node';
import { Agent, request } from 'undici';
import { draftTo } from '../support/drafts.js';
import {
  faultKinds,
  seededRandom,
  startFaultProxy,
  type FaultCounts,
} from '../support/fault-proxy.js';
import { freePorts } from '../support/free-ports.js';
import type { KpxProcess } from '../support/kpx-process.js';
import { tempDir } from '../support/temp-dir.js';
import { initTwoNodes, startNodeProcess, type ChaosBackend, type NodeSide } from './chaos-nodes.js';

export type { ChaosBackend } from './chaos-nodes.js';

export type ChaosOptions = {
  certificates: number;
  backend: ChaosBackend;
  /** Seeds the fault proxy and the kill schedule. */
  seed: number;
  /** A database of its own (both nodes get a schema in it); required for `postgres`. */
  postgresUrl?: string;
  /** Issue requests in flight at once (default 8). */
  concurrency?: number;
  /** Share of exchange requests the proxy interferes with (default 0.5). */
  faultRate?: number;
  /** How often EU is SIGKILLed during the run (default N/100, at least 3, at most 40). */
  euKills?: number;
  /** Progress lines (default: none). */
  progress?: (line: string) => void;
};

/** What a chaos run saw and checked; `ok` when nothing was lost, doubled or left unverified. */
export type ChaosReport = {
  backend: ChaosBackend;
  seed: number;
  certificates: number;
  /** Certificates the client got a 201 for. */
  answered201: number;
  /** Issues that never got a 201 despite retrying with the same Idempotency-Key. */
  issueFailures: number;
  faults: FaultCounts;
  /** Deliveries that found EU down (connection refused) while it restarted. */
  euUnreachable: number;
  euKills: number;
  ruKills: number;
  /** Time EU was not serving, from each SIGKILL until its restarted process was ready. */
  euDownMs: number;
  /** Issue requests the client sent again (same Idempotency-Key) after an error. */
  clientRetries: number;
  /** Delivery attempts beyond the first, from RU's outbox. */
  deliveryRetries: number;
  /** Times EU answered a message it already held (with the first receipt, storing nothing). */
  duplicatesSuppressed: number;
  longestDeliveryDelayMs: number;
  /** Median and 95th percentile of the delivery delays (outbox entry created → receipt recorded). */
  deliveryDelayP50Ms: number;
  deliveryDelayP95Ms: number;
  lost: number;
  doubled: number;
  receiptsBack: number;
  statusMismatches: number;
  undelivered: number;
  audit: { ru: AuditChainResult; eu: AuditChainResult };
  /** Audit entries by action on each side. */
  auditActions: { ru: Record<string, number>; eu: Record<string, number> };
  /** Issuing (with the kills), draining after the network healed, and the whole run with set-up. */
  timings: { issueMs: number; drainMs: number; totalMs: number };
  ok: boolean;
  /** Where the node directories are (kept when the run is not ok). */
  dir: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The message id an envelope (compact JWS) carries, read without verifying: for counting only. */
function messageIdOf(body: Buffer): string | undefined {
  try {
    const payload = body.toString('utf8').trim().split('.')[1] ?? '';
    const id = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { id?: unknown })
      .id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the chaos scenario once and returns what it found. Throws only when the scenario
 * cannot be set up; every failure of what is checked is in the report (`ok: false`).
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const n = options.certificates;
  const concurrency = options.concurrency ?? 8;
  const euKills = options.euKills ?? Math.min(40, Math.max(3, Math.ceil(n / 100)));
  const log = options.progress ?? (() => undefined);
  const random = seededRandom(options.seed ^ 0x5eed);
  const started = Date.now();
  const root = tempDir('kpx-chaos-');
  const cleanups: Array<() => Promise<unknown>> = [];

  try {
    // EU's endpoint in the trust list is the fault proxy: every delivery goes through it. The
    // proxy needs EU's port, and EU's directory the proxy's URL: the port is taken first.
    const [euPort] = (await freePorts(1)) as [number];
    const proxy = await startFaultProxy({
      target: `http://127.0.0.1:${euPort}`,
      seed: options.seed,
      faultRate: options.faultRate ?? 0.5,
      maxDelayMs: 300,
      reorderHoldMs: 300,
      identify: messageIdOf,
    });
    cleanups.push(() => proxy.close());
    const nodes = await initTwoNodes({
      root,
      backend: options.backend,
      ...(options.postgresUrl === undefined ? {} : { postgresUrl: options.postgresUrl }),
      euPort,
      euEndpoint: () => proxy.url,
      registry: true,
    });
    const { ru, eu, issuerToken: token, registry } = nodes;
    if (registry !== undefined) cleanups.push(() => registry.stop('SIGTERM'));
    const sides = [ru, eu];
    const running: Record<'ru' | 'eu', KpxProcess | undefined> = { ru: undefined, eu: undefined };
    const startSide = async (side: NodeSide): Promise<void> => {
      running[side.name] = await startNodeProcess(side);
    };
    const kill = async (side: NodeSide): Promise<void> => {
      const proc = running[side.name];
      running[side.name] = undefined;
      if (proc === undefined) return;
      proc.child.kill('SIGKILL');
      await proc.exited;
    };
    cleanups.push(async () => {
      for (const proc of Object.values(running)) {
        if (proc === undefined) continue;
        const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
        await proc.stop('SIGTERM');
        clearTimeout(timer);
      }
    });
    await Promise.all([startSide(ru), startSide(eu)]);
    log(`${options.backend}: nodes up (RU :${ru.port}, EU :${eu.port} behind ${proxy.url})`);

    // The client: bounded concurrency, each certificate under its own Idempotency-Key, retried
    // with that key until a 201 (RU may be down, or answer a request it never finished).
    const ruUrl = ru.url;
    const issueStarted = Date.now();
    const client = new Agent({ connections: concurrency });
    cleanups.push(() => client.close());
    const body = JSON.stringify(
      draftTo({ participant: 'EU', authority: 'EU-BE-ANTWERP' }, { participant: 'RU' }),
    );
    const answered = new Map<number, string>();
    const issueErrors: string[] = [];
    let clientRetries = 0;
    let settled = 0;
    // A node that cannot be started again ends the run (the lanes stop instead of retrying).
    let fatal: Error | undefined;
    const issueOne = async (i: number): Promise<void> => {
      let lastError = '';
      for (let attempt = 1; attempt <= 200 && fatal === undefined; attempt++) {
        try {
          const res = await request(`${ruUrl}/api/v1/certificates`, {
            method: 'POST',
            dispatcher: client,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': `chaos-${options.seed}-${i}`,
            },
            body,
          });
          const text = await res.body.text();
          if (res.statusCode === 201) {
            answered.set(i, (JSON.parse(text) as { number: string }).number);
            return;
          }
          lastError = `HTTP ${res.statusCode} ${text.slice(0, 200)}`;
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
        clientRetries += 1;
        await sleep(Math.min(500, 20 * attempt));
      }
      issueErrors.push(`certificate ${i}: ${lastError}`);
    };
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < n && fatal === undefined; i = next++) {
        await issueOne(i);
        settled += 1;
        if (settled % Math.max(1, Math.floor(n / 10)) === 0) log(`issued ${settled}/${n}`);
      }
    };

    // The kill schedule, seeded: EU at several moments of the run (each after it has served for
    // a while, so the faults mostly meet a live partner), RU once between 30 % and 70 %.
    const euKillPoints = Array.from({ length: euKills }, () =>
      Math.floor((0.05 + 0.9 * random()) * n),
    ).sort((a, b) => a - b);
    const ruKillPoint = Math.floor((0.3 + 0.4 * random()) * n);
    const downTimes = Array.from({ length: euKills + 1 }, () => 100 + Math.floor(random() * 900));
    const kills = { ru: 0, eu: 0 };
    const downMsTotal = { ru: 0, eu: 0 };
    const upSince = { ru: Date.now(), eu: Date.now() };
    const killAndRestart = async (side: NodeSide, downMs: number): Promise<void> => {
      const killedAt = Date.now();
      await kill(side);
      kills[side.name] += 1;
      log(`SIGKILL ${side.name} at ${settled}/${n} issued, down ${downMs} ms`);
      await sleep(downMs);
      await startSide(side);
      upSince[side.name] = Date.now();
      downMsTotal[side.name] += upSince[side.name] - killedAt;
    };
    const minUpMs = 1500;
    const failRun = (error: unknown) => {
      fatal ??= error instanceof Error ? error : new Error(String(error));
    };
    const euChaos = (async () => {
      for (const [k, at] of euKillPoints.entries()) {
        while (fatal === undefined && (settled < at || Date.now() - upSince.eu < minUpMs))
          await sleep(5);
        if (fatal !== undefined) return;
        await killAndRestart(eu, downTimes[k] ?? 500);
      }
    })().catch(failRun);
    const ruChaos = (async () => {
      while (fatal === undefined && settled < ruKillPoint) await sleep(5);
      if (fatal === undefined) await killAndRestart(ru, downTimes[euKills] ?? 500);
    })().catch(failRun);
    await Promise.all(Array.from({ length: concurrency }, lane));
    await Promise.all([euChaos, ruChaos]);
    if (fatal !== undefined) throw fatal;
    const issueMs = Date.now() - issueStarted;

    // RU's outbox depth, from its /metrics (read from the database); undefined when unreachable.
    const pendingAtRu = async (): Promise<number | undefined> => {
      try {
        const res = await request(`${ruUrl}/metrics`, { dispatcher: client });
        const text = await res.body.text();
        const pending = /kpx_outbox_depth\{[^}]*state="pending"[^}]*\} (\d+)/.exec(text)?.[1];
        return pending === undefined ? undefined : Number(pending);
      } catch {
        return undefined;
      }
    };
    const waitForPending = async (atMost: number, deadline: number): Promise<boolean> => {
      for (;;) {
        const pending = await pendingAtRu();
        if (pending !== undefined && pending <= atMost) return true;
        if (Date.now() > deadline) return false;
        await sleep(200);
      }
    };
    // Most deliveries should meet the faults: they stay on until all but 5 % are delivered
    // (retrying through them is what is being tested), then the network heals.
    await waitForPending(Math.floor(n / 20), Date.now() + 60_000 + n * 20);
    proxy.setFaults(false);
    const drainStarted = Date.now();
    if (!(await waitForPending(0, drainStarted + 120_000 + n * 30)))
      log('outbox not drained before the deadline: checking what is there');
    const drainMs = Date.now() - drainStarted;

    // Stop both cleanly, then check from the databases themselves.
    for (const side of sides) await running[side.name]?.stop('SIGTERM');
    running.ru = undefined;
    running.eu = undefined;
    const found = await inspect(ru.database, eu.database);

    const answeredNumbers = [...answered.values()];
    const euNumbers = new Map(found.eu.certificates.map((c) => [c.number, c.status]));
    const ruNumbers = new Map(found.ru.certificates.map((c) => [c.number, c.status]));
    const expected = new Set([...answeredNumbers, ...ruNumbers.keys()]);
    const lost = [...expected].filter((number) => !euNumbers.has(number)).length;
    const extra = (counts: Map<string, number>) =>
      [...counts.values()].reduce((sum, c) => sum + Math.max(0, c - 1), 0);
    const countBy = (values: readonly string[]) => {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return counts;
    };
    // Doubled: a certificate twice at EU (by inbox message or by number), a second message
    // for one certificate at RU, one answer for two requests, or more certificates at RU than
    // Idempotency-Keys that made them.
    const doubled =
      extra(countBy(found.eu.inboxSubjects)) +
      extra(countBy(found.eu.certificates.map((c) => c.number))) +
      extra(countBy(found.ru.outboxSubjects)) +
      extra(countBy(answeredNumbers)) +
      Math.max(0, found.ru.certificates.length - found.ru.idempotencyKeys);
    const receiptsBack = found.ru.acceptedReceiptSubjects.filter((s) => ruNumbers.has(s)).length;
    const statusMismatches = [...ruNumbers].filter(
      ([number, status]) => euNumbers.get(number) !== status,
    ).length;
    const duplicatesSuppressed = [...proxy.answeredById.values()].reduce(
      (sum, c) => sum + c - 1,
      0,
    );
    const report: ChaosReport = {
      backend: options.backend,
      seed: options.seed,
      certificates: n,
      answered201: answered.size,
      issueFailures: issueErrors.length,
      faults: proxy.counts(),
      euUnreachable: proxy.unreachable,
      euKills: kills.eu,
      ruKills: kills.ru,
      euDownMs: downMsTotal.eu,
      clientRetries,
      deliveryRetries: found.ru.attempts - found.ru.delivered,
      duplicatesSuppressed,
      longestDeliveryDelayMs: found.ru.longestDeliveryMs,
      deliveryDelayP50Ms: percentile(found.ru.deliveryDelaysMs, 0.5),
      deliveryDelayP95Ms: percentile(found.ru.deliveryDelaysMs, 0.95),
      lost,
      doubled,
      receiptsBack,
      statusMismatches,
      undelivered: found.ru.undelivered,
      audit: found.audit,
      auditActions: found.auditActions,
      timings: { issueMs, drainMs, totalMs: Date.now() - started },
      ok: false,
      dir: root,
    };
    report.ok =
      lost === 0 &&
      doubled === 0 &&
      issueErrors.length === 0 &&
      answered.size === n &&
      receiptsBack === ruNumbers.size &&
      statusMismatches === 0 &&
      found.ru.undelivered === 0 &&
      found.audit.ru.ok &&
      found.audit.eu.ok &&
      [
        found.auditActions.ru['certificate.issue'],
        found.auditActions.ru['message.deliver'],
        found.auditActions.eu['certificate.receive'],
        found.auditActions.eu['message.receive'],
      ].every((count) => count === ruNumbers.size);
    for (const error of issueErrors.slice(0, 5)) log(`issue failed: ${error}`);
    return report;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

/** The `q` quantile of sorted values (nearest rank); 0 when there are none. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/** Removes a run's directory (the caller keeps it when the run failed, to look into). */
export function removeChaosDir(report: ChaosReport): void {
  rmSync(report.dir, { recursive: true, force: true });
}

type Inspection = {
  ru: {
    certificates: Array<{ number: string; status: string }>;
    outboxSubjects: string[];
    attempts: number;
    delivered: number;
    undelivered: number;
    longestDeliveryMs: number;
    deliveryDelaysMs: number[];
    acceptedReceiptSubjects: string[];
    idempotencyKeys: number;
  };
  eu: { certificates: Array<{ number: string; status: string }>; inboxSubjects: string[] };
  audit: { ru: AuditChainResult; eu: AuditChainResult };
  auditActions: { ru: Record<string, number>; eu: Record<string, number> };
};

async function auditActions(db: Storage['db']): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('audit_log')
    .select((eb) => ['action', eb.fn.countAll<number>().as('n')])
    .groupBy('action')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
}

/** Reads what the checks need from both nodes' databases (nodes stopped). */
async function inspect(
  ruDatabase: DatabaseConfig,
  euDatabase: DatabaseConfig,
): Promise<Inspection> {
  const ruStorage = await openStorage(ruDatabase);
  const euStorage = await openStorage(euDatabase);
  try {
    const ruDb = ruStorage.db;
    const euDb = euStorage.db;
    const outbox = await ruDb
      .selectFrom('outbox')
      .select(['subject', 'state', 'attempts', 'created_at', 'delivered_at'])
      .where('type', '=', 'certificate.issued')
      .execute();
    const receipts = await ruDb
      .selectFrom('receipts')
      .select(['certificate_number'])
      .where('role', '=', 'received')
      .where('result', '=', 'accepted')
      .where('message_type', '=', 'certificate.issued')
      .execute();
    const keys = await ruDb
      .selectFrom('idempotency_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const delivered = outbox.filter((o) => o.state === 'delivered');
    const delays = delivered
      .map((o) => Date.parse(o.delivered_at ?? o.created_at) - Date.parse(o.created_at))
      .sort((a, b) => a - b);
    return {
      ru: {
        certificates: await ruDb
          .selectFrom('certificates')
          .select(['number', 'status'])
          .where('direction', '=', 'outgoing')
          .execute(),
        outboxSubjects: outbox.map((o) => o.subject),
        attempts: outbox.reduce((sum, o) => sum + o.attempts, 0),
        delivered: delivered.length,
        undelivered: outbox.length - delivered.length,
        longestDeliveryMs: delays.at(-1) ?? 0,
        deliveryDelaysMs: delays,
        acceptedReceiptSubjects: [...new Set(receipts.map((r) => r.certificate_number))],
        idempotencyKeys: Number(keys.n),
      },
      eu: {
        certificates: await euDb
          .selectFrom('certificates')
          .select(['number', 'status'])
          .where('direction', '=', 'incoming')
          .execute(),
        inboxSubjects: (
          await euDb
            .selectFrom('inbox')
            .select(['subject'])
            .where('type', '=', 'certificate.issued')
            .execute()
        ).map((r) => r.subject ?? ''),
      },
      audit: { ru: await verifyAuditChain(ruDb), eu: await verifyAuditChain(euDb) },
      auditActions: { ru: await auditActions(ruDb), eu: await auditActions(euDb) },
    };
  } finally {
    await ruStorage.close();
    await euStorage.close();
  }
}

const auditLine = (result: AuditChainResult): string =>
  result.ok
    ? `verified (${result.entries} entries)`
    : `BROKEN at entry ${result.firstBrokenSeq}: ${result.reason}`;

/** The report as the plain lines `npm run chaos` prints. */
export function formatChaosReport(report: ChaosReport): string[] {
  const faults = faultKinds.map((kind) => `${kind} ${report.faults[kind]}`).join(', ');
  const injected = faultKinds.reduce((sum, kind) => sum + report.faults[kind], 0);
  return [
    `chaos run: ${report.backend}, seed ${report.seed}, ${report.certificates} certificates RU→EU (${report.answered201} answered 201, ${report.issueFailures} failed)`,
    `faults injected: ${injected} (${faults}); passed untouched ${report.faults.pass}`,
    `kills: EU SIGKILLed ${report.euKills}× (down ${report.euDownMs} ms in all, restarts included), RU SIGKILLed ${report.ruKills}×; deliveries finding EU down ${report.euUnreachable}`,
    `retries: delivery ${report.deliveryRetries}, client issue ${report.clientRetries}; duplicates suppressed ${report.duplicatesSuppressed}`,
    `delivery delay: longest ${report.longestDeliveryDelayMs} ms, median ${report.deliveryDelayP50Ms} ms, p95 ${report.deliveryDelayP95Ms} ms; issued in ${report.timings.issueMs} ms, drained in ${report.timings.drainMs} ms after healing`,
    `receipts back: ${report.receiptsBack}; status mismatches: ${report.statusMismatches}; undelivered: ${report.undelivered}`,
    `audit chains: RU ${auditLine(report.audit.ru)}, EU ${auditLine(report.audit.eu)}`,
    `lost: ${report.lost}, doubled: ${report.doubled}`,
  ];
}
