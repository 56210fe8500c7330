import { describe, expect, it } from 'vitest';
import { hsCodes, hsCodeValues, isHsCode } from './hs-codes.js';

describe('HS codes', () => {
  it('has the three rough-diamond subheadings with descriptions in three languages', () => {
    expect(hsCodes.map((h) => h.code)).toEqual(['7102.10', '7102.21', '7102.31']);
    expect(hsCodeValues).toEqual(hsCodes.map((h) => h.code));
    for (const { descriptions } of hsCodes) {
      expect(descriptions.en).toMatch(/iamond/);
      expect(descriptions.ru).toMatch(/^Алмазы/);
      expect(descriptions.fr).toMatch(/^Diamants/);
    }
  });

  it.each([
    ['7102.31', true],
    ['7102.10', true],
    ['7102.39', false], // worked diamonds are not rough: no KP certificate
    ['710231', false],
    ['7102', false],
    [7102.31, false],
    [null, false],
  ])('isHsCode(%j) is %s', (value, ok) => {
    expect(isHsCode(value)).toBe(ok);
  });
});
