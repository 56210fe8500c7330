import { hsCodes, type Directory } from '@kpx/domain';
import { labels } from './labels.js';
import type { PrintLanguage } from './print-languages.js';

/** Drops repeats, keeping the first: a name that reads the same in two languages prints once. */
function distinct(texts: readonly string[]): string[] {
  return [...new Set(texts)];
}

/**
 * A Participant's names in `languages`, the English one followed by its code
 * (`Russian Federation (RU)`); the bare code when the directory does not know it (e.g. an EU
 * member state as country of mining origin).
 */
export function participantNames(
  code: string,
  languages: readonly PrintLanguage[],
  directory: Directory,
): string[] {
  const participant = directory.participant(code);
  if (participant === undefined) return [code];
  return distinct(
    languages.map((l, i) => (i === 0 ? `${participant.names[l]} (${code})` : participant.names[l])),
  );
}

/** The country of origin: a Participant or ISO code, or `MIXED` with its meaning. */
export function originNames(
  origin: string,
  languages: readonly PrintLanguage[],
  directory: Directory,
): string[] {
  if (origin !== 'MIXED') return participantNames(origin, languages, directory);
  return distinct(
    languages.map((l, i) => (i === 0 ? `MIXED — ${labels.mixed[l]}` : labels.mixed[l])),
  );
}

/**
 * An authority's names in `languages`; `override` (the name an authority configured for print)
 * replaces them all; the id itself when the directory does not know the authority.
 */
export function authorityNames(
  id: string,
  languages: readonly PrintLanguage[],
  directory: Directory,
  override?: string,
): string[] {
  if (override !== undefined) return [override];
  const authority = directory.authority(id);
  return authority === undefined ? [id] : distinct(languages.map((l) => authority.names[l]));
}

/** The HS description of `hs` in `languages` (KPCS Annex I: HS classification). */
export function hsDescriptions(hs: string, languages: readonly PrintLanguage[]): string[] {
  const entry = hsCodes.find((h) => h.code === hs);
  return entry === undefined ? [] : distinct(languages.map((l) => entry.descriptions[l]));
}
