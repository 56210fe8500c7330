import { describe, expect, it } from 'vitest';
import { defaultPrintLanguages, parsePrintLanguages } from './print-languages.js';
import { labels } from './labels.js';

describe('print languages', () => {
  it.each([
    ['en', ['en']],
    ['ru', ['en', 'ru']],
    ['EN,RU', ['en', 'ru']],
    ['fr', ['en', 'fr']],
    ['en, fr', ['en', 'fr']],
    ['de', undefined],
    ['ru,fr', undefined],
    ['', undefined],
  ])('parses %j', (value, expected) => {
    expect(parsePrintLanguages(value)).toStrictEqual(expected);
  });

  it('defaults to the issuer’s working language beside English', () => {
    expect(defaultPrintLanguages('RU')).toStrictEqual(['en', 'ru']);
    expect(defaultPrintLanguages('CD')).toStrictEqual(['en', 'fr']);
    expect(defaultPrintLanguages('EU')).toStrictEqual(['en']);
  });

  it('has every label in every language', () => {
    for (const text of Object.values(labels)) {
      expect(text.en.length * text.ru.length * text.fr.length).toBeGreaterThan(0);
    }
  });

  it('keeps the KPCS Annex I title and statement word for word', () => {
    expect(labels.title.en).toBe('Kimberley Process Certificate');
    expect(labels.statement.en).toBe(
      'The rough diamonds in this shipment have been handled in accordance with the provisions of the Kimberley Process Certification Scheme for rough diamonds',
    );
  });
});
