import { sampleDraft, type CertificateDraft } from '@kpx/domain';

/** TEST ONLY: a valid draft from `from`'s authority to `to` (the sample draft, re-addressed). */
export function draftTo(
  to: { participant: string; authority: string },
  from: { participant: string },
): CertificateDraft {
  const draft = structuredClone(sampleDraft) as CertificateDraft;
  return {
    ...draft,
    importingParticipant: to.participant,
    importingAuthority: to.authority,
    origin: from.participant === 'EU' ? 'MIXED' : from.participant,
    seals: [`${from.participant}-S-000777`],
  };
}

/** The confirmation of exactly what the certificate says. */
export function exactConfirmation(
  certificate: { parcels: number; totals: { carats: string; valueUsd: string } },
  receivedOn = new Date().toISOString().slice(0, 10),
) {
  return {
    parcels: certificate.parcels,
    carats: certificate.totals.carats,
    valueUsd: certificate.totals.valueUsd,
    receivedOn,
    sealsIntact: true,
  };
}
