import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, normaliseAmountInput, separatorsOf } from './format.js';

describe('formatAmount (string manipulation, never Number)', () => {
  it('groups thousands with each language’s separators', () => {
    expect(formatAmount('2450000.00', 'en')).toBe('2,450,000.00');
    expect(formatAmount('2450000.00', 'ru')).toBe('2\u00a0450\u00a0000,00');
    expect(formatAmount('2450000.00', 'fr')).toBe('2\u202f450\u202f000,00');
  });

  it('takes the separators from Intl', () => {
    const { group, decimal } = separatorsOf('fr');
    expect(formatAmount('1234.56', 'fr')).toBe(`1${group}234${decimal}56`);
  });

  it('keeps every digit of amounts beyond binary floating point', () => {
    // 999 999 999 999 999.99 is not representable as a double: Number would print ...1000.00.
    expect(formatAmount('999999999999999.99', 'en')).toBe('999,999,999,999,999.99');
    expect(Number('999999999999999.99').toFixed(2)).not.toBe('999999999999999.99');
    expect(formatAmount('0.10', 'en')).toBe('0.10');
    expect(formatAmount('1520.35', 'ru')).toBe('1\u00a0520,35');
  });

  it('handles small numbers, signs and leading zeros', () => {
    expect(formatAmount('0.00', 'en')).toBe('0.00');
    expect(formatAmount('999.99', 'en')).toBe('999.99');
    expect(formatAmount('1000.00', 'en')).toBe('1,000.00');
    expect(formatAmount('-12.30', 'en')).toBe('-12.30');
    expect(formatAmount('-1234.50', 'fr')).toBe(`${separatorsOf('fr').minus}1\u202f234,50`);
    expect(formatAmount('-0.00', 'en')).toBe('0.00');
    expect(formatAmount('007.50', 'en')).toBe('7.50');
    expect(formatAmount('12', 'en')).toBe('12');
  });

  it('returns anything that is not a decimal unchanged', () => {
    expect(formatAmount('abc', 'en')).toBe('abc');
    expect(formatAmount('1e5', 'en')).toBe('1e5');
    expect(formatAmount('', 'fr')).toBe('');
  });
});

describe('normaliseAmountInput', () => {
  it('pads to two places and accepts a decimal comma, by text', () => {
    expect(normaliseAmountInput('1520')).toBe('1520.00');
    expect(normaliseAmountInput('1520,5')).toBe('1520.50');
    expect(normaliseAmountInput(' 2 450 000.00 ')).toBe('2450000.00');
    expect(normaliseAmountInput('0012.3')).toBe('12.30');
    expect(normaliseAmountInput('12.345')).toBe('12.345');
    expect(normaliseAmountInput('-5')).toBe('-5');
  });
});

describe('formatDate', () => {
  it('formats a calendar date per language without shifting the day', () => {
    expect(formatDate('2027-01-27', 'en')).toBe('27 Jan 2027');
    expect(formatDate('2027-01-27', 'ru')).toMatch(/^27 янв\.? 2027/);
    expect(formatDate('2027-01-27', 'fr')).toMatch(/^27 janv\.? 2027/);
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});
