/**
 * The published KP figures the demo's simulated trade follows (the project's
 * `shared/data/kp-figures.json`, KP statistics 2020–2024), reduced to what a plan needs. They
 * live here as constants so the demo runs from an installed CLI without the data folder.
 */

/**
 * Share of world rough exports by volume, in per cent (2024: the UAE 30 %, the EU 14 %, Russia
 * 11 %). India's exports of rough are mostly re-exports of what it did not cut, and Belarus is a
 * pilot partner of Russia with little trade of its own: both are our assumption, small on purpose.
 */
export const exportSharePercent: Readonly<Record<string, number>> = Object.freeze({
  AE: 30,
  EU: 14,
  RU: 11,
  IN: 4,
  BY: 1,
});

/** Weight of a Participant not named above (a network started with other `--participants`). */
export const otherExportSharePercent = 2;

/**
 * Where each exporter's certificates go, in per cent. Russia's exports go mostly to the EU via
 * Antwerp ("more than 51 %", 2020); India is the largest importer (40–42 % of world imports,
 * 2023–2024), fed mostly by the UAE. `PAPER` stands for Participants without a node (the
 * certificate is printed and travels with the shipment). The split beyond those facts is ours.
 */
export const destinationPercent: Readonly<Record<string, Readonly<Record<string, number>>>> =
  Object.freeze({
    RU: { EU: 55, IN: 20, AE: 15, BY: 5, PAPER: 5 },
    AE: { IN: 55, EU: 25, PAPER: 20 },
    EU: { IN: 45, AE: 25, PAPER: 30 },
    IN: { AE: 40, EU: 35, PAPER: 25 },
    BY: { RU: 80, PAPER: 20 },
  });

/** Participants without a node that receive paper certificates (importers of rough in KP statistics). */
export const paperImporters: readonly string[] = ['IL', 'CN', 'US', 'TH', 'CH'];

/**
 * Producers without a node whose paper certificates the importing nodes record; their goods are
 * priced around their 2020 value per carat (the domain's `valuePerCaratReference2020`).
 */
export const paperExporters: readonly string[] = ['BW', 'ZA', 'AO', 'NA', 'CA'];

/**
 * Origin of what each node's Participant exports: Russia and Belarus ship Russian goods; the
 * trading hubs ship mixed parcels or goods of one producer.
 */
export const originsOf: Readonly<Record<string, readonly string[]>> = Object.freeze({
  RU: ['RU'],
  BY: ['RU'],
  AE: ['MIXED', 'MIXED', 'BW', 'AO', 'ZA'],
  EU: ['MIXED', 'MIXED', 'BW', 'CA', 'NA'],
  IN: ['MIXED'],
});

/**
 * Value per carat of each HS line as a multiple of the origin's reference value, in per cent:
 * gem quality above the run-of-mine average, industrial far below it. Kept inside the domain's
 * plausibility bands (×0.5–×50, ×0.2–×5, ×0.001–×1) so only the planted outlier is an anomaly.
 */
export const valueFactorPercent: Readonly<Record<string, readonly [number, number]>> =
  Object.freeze({
    '7102.31': [120, 400],
    '7102.10': [60, 160],
    '7102.21': [5, 50],
  });

/** How often each HS subheading appears on a line: gem most, then unsorted, then industrial. */
export const hsWeights: Readonly<Record<string, number>> = Object.freeze({
  '7102.31': 5,
  '7102.10': 3,
  '7102.21': 2,
});
