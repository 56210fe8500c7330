import type { PrintLanguage } from './print-languages.js';

/** A text in each working language. */
export type LocalizedText = Readonly<Record<PrintLanguage, string>>;

/**
 * The printed labels and fixed texts. English is the KPCS text (KPCS core document, Annex I
 * part A, copied word for word in 31 CFR 592.307 and Regulation (EC) No 2368/2002); the Russian
 * and French texts are kpx's working translations, to be checked by each authority before use.
 */
export const labels = {
  /** KPCS Annex I A: the title. */
  title: {
    en: 'Kimberley Process Certificate',
    ru: 'Сертификат Кимберлийского процесса',
    fr: 'Certificat du Processus de Kimberley',
  },
  /** KPCS Annex I A: the fixed statement. */
  statement: {
    en: 'The rough diamonds in this shipment have been handled in accordance with the provisions of the Kimberley Process Certification Scheme for rough diamonds',
    ru: 'Обращение с необработанными алмазами в данной партии осуществлялось в соответствии с положениями Схемы сертификации Кимберлийского процесса для необработанных алмазов',
    fr: 'Les diamants bruts de cet envoi ont été traités conformément aux dispositions du Système de certification du Processus de Kimberley pour les diamants bruts',
  },
  number: { en: 'Certificate number', ru: 'Номер сертификата', fr: 'Numéro du certificat' },
  origin: { en: 'Country of origin', ru: 'Страна происхождения', fr: 'Pays d’origine' },
  mixed: { en: 'Mixed origin', ru: 'Смешанное происхождение', fr: 'Origine mixte' },
  exportingParticipant: {
    en: 'Country of export',
    ru: 'Страна экспорта',
    fr: 'Pays d’exportation',
  },
  importingParticipant: {
    en: 'Country of destination',
    ru: 'Страна назначения',
    fr: 'Pays de destination',
  },
  issuedOn: { en: 'Date of issue', ru: 'Дата выдачи', fr: 'Date de délivrance' },
  expiresOn: {
    en: 'Date of expiry',
    ru: 'Дата окончания действия',
    fr: 'Date d’expiration',
  },
  issuingAuthority: {
    en: 'Issuing authority',
    ru: 'Орган, выдавший сертификат',
    fr: 'Autorité de délivrance',
  },
  importingAuthority: {
    en: 'Importing authority',
    ru: 'Уполномоченный орган импорта',
    fr: 'Autorité d’importation',
  },
  exporter: { en: 'Exporter', ru: 'Экспортёр', fr: 'Exportateur' },
  importer: { en: 'Importer', ru: 'Импортёр', fr: 'Importateur' },
  licence: {
    en: 'Licence / registration no.',
    ru: 'Лицензия / рег. номер',
    fr: 'Licence / n° d’enregistrement',
  },
  hs: { en: 'HS code', ru: 'Код ТН ВЭД', fr: 'Code SH' },
  description: { en: 'Description', ru: 'Описание', fr: 'Désignation' },
  carats: { en: 'Carat weight', ru: 'Вес, карат', fr: 'Poids, carats' },
  value: { en: 'Value, US$', ru: 'Стоимость, долл. США', fr: 'Valeur, USD' },
  total: { en: 'Total', ru: 'Итого', fr: 'Total' },
  parcels: {
    en: 'Number of parcels',
    ru: 'Количество упаковок',
    fr: 'Nombre de colis',
  },
  transit: { en: 'Transit', ru: 'Транзит', fr: 'Transit' },
  seals: { en: 'Seal numbers', ru: 'Номера пломб', fr: 'Numéros des scellés' },
  replaces: {
    en: 'Replaces certificate',
    ru: 'Заменяет сертификат',
    fr: 'Remplace le certificat',
  },
  none: { en: 'none', ru: 'нет', fr: 'aucun' },
  /** KPCS Annex I A: validation of the certificate by the exporting authority. */
  validation: {
    en: 'Validation by the exporting authority',
    ru: 'Удостоверение экспортирующим органом',
    fr: 'Validation par l’autorité d’exportation',
  },
  validationText: {
    en: 'Validated by {authority} on {date}, after the contents of the shipment were checked and the tamper-resistant container was sealed. The validation is the authority’s electronic signature; the QR code carries it for verification offline.',
    ru: 'Удостоверен органом «{authority}» {date} после проверки содержимого партии и опечатывания защищённого от вскрытия контейнера. Удостоверение — электронная подпись органа; QR-код позволяет проверить её без подключения к сети.',
    fr: 'Validé par l’autorité « {authority} » le {date}, après contrôle du contenu de l’envoi et scellement du conteneur inviolable. La validation est la signature électronique de l’autorité ; le code QR permet de la vérifier hors ligne.',
  },
  kid: { en: 'Signing key (kid)', ru: 'Ключ подписи (kid)', fr: 'Clé de signature (kid)' },
  digest: {
    en: 'Document digest (SHA-256, base64url)',
    ru: 'Хеш документа (SHA-256, base64url)',
    fr: 'Empreinte du document (SHA-256, base64url)',
  },
  page: { en: 'Page', ru: 'Страница', fr: 'Page' },
  continued: { en: 'continued', ru: 'продолжение', fr: 'suite' },
  scan: {
    en: 'Scan to verify (KP1, works offline)',
    ru: 'Сканируйте для проверки (KP1, без сети)',
    fr: 'Scanner pour vérifier (KP1, hors ligne)',
  },
  /** KPCS Annex I C: the certificate number repeated on the container. */
  containerLabel: {
    en: 'Kimberley Process Certificate No.',
    ru: 'Сертификат Кимберлийского процесса №',
    fr: 'Certificat du Processus de Kimberley n°',
  },
} as const satisfies Record<string, LocalizedText>;

/** Key of a label in {@link labels}. */
export type LabelKey = keyof typeof labels;

/** The texts of `key` in `languages`, English first, each once. */
export function labelTexts(key: LabelKey, languages: readonly PrintLanguage[]): string[] {
  return [...new Set(languages.map((l) => labels[key][l]))];
}

/** The texts of `key` in `languages` on one line: `Date of issue / Дата выдачи`. */
export function labelLine(key: LabelKey, languages: readonly PrintLanguage[]): string {
  return labelTexts(key, languages).join(' / ');
}

/** Fills `{name}` placeholders of a label text. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
