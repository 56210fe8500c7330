import { sumAmounts } from './amount.js';
import { addDays } from './calendar-date.js';
import type { CertificateDraft } from './certificate-draft-schema.js';
import type { Certificate } from './certificate-schema.js';
import type { Directory } from './directory.js';
import { KpxError } from './kpx-error.js';
import type { Party } from './party-schema.js';

/** What {@link buildCertificate} needs besides the draft. */
export type BuildContext = {
  directory: Directory;
  issuingAuthority: string;
  /** The number the node allocated (see `formatCertificateNumber`). */
  number: string;
  /** Date of issue, `YYYY-MM-DD`. */
  issuedOn: string;
};

/**
 * Turns a validated draft into the certificate to sign: fills the default importing authority,
 * the expiry date from the issuer's default validity, the totals (exact sums of the lines), and
 * empty transit and seals. Call it only with a draft that {@link validateDraft} accepted.
 *
 * @throws KpxError `KPX_AUTHORITY_UNKNOWN` when the issuing authority, or an importing authority
 * for the importing Participant, cannot be found; `KPX_TOTAL_TOO_LARGE` when the sums overflow.
 */
export function buildCertificate(draft: CertificateDraft, ctx: BuildContext): Certificate {
  const issuer = ctx.directory.authority(ctx.issuingAuthority);
  if (!issuer) {
    throw new KpxError('KPX_AUTHORITY_UNKNOWN', {
      detail: `Unknown issuing authority ${ctx.issuingAuthority}`,
    });
  }
  const importer =
    draft.importingAuthority !== undefined
      ? ctx.directory.authority(draft.importingAuthority)
      : ctx.directory.defaultImportingAuthority(draft.importingParticipant);
  if (!importer) {
    throw new KpxError('KPX_AUTHORITY_UNKNOWN', {
      detail: `No importing authority for ${draft.importingParticipant}`,
    });
  }
  const items = draft.items.map((item) => ({
    hs: item.hs,
    carats: item.carats,
    valueUsd: item.valueUsd,
  }));
  const certificate: Certificate = {
    number: ctx.number,
    issuingAuthority: issuer.id,
    exportingParticipant: issuer.participant,
    importingParticipant: draft.importingParticipant,
    importingAuthority: importer.id,
    exporter: copyParty(draft.exporter),
    importer: copyParty(draft.importer),
    origin: draft.origin,
    items,
    totals: {
      carats: sumAmounts(items.map((i) => i.carats)),
      valueUsd: sumAmounts(items.map((i) => i.valueUsd)),
    },
    parcels: draft.parcels,
    issuedOn: ctx.issuedOn,
    expiresOn: draft.expiresOn ?? addDays(ctx.issuedOn, issuer.validity.defaultDays),
    transit: [...(draft.transit ?? [])],
    seals: [...(draft.seals ?? [])],
  };
  if (draft.replaces !== undefined) certificate.replaces = draft.replaces;
  return certificate;
}

function copyParty(party: Party): Party {
  const copy: Party = { name: party.name, address: party.address };
  if (party.licence !== undefined) copy.licence = party.licence;
  return copy;
}
