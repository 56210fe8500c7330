import {
  addDays,
  amountToCents,
  centsToAmount,
  globalValuePerCarat2020,
  sumAmounts,
  valuePerCaratReference2020,
  type CertificateDraft,
  type HsCode,
  type LineItem,
  type PaperCertificateInput,
} from '@kpx/domain';
import {
  destinationPercent,
  exportSharePercent,
  hsWeights,
  originsOf,
  otherExportSharePercent,
  paperExporters,
  paperImporters,
  valueFactorPercent,
} from './demo-figures.js';
import { traderOf } from './demo-parties.js';
import { seededRandom } from '@kpx/node';

/** What happens to a shipment after it is issued. */
export type ShipmentOutcome =
  | 'confirm' // arrives as declared; the importer confirms
  | 'discrepancy' // the importer confirms what it weighed: less than declared
  | 'reject' // the importer refuses the shipment
  | 'cancel' // the exporter cancels after delivery (the shipment is called off)
  | 'amend' // the exporter corrects a typing error: a new certificate replaces it
  | 'pending' // delivered, still at customs when the quarter closes
  | 'paper'; // to a Participant without a node: printed, travels with the goods

/** One certificate the plan issues. */
export type PlannedShipment = {
  /** Stable within a plan (`S0001`…): the idempotency key of the issue request. */
  id: string;
  from: string;
  to: string;
  outcome: ShipmentOutcome;
  draft: CertificateDraft;
  /** `discrepancy`: what the importer finds missing on arrival. */
  shortfall?: { carats: string; parcels: number };
  /** `amend`: the corrected draft, issued with `replaces` once the first one was delivered. */
  amendment?: CertificateDraft;
  /** Planted: a line priced far outside the plausible value per carat. */
  anomaly?: 'value-per-carat';
};

/** A paper certificate from a producer without a node, recorded and confirmed by the importing node. */
export type PlannedPaperImport = {
  id: string;
  from: string;
  to: string;
  paper: PaperCertificateInput;
};

/**
 * How a trader application goes (docs/applications.md): `approve` — reviewed, approved with the
 * seals checked, the certificate issued from it, delivered and confirmed like any other;
 * `revise` — reviewed, sent back for changes, resubmitted corrected, reviewed again, approved;
 * `refuse` — refused straight from the queue (no certificate).
 */
export type ApplicationPath = 'approve' | 'revise' | 'refuse';

/**
 * A company applying at its authority's node for a certificate (`demo-applications.ts` drives
 * it over the API). The draft's exporter is a placeholder: at run time it is the company the
 * network registered on the node (`NetworkNode.company`), since a trader applies for itself only.
 */
export type PlannedApplication = {
  id: string;
  kind: 'application';
  /** The exporting Participant, whose node receives the application. */
  at: string;
  /** The importing Participant (always one with a node: the certificate is confirmed there). */
  to: string;
  path: ApplicationPath;
  draft: CertificateDraft;
  /** `revise`: the corrected draft the trader resubmits (the parcels counted right). */
  revision?: CertificateDraft;
};

/** What the plan puts in, so the summary read back from the APIs can be compared with it. */
export type PlanExpectations = {
  /** Certificates issued, amendments and approved applications included. */
  issued: number;
  /** Issued for electronic delivery to a node (amendments and approved applications included). */
  electronic: number;
  paper: number;
  transit: number;
  /** Ends `confirmed` on the issuer's side: confirm + discrepancy + the amendments + approved applications. */
  confirmed: number;
  discrepancies: number;
  rejected: number;
  cancelled: number;
  /** Amended = the originals now `superseded`. */
  superseded: number;
  pending: number;
  paperRecorded: number;
  valuePerCaratAnomalies: number;
  reuseAttempts: number;
  forgeries: number;
  /** Trader applications submitted (their certificates are counted in the figures above too). */
  applications: number;
  /** Approved: a certificate issued from each, delivered and confirmed. */
  applicationsApproved: number;
  /** Sent back for changes, resubmitted and then approved (counted in the approved too). */
  applicationsRevised: number;
  applicationsRefused: number;
};

/** A seeded, pure plan of a quarter's trade among the network's Participants. */
export type DemoPlan = {
  seed: number;
  today: string;
  participants: readonly string[];
  shipments: PlannedShipment[];
  paperImports: PlannedPaperImport[];
  applications: PlannedApplication[];
  /** A confirmed shipment whose certificate is presented again (single use, KPCS). */
  reuseOf: string;
  /** A confirmed shipment whose certificate is copied, inflated and re-signed by a key of nobody's. */
  forgeryOf: string;
  expected: PlanExpectations;
};

export type PlanOptions = {
  /** Participants with a node, e.g. `['RU', 'EU', 'BY', 'IN', 'AE']`. */
  participants: readonly string[];
  /** Certificates to issue (amendments come on top). */
  certificates: number;
  seed: number;
  /** Issue date of everything: the quarter simulated is the one holding `today`. */
  today: string;
};

/** Shipments that must stay electronic and confirmed for the planted events. */
export const minimumElectronic = 9;

/** Splits `total` over `weights` by largest remainder, so the parts add up exactly. */
export function apportionCount(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function pickWeighted(weights: Readonly<Record<string, number>>, random: () => number): string {
  const entries = Object.entries(weights);
  let x = random() * entries.reduce((a, [, w]) => a + w, 0);
  for (const [key, w] of entries) {
    x -= w;
    if (x < 0) return key;
  }
  return (entries[entries.length - 1] as [string, number])[0];
}

const referenceCents = (origin: string): bigint =>
  amountToCents(valuePerCaratReference2020[origin] ?? globalValuePerCarat2020);

/** Exact value of `caratsCents` at `perCaratCents`, rounded half up to the cent. */
const valueCents = (caratsCents: bigint, perCaratCents: bigint): bigint =>
  (caratsCents * perCaratCents + 50n) / 100n;

/**
 * The lines of one parcel lot: 1–3 HS subheadings, carats log-uniform between 150 and 12,000
 * (small parcels and tender lots), priced per carat around the origin's reference value.
 */
function lotOf(origin: string, random: () => number): LineItem[] {
  const count = random() < 0.5 ? 1 : random() < 0.7 ? 2 : 3;
  const weights: Record<string, number> = { ...hsWeights };
  const hs: HsCode[] = [];
  for (let i = 0; i < count; i += 1) {
    const code = pickWeighted(weights, random) as HsCode;
    hs.push(code);
    delete weights[code];
  }
  const totalCents = BigInt(Math.round(Math.exp(Math.log(150) + random() * Math.log(80)) * 100));
  const reference = referenceCents(origin);
  const items: LineItem[] = [];
  let left = totalCents;
  hs.forEach((code, i) => {
    // Each line but the last takes 30–70 % of what is left; the last takes the rest.
    const carats =
      i === hs.length - 1 ? left : (left * BigInt(30 + Math.floor(random() * 41))) / 100n;
    left -= carats;
    const [low, high] = valueFactorPercent[code] ?? [100, 100];
    const factor = BigInt(low + Math.floor(random() * (high - low + 1)));
    items.push({
      hs: code,
      carats: centsToAmount(carats),
      valueUsd: centsToAmount(valueCents(carats, (reference * factor) / 100n)),
    });
  });
  return items;
}

/**
 * Plans a quarter of trade: how many certificates each node issues (by the exporters' shares of
 * world volume), to whom (Russia mostly to the EU via Antwerp; India the largest importer), the
 * HS mix and values per carat (around the origin's published value), and what happens to each —
 * confirmed, confirmed with a discrepancy, rejected, cancelled, amended, still pending, or
 * printed for a Participant without a node — plus paper certificates recorded from producers
 * without a node, one reuse attempt, one forgery, and trader applications (approved into
 * certificates that are delivered and confirmed, one revised after changes were requested, one
 * refused). Pure and seeded:
 * the same options give the same plan.
 */
export function planQuarter(options: PlanOptions): DemoPlan {
  const { participants, certificates: n, seed, today } = options;
  const random = seededRandom(seed);
  const nodes = new Set(participants);

  // Who exports how many, then to whom.
  const exportCounts = apportionCount(
    n,
    participants.map((p) => exportSharePercent[p] ?? otherExportSharePercent),
  );
  const routes: Array<{ from: string; to: string; paper: boolean }> = [];
  const unlinked = paperImporters.filter((p) => !nodes.has(p));
  const withoutNode = unlinked.length > 0 ? unlinked : paperImporters;
  participants.forEach((from, i) => {
    const destinations = destinationPercent[from] ?? {
      ...Object.fromEntries(participants.filter((p) => p !== from).map((p) => [p, 20])),
      PAPER: 20,
    };
    const keys = Object.keys(destinations);
    const counts = apportionCount(
      exportCounts[i] ?? 0,
      keys.map((k) => destinations[k] ?? 0),
    );
    keys.forEach((to, k) => {
      for (let c = 0; c < (counts[k] ?? 0); c += 1) {
        const toCode = to === 'PAPER' ? pick(withoutNode, random) : to;
        // The node decides the delivery: electronic whenever the importer has a node.
        routes.push({ from, to: toCode, paper: !nodes.has(toCode) });
      }
    });
  });
  shuffle(routes, random);

  const serial = new Map<string, number>();
  const shipments: PlannedShipment[] = routes.map((route, i) => {
    const s = (serial.get(route.from) ?? 0) + 1;
    serial.set(route.from, s);
    const origin = pick(originsOf[route.from] ?? ['MIXED'], random);
    // Half of what goes to India from elsewhere passes through Dubai unopened (KPCS transit).
    const viaDubai = route.from !== 'AE' && route.to === 'IN' && random() < 0.5;
    const draft: CertificateDraft = {
      importingParticipant: route.to,
      exporter: traderOf(route.from, s),
      importer: traderOf(route.to, i),
      origin,
      items: lotOf(origin, random),
      parcels: 1 + Math.floor(random() * 12),
      ...(viaDubai ? { transit: ['AE'] } : {}),
      seals: [`${route.from}-S-${String(100_000 + s * 7).padStart(6, '0')}`],
    };
    return {
      id: `S${String(i + 1).padStart(4, '0')}`,
      from: route.from,
      to: route.to,
      outcome: route.paper ? 'paper' : 'confirm',
      draft,
    };
  });

  // The planted events, on electronic shipments picked at random.
  const electronic = shuffle(
    shipments.filter((s) => s.outcome !== 'paper'),
    random,
  );
  if (electronic.length < minimumElectronic)
    throw new RangeError(
      `only ${electronic.length} shipments go to a node; the demo needs ${minimumElectronic}: raise --certificates or add Participants`,
    );
  const few = (share: number, least: number) => Math.max(least, Math.round(n * share));
  const quota: Array<[ShipmentOutcome, number]> = [
    ['reject', few(0.02, 1)],
    ['cancel', few(0.02, 1)],
    ['amend', few(0.02, 1)],
    ['discrepancy', few(0.03, 2)],
    ['pending', few(0.04, 1)],
  ];
  let next = 0;
  for (const [outcome, count] of quota) {
    for (let c = 0; c < count && next < electronic.length - 3; c += 1) {
      const shipment = electronic[next] as PlannedShipment;
      next += 1;
      shipment.outcome = outcome;
      if (outcome === 'discrepancy') {
        const total = amountToCents(sumAmounts(shipment.draft.items.map((l) => l.carats)));
        // A few tenths of a per cent short, at least a quarter carat: what a scale finds.
        const short = total / 400n > 25n ? total / 400n : 25n;
        shipment.shortfall = {
          carats: centsToAmount(short),
          parcels: shipment.draft.parcels > 1 ? 1 : 0,
        };
      }
      if (outcome === 'amend') {
        // The typing error corrected: the first line's carats had two digits swapped.
        const [first, ...rest] = shipment.draft.items as [LineItem, ...LineItem[]];
        shipment.amendment = {
          ...shipment.draft,
          items: [{ ...first, carats: centsToAmount(amountToCents(first.carats) + 900n) }, ...rest],
        };
      }
    }
  }
  const confirmed = electronic.slice(next);
  const outlier = confirmed[0] as PlannedShipment;
  const [firstLine, ...otherLines] = outlier.draft.items as [LineItem, ...LineItem[]];
  // Gem quality declared at US$1.50 a carat: far below any producer's average.
  outlier.draft = {
    ...outlier.draft,
    items: [
      {
        hs: '7102.31',
        carats: firstLine.carats,
        valueUsd: centsToAmount(valueCents(amountToCents(firstLine.carats), 150n)),
      },
      ...otherLines.filter((l) => l.hs !== '7102.31'),
    ],
  };
  outlier.anomaly = 'value-per-carat';
  const reuseOf = (confirmed[1] as PlannedShipment).id;
  const forgeryOf = (confirmed[2] as PlannedShipment).id;

  // Paper certificates from producers without a node, recorded by the importing officer.
  const importers = participants.filter((p) => p !== 'RU' && p !== 'BY');
  const paperImports: PlannedPaperImport[] = Array.from(
    { length: few(0.03, 1) },
    (_, i): PlannedPaperImport => {
      const from = pick(paperExporters, random);
      const to = pick(importers.length > 0 ? importers : participants, random);
      const items = lotOf(from, random);
      return {
        id: `P${String(i + 1).padStart(4, '0')}`,
        from,
        to,
        paper: {
          // As printed on the partner's form; no `/`, so it stays one path segment in links.
          number: `${from} ${String(4000 + Math.floor(random() * 5000)).padStart(6, '0')}-${today.slice(2, 4)}`,
          issuingAuthority: `Kimberley Process Authority of ${from}`,
          exportingParticipant: from,
          importingParticipant: to,
          exporter: traderOf(from, i),
          importer: traderOf(to, i + 1),
          origin: from,
          items,
          totals: {
            carats: sumAmounts(items.map((l) => l.carats)),
            valueUsd: sumAmounts(items.map((l) => l.valueUsd)),
          },
          parcels: 1 + Math.floor(random() * 6),
          issuedOn: today,
          expiresOn: addDays(today, 60),
        },
      };
    },
  );

  // Trader applications at the nodes of Russia, the UAE and India (drawn last, so the shipments
  // stay those of the seed): one approved per node, plus one sent back for changes then approved
  // at the first and one refused at the second (or the first, when it applies alone).
  const applying = participants.filter((p) => p === 'RU' || p === 'AE' || p === 'IN');
  const paths: Array<[string, ApplicationPath]> = applying.map((at) => [at, 'approve']);
  if (applying.length > 0) {
    paths.push([applying[0] as string, 'revise']);
    paths.push([applying[1] ?? (applying[0] as string), 'refuse']);
  }
  const applications: PlannedApplication[] = [];
  for (const [at, path] of paths) {
    const partners = Object.fromEntries(
      Object.entries(destinationPercent[at] ?? {}).filter(([p]) => p !== at && nodes.has(p)),
    );
    const others = participants.filter((p) => p !== at);
    if (others.length === 0) continue;
    const to =
      Object.keys(partners).length > 0 ? pickWeighted(partners, random) : pick(others, random);
    const k = applications.length;
    const origin = pick(originsOf[at] ?? ['MIXED'], random);
    const parcels = 2 + Math.floor(random() * 10);
    const draft: CertificateDraft = {
      importingParticipant: to,
      exporter: traderOf(at, k),
      importer: traderOf(to, k + 1),
      origin,
      items: lotOf(origin, random),
      parcels,
      seals: [`${at}-A-${String(200_000 + (k + 1) * 13).padStart(6, '0')}`],
    };
    applications.push({
      id: `A${String(k + 1).padStart(4, '0')}`,
      kind: 'application',
      at,
      to,
      path,
      // `revise`: the first draft miscounts the parcels; the revision has the packing list's count.
      ...(path === 'revise'
        ? { draft: { ...draft, parcels: parcels - 1 }, revision: draft }
        : { draft }),
    });
  }
  const approved = applications.filter((a) => a.path !== 'refuse').length;

  const count = (outcome: ShipmentOutcome) => shipments.filter((s) => s.outcome === outcome).length;
  const amended = count('amend');
  return {
    seed,
    today,
    participants: [...participants],
    shipments,
    paperImports,
    applications,
    reuseOf,
    forgeryOf,
    expected: {
      issued: shipments.length + amended + approved,
      electronic: shipments.length - count('paper') + amended + approved,
      paper: count('paper'),
      transit: shipments.filter((s) => (s.draft.transit ?? []).length > 0).length,
      confirmed: count('confirm') + count('discrepancy') + amended + approved,
      discrepancies: count('discrepancy'),
      rejected: count('reject'),
      cancelled: count('cancel'),
      superseded: amended,
      pending: count('pending'),
      paperRecorded: paperImports.length,
      valuePerCaratAnomalies: 1,
      reuseAttempts: 1,
      forgeries: 1,
      applications: applications.length,
      applicationsApproved: approved,
      applicationsRevised: applications.filter((a) => a.path === 'revise').length,
      applicationsRefused: applications.filter((a) => a.path === 'refuse').length,
    },
  };
}
