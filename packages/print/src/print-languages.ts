/** A language the printed certificate can carry. English is always printed (KPCS Annex I B). */
export type PrintLanguage = 'en' | 'ru' | 'fr';

/**
 * The languages of a printed certificate: English always, optionally one more working
 * language (Russian or French) beside it. KPCS Annex I requires an English text and allows
 * others.
 */
export type PrintLanguages = readonly ['en'] | readonly ['en', 'ru'] | readonly ['en', 'fr'];

/**
 * Reads the languages from a query or command-line value: `en`, `ru`, `fr`, `en,ru`, `en,fr`
 * (case-insensitive; `ru` alone means English and Russian). Anything else gives `undefined`,
 * which the caller answers as a usage error.
 *
 * @example
 * ```ts
 * parsePrintLanguages('ru'); // ['en', 'ru']
 * parsePrintLanguages('de'); // undefined
 * ```
 */
export function parsePrintLanguages(value: string): PrintLanguages | undefined {
  const parts = value
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  const other = parts.filter((p) => p !== 'en');
  if (parts.some((p) => p !== 'en' && p !== 'ru' && p !== 'fr') || other.length > 1) {
    return undefined;
  }
  if (other[0] === 'ru') return ['en', 'ru'];
  if (other[0] === 'fr') return ['en', 'fr'];
  return parts.includes('en') ? ['en'] : undefined;
}

// kpx's assumption of which issuers print a second working language, until each authority
// configures its own: Russian for the Eurasian Economic Union Participants and Uzbekistan,
// French for francophone Participants.
const russian = new Set(['AM', 'BY', 'KG', 'KZ', 'RU', 'UZ']);
const french = new Set(['CD', 'CF', 'CG', 'CI', 'CM', 'GA', 'GN', 'ML', 'TG']);

/**
 * The default languages for certificates issued by `exportingParticipant`: English with
 * Russian or French where the issuer works in it, English alone otherwise.
 *
 * @example
 * ```ts
 * defaultPrintLanguages('RU'); // ['en', 'ru']
 * defaultPrintLanguages('EU'); // ['en']
 * ```
 */
export function defaultPrintLanguages(exportingParticipant: string): PrintLanguages {
  if (russian.has(exportingParticipant)) return ['en', 'ru'];
  if (french.has(exportingParticipant)) return ['en', 'fr'];
  return ['en'];
}
