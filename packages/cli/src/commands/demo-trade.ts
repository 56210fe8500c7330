import {
  amountToCents,
  centsToAmount,
  sampleDraft,
  type CertificateDraft,
  type LineItem,
} from '@kpx/domain';

/** An amount scaled by `permille`/1000, rounded to the cent (exact: integer cents, no floats). */
export function scaleAmount(amount: string, permille: number): string {
  const cents = amountToCents(amount) * BigInt(permille);
  return centsToAmount((cents + 500n) / 1000n);
}

// Shipment sizes relative to the sample draft: some small parcels, some large lots.
const sizes = [1000, 640, 1375, 212, 1890, 815, 1120, 455] as const;

/**
 * The `i`-th simulated export: the sample draft (RU-MINFIN → Antwerp, realistic US$/ct) varied
 * in size, HS lines (gem, industrial, unsorted) and parcels, addressed to `to`.
 */
export function demoDraft(
  i: number,
  from: { participant: string },
  to: { participant: string; authority: string },
): CertificateDraft {
  const size = sizes[i % sizes.length] ?? 1000;
  const [gem, industrial] = sampleDraft.items;
  if (gem === undefined || industrial === undefined)
    throw new TypeError('the sample draft has two lines');
  const scaled = (item: LineItem): LineItem => ({
    hs: item.hs,
    carats: scaleAmount(item.carats, size),
    valueUsd: scaleAmount(item.valueUsd, size),
  });
  const items: LineItem[] =
    i % 3 === 0
      ? [scaled(gem), scaled(industrial)]
      : i % 3 === 1
        ? [scaled(gem)]
        : // Unsorted run-of-mine at about US$45/ct.
          [
            {
              hs: '7102.10',
              carats: scaleAmount('980.40', size),
              valueUsd: scaleAmount('44118.00', size),
            },
          ];
  const sampleParties = from.participant === 'RU';
  return {
    importingParticipant: to.participant,
    importingAuthority: to.authority,
    exporter: sampleParties
      ? { ...sampleDraft.exporter }
      : {
          name: `Demo Rough Exporter (${from.participant})`,
          address: `1 Mine Road, ${from.participant}`,
          licence: `${from.participant}-EXP-0001`,
        },
    importer:
      sampleParties && to.participant === 'EU'
        ? { ...sampleDraft.importer }
        : {
            name: `Demo Rough Importer (${to.participant})`,
            address: `1 Bourse Street, ${to.participant}`,
          },
    origin: from.participant === 'EU' ? 'MIXED' : from.participant,
    items,
    parcels: 1 + ((i * 3) % 7),
    seals: [`${from.participant}-S-${String(200 + i).padStart(6, '0')}`],
  };
}
