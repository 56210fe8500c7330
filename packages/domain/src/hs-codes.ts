import type { LocalizedNames } from './participants.js';

/** The three HS subheadings of rough diamonds that a KP certificate may carry (KPCS Annex I). */
export type HsCode = '7102.10' | '7102.21' | '7102.31';

/** An HS subheading with its description in the working languages. */
export type HsEntry = { code: HsCode; descriptions: LocalizedNames };

/**
 * The rough-diamond HS subheadings (Harmonized System, heading 71.02), in code order.
 * Descriptions follow the HS nomenclature texts (Russian: ТН ВЭД ЕАЭС; French: SH).
 */
export const hsCodes: readonly HsEntry[] = Object.freeze([
  Object.freeze({
    code: '7102.10',
    descriptions: Object.freeze({
      en: 'Diamonds, unsorted',
      ru: 'Алмазы несортированные',
      fr: 'Diamants non triés',
    }),
  }),
  Object.freeze({
    code: '7102.21',
    descriptions: Object.freeze({
      en: 'Industrial diamonds, unworked or simply sawn, cleaved or bruted',
      ru: 'Алмазы технические, необработанные или просто распиленные, расколотые или подвергнутые обдирке',
      fr: 'Diamants industriels, bruts ou simplement sciés, clivés ou débrutés',
    }),
  }),
  Object.freeze({
    code: '7102.31',
    descriptions: Object.freeze({
      en: 'Non-industrial diamonds, unworked or simply sawn, cleaved or bruted',
      ru: 'Алмазы нетехнические, необработанные или просто распиленные, расколотые или подвергнутые обдирке',
      fr: 'Diamants non industriels, bruts ou simplement sciés, clivés ou débrutés',
    }),
  }),
] as const satisfies readonly HsEntry[]);

/** The HS codes alone, in order (handy for enums and schemas). */
export const hsCodeValues = ['7102.10', '7102.21', '7102.31'] as const satisfies readonly HsCode[];

/** True when `value` is one of the rough-diamond HS codes. */
export function isHsCode(value: unknown): value is HsCode {
  return typeof value === 'string' && (hsCodeValues as readonly string[]).includes(value);
}
