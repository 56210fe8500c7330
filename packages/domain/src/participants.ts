/** A KP Participant's names in the working languages (English always; Russian, French). */
export type LocalizedNames = { en: string; ru: string; fr: string };

/**
 * A Kimberley Process Participant. `code` is ISO 3166-1 alpha-2, or `EU` (ISO-reserved) for the
 * European Union, which is one Participant for its 27 member states (KPCS section I, definition of "Participant": a state or a regional economic
 * integration organisation).
 */
export type Participant = { code: string; names: LocalizedNames };

const p = (code: string, en: string, ru: string, fr: string): Participant =>
  Object.freeze({ code, names: Object.freeze({ en, ru, fr }) });

/**
 * The 60 KP Participants (representing 86 countries) as known in 2025, sorted by code.
 * English names follow the KP's own list (UN short names); Russian and French names are the
 * forms used in official documents (Russian: `Турция`, the name Russian authorities use).
 * The live list comes from the registry's trust list; this is the seed and the offline default.
 */
export const participants: readonly Participant[] = Object.freeze([
  p('AE', 'United Arab Emirates', 'Объединённые Арабские Эмираты', 'Émirats arabes unis'),
  p('AM', 'Armenia', 'Армения', 'Arménie'),
  p('AO', 'Angola', 'Ангола', 'Angola'),
  p('AU', 'Australia', 'Австралия', 'Australie'),
  p('BD', 'Bangladesh', 'Бангладеш', 'Bangladesh'),
  p('BR', 'Brazil', 'Бразилия', 'Brésil'),
  p('BW', 'Botswana', 'Ботсвана', 'Botswana'),
  p('BY', 'Belarus', 'Беларусь', 'Bélarus'),
  p('CA', 'Canada', 'Канада', 'Canada'),
  p(
    'CD',
    'Democratic Republic of the Congo',
    'Демократическая Республика Конго',
    'République démocratique du Congo',
  ),
  p(
    'CF',
    'Central African Republic',
    'Центральноафриканская Республика',
    'République centrafricaine',
  ),
  p('CG', 'Republic of the Congo', 'Республика Конго', 'République du Congo'),
  p('CH', 'Switzerland', 'Швейцария', 'Suisse'),
  p('CI', "Côte d'Ivoire", "Кот-д'Ивуар", "Côte d'Ivoire"),
  p('CM', 'Cameroon', 'Камерун', 'Cameroun'),
  p('CN', 'China', 'Китай', 'Chine'),
  p('EU', 'European Union', 'Европейский союз', 'Union européenne'),
  p('GA', 'Gabon', 'Габон', 'Gabon'),
  p('GB', 'United Kingdom', 'Соединённое Королевство', 'Royaume-Uni'),
  p('GH', 'Ghana', 'Гана', 'Ghana'),
  p('GN', 'Guinea', 'Гвинея', 'Guinée'),
  p('GY', 'Guyana', 'Гайана', 'Guyana'),
  p('ID', 'Indonesia', 'Индонезия', 'Indonésie'),
  p('IL', 'Israel', 'Израиль', 'Israël'),
  p('IN', 'India', 'Индия', 'Inde'),
  p('JP', 'Japan', 'Япония', 'Japon'),
  p('KG', 'Kyrgyz Republic', 'Кыргызская Республика', 'République kirghize'),
  p('KH', 'Cambodia', 'Камбоджа', 'Cambodge'),
  p('KR', 'Republic of Korea', 'Республика Корея', 'République de Corée'),
  p('KZ', 'Kazakhstan', 'Казахстан', 'Kazakhstan'),
  p(
    'LA',
    "Lao People's Democratic Republic",
    'Лаосская Народно-Демократическая Республика',
    'République démocratique populaire lao',
  ),
  p('LB', 'Lebanon', 'Ливан', 'Liban'),
  p('LK', 'Sri Lanka', 'Шри-Ланка', 'Sri Lanka'),
  p('LR', 'Liberia', 'Либерия', 'Libéria'),
  p('LS', 'Lesotho', 'Лесото', 'Lesotho'),
  p('ML', 'Mali', 'Мали', 'Mali'),
  p('MU', 'Mauritius', 'Маврикий', 'Maurice'),
  p('MX', 'Mexico', 'Мексика', 'Mexique'),
  p('MY', 'Malaysia', 'Малайзия', 'Malaisie'),
  p('MZ', 'Mozambique', 'Мозамбик', 'Mozambique'),
  p('NA', 'Namibia', 'Намибия', 'Namibie'),
  p('NO', 'Norway', 'Норвегия', 'Norvège'),
  p('NZ', 'New Zealand', 'Новая Зеландия', 'Nouvelle-Zélande'),
  p('PA', 'Panama', 'Панама', 'Panama'),
  p('QA', 'Qatar', 'Катар', 'Qatar'),
  p('RU', 'Russian Federation', 'Российская Федерация', 'Fédération de Russie'),
  p('SG', 'Singapore', 'Сингапур', 'Singapour'),
  p('SL', 'Sierra Leone', 'Сьерра-Леоне', 'Sierra Leone'),
  p('SZ', 'Eswatini', 'Эсватини', 'Eswatini'),
  p('TG', 'Togo', 'Того', 'Togo'),
  p('TH', 'Thailand', 'Таиланд', 'Thaïlande'),
  p('TR', 'Türkiye', 'Турция', 'Türkiye'),
  p('TZ', 'Tanzania', 'Объединённая Республика Танзания', 'République-Unie de Tanzanie'),
  p('UA', 'Ukraine', 'Украина', 'Ukraine'),
  p('US', 'United States of America', 'Соединённые Штаты Америки', "États-Unis d'Amérique"),
  p('UZ', 'Uzbekistan', 'Узбекистан', 'Ouzbékistan'),
  p('VE', 'Venezuela', 'Венесуэла', 'Venezuela'),
  p('VN', 'Viet Nam', 'Вьетнам', 'Viet Nam'),
  p('ZA', 'South Africa', 'Южно-Африканская Республика', 'Afrique du Sud'),
  p('ZW', 'Zimbabwe', 'Зимбабве', 'Zimbabwe'),
]);

const byCode = new Map(participants.map((x) => [x.code, x]));

/** The Participant with this code in the seed list, or `undefined`. */
export function participantByCode(code: string): Participant | undefined {
  return byCode.get(code);
}
