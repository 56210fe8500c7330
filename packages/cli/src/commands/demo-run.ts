import { quarterOf, subtractAmounts, sumAmounts, type CertificateStatus } from '@kpx/domain';
import { CliError, exitCodes } from '../output.js';
import { runApplication, type ApplicationOutcome } from './demo-applications.js';
import { apiClient, forEachBounded, pollUntil, type ApiClient } from './demo-client.js';
import { presentForgery, type ForgeryOutcome } from './demo-forgery.js';
import type { DemoPlan, PlannedShipment } from './demo-plan.js';
import type { Progress } from './demo-progress.js';

/** What the demo needs of a node: where it is, a token per role, and the company whose trader applies. */
export type DemoNode = {
  participant: string;
  authority: string;
  url: string;
  tokens: Readonly<Record<string, string>>;
  /** The licensed exporter the network registered (`NetworkNode.company`); `tokens.trader` acts for it. */
  company: { id: string; name: string; address: string; licence: string };
};

/** The running network, by Participant code. */
export type DemoNetwork = { registryUrl: string; nodes: Readonly<Record<string, DemoNode>> };

/** A certificate the demo issued, and where it should end on each side. */
export type TrackedCertificate = {
  number: string;
  shipment: string;
  from: string;
  /** The importing Participant (with or without a node). */
  to: string;
  delivery: 'electronic' | 'paper';
  expect: { issuer: CertificateStatus; importer?: CertificateStatus };
};

/** What the demo did, with the numbers the nodes gave; the figures come later, from the APIs. */
export type RunReport = {
  period: string;
  certificates: TrackedCertificate[];
  paperRecorded: Array<{ number: string; at: string }>;
  reuse: { number: string; at: string; status: number; code?: string };
  forgery: ForgeryOutcome;
  applications: ApplicationOutcome[];
  returns: Array<{ participant: string; messageId: string }>;
};

export type RunOptions = {
  /** Requests in flight at once. */
  concurrency?: number;
  /** How long to wait for messages between nodes before giving up. */
  settleTimeoutMs?: number;
};

type Summary = { number: string; status: CertificateStatus; delivery: 'electronic' | 'paper' };
type Page = { items: Summary[]; nextCursor: string | null };
type Direction = 'outgoing' | 'incoming';

/** Every certificate a node lists in one direction, all pages. */
export async function listAll(client: ApiClient, direction: Direction): Promise<Summary[]> {
  const all: Summary[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `direction=${direction}&limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page: Page = await client.get<Page>(`/api/v1/certificates?${query}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

const certificatePath = (number: string) => `/api/v1/certificates/${encodeURIComponent(number)}`;

/** Where the plan's outcome leaves a certificate on each side. */
function finalStatus(shipment: PlannedShipment): TrackedCertificate['expect'] {
  switch (shipment.outcome) {
    case 'paper':
      return { issuer: 'issued' };
    case 'reject':
      return { issuer: 'rejected', importer: 'rejected' };
    case 'cancel':
      return { issuer: 'cancelled', importer: 'cancelled' };
    case 'amend':
      return { issuer: 'superseded', importer: 'superseded' };
    case 'pending':
      return { issuer: 'delivered', importer: 'delivered' };
    default:
      return { issuer: 'confirmed', importer: 'confirmed' };
  }
}

/**
 * Executes a {@link DemoPlan} over the nodes' HTTP APIs, as the officers would: exporters
 * issue, importers wait for the electronic certificates to arrive and confirm (as weighed),
 * reject, or leave them pending; exporters cancel and amend; paper certificates from producers
 * without a node are recorded and confirmed; traders apply and the issuers approve (the
 * certificates issued from the applications are delivered and confirmed like the others), send
 * back for changes or refuse; one confirmed certificate is presented again and one is forged;
 * then every node sends its quarterly return to the registry. Requests run with
 * bounded concurrency; every wait polls the APIs (no sleeping for a guessed time).
 */
export async function runPlan(
  plan: DemoPlan,
  network: DemoNetwork,
  progress: Progress,
  options: RunOptions = {},
): Promise<RunReport> {
  const limit = options.concurrency ?? 6;
  const settleMs = options.settleTimeoutMs ?? 60_000 + plan.shipments.length * 300;
  const node = (participant: string): DemoNode => {
    const found = network.nodes[participant];
    if (found === undefined) throw new TypeError(`no node for ${participant}`);
    return found;
  };
  const as = (participant: string, role: string) =>
    apiClient(node(participant).url, node(participant).tokens[role]);
  const period = quarterOf(plan.today);
  const byId = new Map(plan.shipments.map((s) => [s.id, s]));
  const numberOf = new Map<string, string>();
  const tracked: TrackedCertificate[] = [];
  const track = (shipment: PlannedShipment, number: string, expect = finalStatus(shipment)) => {
    tracked.push({
      number,
      shipment: shipment.id,
      from: shipment.from,
      to: shipment.to,
      delivery: shipment.outcome === 'paper' ? 'paper' : 'electronic',
      expect,
    });
  };

  /** Polls the nodes' lists until every `[participant, direction, number]` shows a status `ok` accepts. */
  const waitFor = async (
    wanted: ReadonlyArray<{
      at: string;
      direction: Direction;
      number: string;
      ok: (s: string) => boolean;
    }>,
    what: string,
  ): Promise<void> => {
    const open = new Set(wanted.map((_, i) => i));
    const groupOf = (w: (typeof wanted)[number]) => `${w.at}/${w.direction}`;
    const groups = [...new Set(wanted.map(groupOf))];
    const seen = new Map<number, string>();
    const left = await pollUntil(
      async () => {
        for (const group of groups) {
          const waiting = [...open].filter(
            (i) => groupOf(wanted[i] as (typeof wanted)[number]) === group,
          );
          if (waiting.length === 0) continue;
          const [at, direction] = group.split('/') as [string, Direction];
          const statuses = new Map(
            (await listAll(as(at, 'admin'), direction)).map((s) => [s.number, s.status]),
          );
          for (const i of waiting) {
            const w = wanted[i] as (typeof wanted)[number];
            const status = statuses.get(w.number);
            seen.set(i, status ?? 'absent');
            if (status !== undefined && w.ok(status)) {
              open.delete(i);
              progress.tick();
            }
          }
        }
        return open.size;
      },
      (size) => size === 0,
      settleMs,
      200,
    );
    if (left > 0) {
      const sample = [...open]
        .slice(0, 5)
        .map(
          (i) => `${wanted[i]?.number ?? ''} at ${wanted[i]?.at ?? ''}: ${seen.get(i) ?? 'absent'}`,
        )
        .join('; ');
      throw new CliError(
        'KPX_DEMO_STALLED',
        `${left} certificates did not reach "${what}" within ${Math.round(settleMs / 1000)} s (e.g. ${sample})`,
        exitCodes.invalid,
      );
    }
  };

  // 1. Exporting officers issue every certificate of the quarter.
  progress.phase('issuing certificates', plan.shipments.length);
  await forEachBounded(plan.shipments, limit, async (shipment) => {
    const { body } = await as(shipment.from, 'issuer').post<{ number: string }>(
      '/api/v1/certificates',
      shipment.draft,
      { 'idempotency-key': `demo-${plan.seed}-${shipment.id}` },
    );
    numberOf.set(shipment.id, body.number);
    track(shipment, body.number);
    progress.tick();
  });

  // 2. Trader applications: submitted, reviewed, approved (certificate issued), revised or
  //    refused. An approved one's certificate then travels like the officers' own.
  const applications: ApplicationOutcome[] = [];
  const fromApplications: PlannedShipment[] = [];
  progress.phase('trader applications', plan.applications.length);
  await forEachBounded(plan.applications, limit, async (step) => {
    const { outcome, issued } = await runApplication(
      step,
      node(step.at),
      `demo-${plan.seed}-${step.id}`,
    );
    applications.push(outcome);
    if (issued !== undefined && outcome.number !== undefined) {
      const shipment: PlannedShipment = {
        id: step.id,
        from: step.at,
        to: step.to,
        outcome: 'confirm',
        draft: issued,
      };
      fromApplications.push(shipment);
      numberOf.set(shipment.id, outcome.number);
      track(shipment, outcome.number);
    }
    progress.tick();
  });
  applications.sort((a, b) => a.id.localeCompare(b.id));

  // 3. The electronic ones reach the importing nodes, ahead of the goods.
  const electronic = [...plan.shipments.filter((s) => s.outcome !== 'paper'), ...fromApplications];
  const arrived = (s: string) => s !== 'issued';
  progress.phase('delivering to importers', electronic.length);
  await waitFor(
    electronic.map((s) => ({
      at: s.to,
      direction: 'incoming' as const,
      number: numberOf.get(s.id) ?? '',
      ok: arrived,
    })),
    'delivered',
  );

  // 4. Officers at work: importers confirm (as weighed) or reject; exporters cancel or amend.
  const today = plan.today;
  const confirm = async (to: string, number: string, shipment: PlannedShipment) => {
    const carats = sumAmounts(shipment.draft.items.map((l) => l.carats));
    const valueUsd = sumAmounts(shipment.draft.items.map((l) => l.valueUsd));
    const short = shipment.outcome === 'discrepancy' ? shipment.shortfall : undefined;
    await as(to, 'importer').post(`${certificatePath(number)}/confirmation`, {
      parcels: shipment.draft.parcels - (short?.parcels ?? 0),
      carats: short === undefined ? carats : subtractAmounts(carats, short.carats),
      valueUsd,
      receivedOn: today,
      sealsIntact: true,
      ...(short === undefined
        ? {}
        : { remarks: `Weighed on arrival: ${short.carats} ct short; seals intact` }),
    });
  };
  const acted = electronic.filter((s) => s.outcome !== 'pending');
  const amended: Array<{ shipment: PlannedShipment; number: string }> = [];
  progress.phase('officers at work', acted.length);
  await forEachBounded(acted, limit, async (shipment) => {
    const number = numberOf.get(shipment.id) ?? '';
    if (shipment.outcome === 'reject') {
      await as(shipment.to, 'importer').post(`${certificatePath(number)}/rejection`, {
        reason: `Seal ${shipment.draft.seals?.[0] ?? ''} broken on arrival; shipment refused`,
      });
    } else if (shipment.outcome === 'cancel') {
      await as(shipment.from, 'issuer').post(`${certificatePath(number)}/cancellation`, {
        reason: 'Sale called off by the exporter before shipment',
      });
    } else if (shipment.outcome === 'amend' && shipment.amendment !== undefined) {
      const { body } = await as(shipment.from, 'issuer').post<{ number: string }>(
        '/api/v1/certificates',
        { ...shipment.amendment, replaces: number },
        { 'idempotency-key': `demo-${plan.seed}-${shipment.id}-amended` },
      );
      amended.push({ shipment, number: body.number });
      track(shipment, body.number, { issuer: 'confirmed', importer: 'confirmed' });
    } else {
      await confirm(shipment.to, number, shipment);
    }
    progress.tick();
  });

  // 5. The amendments arrive and are confirmed in place of the originals.
  if (amended.length > 0) {
    progress.phase('amendments', amended.length * 2);
    await waitFor(
      amended.map((a) => ({
        at: a.shipment.to,
        direction: 'incoming' as const,
        number: a.number,
        ok: arrived,
      })),
      'delivered',
    );
    await forEachBounded(amended, limit, async ({ shipment, number }) => {
      await confirm(shipment.to, number, {
        ...shipment,
        outcome: 'confirm',
        draft: shipment.amendment ?? shipment.draft,
      });
      progress.tick();
    });
  }

  // 6. Paper certificates from producers without a node, recorded by the importing officer.
  const paperRecorded: RunReport['paperRecorded'] = [];
  progress.phase('paper certificates recorded', plan.paperImports.length);
  await forEachBounded(plan.paperImports, limit, async (p) => {
    const importer = as(p.to, 'importer');
    const { body } = await importer.post<{ number: string }>('/api/v1/paper-certificates', p.paper);
    await importer.post(`${certificatePath(body.number)}/confirmation`, {
      parcels: p.paper.parcels,
      carats: p.paper.totals.carats,
      valueUsd: p.paper.totals.valueUsd,
      receivedOn: today,
      sealsIntact: true,
    });
    paperRecorded.push({ number: body.number, at: p.to });
    progress.tick();
  });

  // 7. Fraud: a consumed certificate presented again, and a forged one.
  progress.phase('reuse attempt and forgery', 2);
  const reused = byId.get(plan.reuseOf) as PlannedShipment;
  const reusedNumber = numberOf.get(reused.id) ?? '';
  const again = await as(reused.to, 'importer').send(
    'POST',
    `${certificatePath(reusedNumber)}/confirmation`,
    {
      parcels: reused.draft.parcels,
      carats: sumAmounts(reused.draft.items.map((l) => l.carats)),
      valueUsd: sumAmounts(reused.draft.items.map((l) => l.valueUsd)),
      receivedOn: today,
      sealsIntact: true,
      remarks: 'Presented again with a second shipment',
    },
  );
  const reuseCode = (again.body as { code?: unknown } | undefined)?.code;
  const reuse = {
    number: reusedNumber,
    at: reused.to,
    status: again.status,
    ...(typeof reuseCode === 'string' ? { code: reuseCode } : {}),
  };
  progress.tick();
  const copied = byId.get(plan.forgeryOf) as PlannedShipment;
  const genuine = await as(copied.from, 'issuer').get<{ signed: string | null }>(
    certificatePath(numberOf.get(copied.id) ?? ''),
  );
  if (genuine.signed === null) throw new TypeError('an issued certificate has its vc+jwt');
  const forgery = await presentForgery(genuine.signed, node(copied.from).authority, {
    url: node(copied.to).url,
    authority: node(copied.to).authority,
  });
  progress.tick();

  // 8. The signed confirmations, rejections, cancellations and amendments reach the other side.
  const sides = tracked.flatMap((t) => [
    {
      at: t.from,
      direction: 'outgoing' as const,
      number: t.number,
      ok: (s: string) => s === t.expect.issuer,
    },
    ...(t.expect.importer === undefined
      ? []
      : [
          {
            at: t.to,
            direction: 'incoming' as const,
            number: t.number,
            ok: (s: string) => s === t.expect.importer,
          },
        ]),
  ]);
  progress.phase('both sides agree', sides.length);
  await waitFor(sides, 'its final status');
  progress.done();

  // 9. Every node sends its quarterly statistical return to the registry (KPCS section V).
  const participants = Object.keys(network.nodes);
  progress.phase('statistical returns', participants.length * 2);
  const returns: RunReport['returns'] = [];
  await forEachBounded(participants, limit, async (participant) => {
    const { body } = await as(participant, 'analyst').post<{ messageId: string }>(
      '/api/v1/statistics/returns',
      { period },
    );
    returns.push({ participant, messageId: body.messageId });
    progress.tick();
  });
  const registry = apiClient(network.registryUrl);
  type Global = { participants: Array<{ returns: Array<{ messageId: string }> }> };
  const received = (g: Global) =>
    new Set(g.participants.flatMap((p) => p.returns.map((r) => r.messageId)));
  let counted = 0;
  const global = await pollUntil(
    () => registry.get<Global>(`/statistics/global?period=${period}`),
    (g) => {
      const have = received(g);
      const now = returns.filter((r) => have.has(r.messageId)).length;
      progress.tick(now - counted);
      counted = now;
      return now === returns.length;
    },
    settleMs,
    200,
  );
  if (returns.some((r) => !received(global).has(r.messageId)))
    throw new CliError(
      'KPX_DEMO_STALLED',
      `the registry did not receive every statistical return within ${Math.round(settleMs / 1000)} s`,
      exitCodes.invalid,
    );
  progress.done();

  return { period, certificates: tracked, paperRecorded, reuse, forgery, applications, returns };
}
