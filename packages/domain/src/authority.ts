import { defaultNumberPattern } from './certificate-number.js';
import { participants, type LocalizedNames } from './participants.js';

/**
 * How long a certificate issued by an authority stays valid, in days from the date of issue.
 * KPCS Annex I requires a date of expiry but fixes no length: each authority sets its own.
 */
export type ValidityPolicy = { defaultDays: number; maxDays: number };

/**
 * A national KP authority: it belongs to one Participant, and may issue certificates (export)
 * and/or receive them and confirm imports (KPCS III(b)). Each has its own keys, endpoint and
 * certificate-number pattern (see `formatCertificateNumber` for the tokens).
 */
export type Authority = {
  id: string;
  participant: string;
  names: LocalizedNames;
  mayIssue: boolean;
  mayImport: boolean;
  numberPattern: string;
  validity: ValidityPolicy;
};

/** The validity policy of authorities that set none: 60 days by default, at most 180. */
export const defaultValidity: ValidityPolicy = Object.freeze({ defaultDays: 60, maxDays: 180 });

const authority = (a: Authority): Authority =>
  Object.freeze({
    ...a,
    names: Object.freeze({ ...a.names }),
    validity: Object.freeze({ ...a.validity }),
  });

/**
 * Union authorities of the EU besides Antwerp (KPCS participation through the EU: Council
 * Regulation (EC) No 2368/2002, Annex III). Their names here are descriptive placeholders,
 * replaced by the registry's trust list.
 */
const unionAuthorities: readonly [string, string, string, string, string][] = [
  // [id suffix, city en, country code, city ru, city fr]
  ['CZ-PRAGUE', 'Prague', 'CZ', 'Прага', 'Prague'],
  ['DE-IDAR-OBERSTEIN', 'Idar-Oberstein', 'DE', 'Идар-Оберштайн', 'Idar-Oberstein'],
  ['IE-DUBLIN', 'Dublin', 'IE', 'Дублин', 'Dublin'],
  ['IT-TORINO', 'Torino', 'IT', 'Турин', 'Turin'],
  ['PT-LISBON', 'Lisbon', 'PT', 'Лиссабон', 'Lisbonne'],
  ['RO-BUCHAREST', 'Bucharest', 'RO', 'Бухарест', 'Bucarest'],
];

/**
 * The authorities named in the design, with their real names. Validity policies and number
 * patterns are kpx's assumptions until each authority configures its own; authorities of one
 * Participant have distinct patterns so that their numbers never collide.
 */
const namedAuthorities: readonly Authority[] = [
  authority({
    id: 'RU-MINFIN',
    participant: 'RU',
    names: {
      en: 'Ministry of Finance of the Russian Federation',
      ru: 'Министерство финансов Российской Федерации',
      fr: 'Ministère des Finances de la Fédération de Russie',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: { defaultDays: 90, maxDays: 180 },
  }),
  authority({
    id: 'RU-GOKHRAN',
    participant: 'RU',
    names: {
      en: 'Gokhran of Russia (State Precious Metals and Gems Repository)',
      ru: 'Гохран России',
      fr: 'Gokhran de Russie (dépôt d’État des métaux et pierres précieux)',
    },
    mayIssue: true,
    mayImport: false,
    numberPattern: '{P}-G-{YYYY}-{SERIAL6}',
    validity: { defaultDays: 90, maxDays: 180 },
  }),
  authority({
    id: 'RU-FCS',
    participant: 'RU',
    names: {
      en: 'Federal Customs Service of the Russian Federation',
      ru: 'Федеральная таможенная служба',
      fr: 'Service fédéral des douanes de la Fédération de Russie',
    },
    mayIssue: false,
    mayImport: true,
    numberPattern: '{P}-C-{YYYY}-{SERIAL6}',
    validity: defaultValidity,
  }),
  authority({
    id: 'EU-BE-ANTWERP',
    participant: 'EU',
    names: {
      en: 'FPS Economy, Antwerp Diamond Office (Belgium)',
      ru: 'ФГС «Экономика» Бельгии, Алмазное бюро Антверпена',
      fr: 'SPF Économie, Diamond Office d’Anvers (Belgique)',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: '{P}-BE-{YYYY}-{SERIAL7}',
    validity: { defaultDays: 60, maxDays: 120 },
  }),
  ...unionAuthorities.map(([suffix, city, country, cityRu, cityFr]) =>
    authority({
      id: `EU-${suffix}`,
      participant: 'EU',
      names: {
        en: `EU Union authority, ${city}`,
        ru: `Уполномоченный орган Европейского союза, ${cityRu}`,
        fr: `Autorité de l’Union européenne, ${cityFr}`,
      },
      mayIssue: true,
      mayImport: true,
      numberPattern: `{P}-${country}-{YYYY}-{SERIAL6}`,
      validity: { defaultDays: 60, maxDays: 120 },
    }),
  ),
  authority({
    id: 'BY-MINFIN',
    participant: 'BY',
    names: {
      en: 'Ministry of Finance of the Republic of Belarus',
      ru: 'Министерство финансов Республики Беларусь',
      fr: 'Ministère des Finances de la République du Bélarus',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: { defaultDays: 90, maxDays: 180 },
  }),
  authority({
    id: 'IN-GJEPC',
    participant: 'IN',
    names: {
      en: 'Gem & Jewellery Export Promotion Council',
      ru: 'Совет по развитию экспорта драгоценных камней и ювелирных изделий Индии (GJEPC)',
      fr: 'Conseil de promotion des exportations de pierres précieuses et de bijoux (GJEPC)',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: { defaultDays: 60, maxDays: 90 },
  }),
  authority({
    id: 'AE-KPO',
    participant: 'AE',
    names: {
      en: 'UAE Kimberley Process Office (Ministry of Economy, DMCC)',
      ru: 'Офис Кимберлийского процесса ОАЭ (Министерство экономики, DMCC)',
      fr: 'Bureau du Processus de Kimberley des Émirats arabes unis (ministère de l’Économie, DMCC)',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: { defaultDays: 30, maxDays: 90 },
  }),
  authority({
    id: 'AM-MINFIN',
    participant: 'AM',
    names: {
      en: 'Ministry of Finance of the Republic of Armenia',
      ru: 'Министерство финансов Республики Армения',
      fr: 'Ministère des Finances de la République d’Arménie',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: defaultValidity,
  }),
  authority({
    id: 'KZ-MIC',
    participant: 'KZ',
    names: {
      en: 'Ministry of Industry and Construction of the Republic of Kazakhstan',
      ru: 'Министерство промышленности и строительства Республики Казахстан',
      fr: 'Ministère de l’Industrie et de la Construction de la République du Kazakhstan',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: defaultValidity,
  }),
  authority({
    id: 'KG-MINEC',
    participant: 'KG',
    names: {
      en: 'Ministry of Economy and Commerce of the Kyrgyz Republic',
      ru: 'Министерство экономики и коммерции Кыргызской Республики',
      fr: 'Ministère de l’Économie et du Commerce de la République kirghize',
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: defaultValidity,
  }),
];

/**
 * The generic authority `<P>-KPA` of a Participant that has no named authority yet: it may issue
 * and import, with the default number pattern and validity.
 */
export function genericAuthority(participant: { code: string; names: LocalizedNames }): Authority {
  return authority({
    id: `${participant.code}-KPA`,
    participant: participant.code,
    names: {
      en: `Kimberley Process Authority of ${participant.names.en}`,
      ru: `Уполномоченный орган Кимберлийского процесса: ${participant.names.ru}`,
      fr: `Autorité du Processus de Kimberley : ${participant.names.fr}`,
    },
    mayIssue: true,
    mayImport: true,
    numberPattern: defaultNumberPattern,
    validity: defaultValidity,
  });
}

const named = new Set(namedAuthorities.map((a) => a.participant));

/**
 * Seed authorities: the named ones above, then a generic `<P>-KPA` for every other Participant.
 * The registry's trust list replaces this list in a running network.
 */
export const seedAuthorities: readonly Authority[] = Object.freeze([
  ...namedAuthorities,
  ...participants.filter((x) => !named.has(x.code)).map(genericAuthority),
]);
