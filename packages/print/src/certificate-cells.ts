import type { Certificate, Directory, Party } from '@kpx/domain';
import type { Cell, CellLine } from './cell-grid.js';
import { labelLine } from './labels.js';
import { authorityNames, originNames, participantNames } from './localized-names.js';
import type { PrintLanguage } from './print-languages.js';
import { styles } from './text-style.js';

/** What the cells of a certificate are built from. */
export type CellContext = {
  languages: readonly PrintLanguage[];
  directory: Directory;
  authorityName?: string;
};

/** Lines of names: the first as a value, the translations smaller. */
function nameLines(names: readonly string[]): CellLine[] {
  return names.map((text, i) => ({ text, style: i === 0 ? styles.value : styles.translation }));
}

function none(ctx: CellContext): CellLine[] {
  return [{ text: labelLine('none', ctx.languages), style: styles.value }];
}

/** A party (KPCS Annex I: identification of exporter / importer): name, address, licence. */
function partyCell(key: 'exporter' | 'importer', party: Party, ctx: CellContext): Cell {
  return {
    label: labelLine(key, ctx.languages),
    lines: [
      { text: party.name, style: styles.strong },
      { text: party.address, style: styles.value },
      {
        text: `${labelLine('licence', ctx.languages)}: ${party.licence ?? '—'}`,
        style: styles.small,
      },
    ],
  };
}

/** KPCS Annex I: date of issuance and date of expiry. */
export function dateCells(certificate: Certificate, ctx: CellContext): Cell[] {
  return [
    {
      label: labelLine('issuedOn', ctx.languages),
      lines: [{ text: certificate.issuedOn, style: styles.strong }],
    },
    {
      label: labelLine('expiresOn', ctx.languages),
      lines: [{ text: certificate.expiresOn, style: styles.strong }],
    },
  ];
}

/** KPCS Annex I: country of origin (or mixed), and the Participants of export and destination. */
export function countryCells(certificate: Certificate, ctx: CellContext): Cell[] {
  const { languages, directory } = ctx;
  return [
    {
      label: labelLine('origin', languages),
      lines: nameLines(originNames(certificate.origin, languages, directory)),
    },
    {
      label: labelLine('exportingParticipant', languages),
      lines: nameLines(participantNames(certificate.exportingParticipant, languages, directory)),
    },
    {
      label: labelLine('importingParticipant', languages),
      lines: nameLines(participantNames(certificate.importingParticipant, languages, directory)),
    },
  ];
}

/** An authority's names, then its kpx id on a line of its own (ids never wrap mid-word). */
function authorityCell(
  key: 'issuingAuthority' | 'importingAuthority',
  id: string,
  ctx: CellContext,
  override?: string,
): Cell {
  return {
    label: labelLine(key, ctx.languages),
    lines: [
      ...nameLines(authorityNames(id, ctx.languages, ctx.directory, override)),
      { text: id, style: styles.small },
    ],
  };
}

/** KPCS Annex I: issuing authority; and the importing authority the certificate is sent to. */
export function authorityCells(certificate: Certificate, ctx: CellContext): Cell[] {
  return [
    authorityCell('issuingAuthority', certificate.issuingAuthority, ctx, ctx.authorityName),
    authorityCell('importingAuthority', certificate.importingAuthority, ctx),
  ];
}

/** KPCS Annex I: identification of exporter and of importer. */
export function partyCells(certificate: Certificate, ctx: CellContext): Cell[] {
  return [
    partyCell('exporter', certificate.exporter, ctx),
    partyCell('importer', certificate.importer, ctx),
  ];
}

/**
 * KPCS Annex I: number of parcels; transit (a shipment in transit keeps its certificate, which
 * states the transit); the certificate this one replaces (an amendment is a new certificate,
 * never an edit in place).
 */
export function shipmentCells(certificate: Certificate, ctx: CellContext): Cell[] {
  const { languages, directory } = ctx;
  const transit = certificate.transit.flatMap((code) =>
    nameLines(participantNames(code, languages, directory)),
  );
  return [
    {
      label: labelLine('parcels', languages),
      lines: [{ text: String(certificate.parcels), style: styles.strong }],
    },
    { label: labelLine('transit', languages), lines: transit.length > 0 ? transit : none(ctx) },
    {
      label: labelLine('replaces', languages),
      lines:
        certificate.replaces === undefined
          ? none(ctx)
          : [{ text: certificate.replaces, style: styles.strong }],
    },
  ];
}

/** The seals of the tamper-resistant container (KPCS Annex I: validation after sealing). */
export function sealCell(certificate: Certificate, ctx: CellContext): Cell {
  return {
    label: labelLine('seals', ctx.languages),
    lines:
      certificate.seals.length > 0
        ? [{ text: certificate.seals.join(', '), style: styles.value }]
        : none(ctx),
  };
}

/** The issuing authority's name for running text (the validation statement). */
export function authorityShortName(
  certificate: Certificate,
  language: PrintLanguage,
  ctx: CellContext,
): string {
  return (
    ctx.authorityName ??
    ctx.directory.authority(certificate.issuingAuthority)?.names[language] ??
    certificate.issuingAuthority
  );
}
