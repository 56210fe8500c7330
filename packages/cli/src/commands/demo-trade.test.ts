import { defaultDirectory, validateDraft } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import { demoDraft, scaleAmount } from './demo-trade.js';

describe('demo trade', () => {
  it('scales amounts exactly, rounding half up to the cent', () => {
    expect(scaleAmount('2450.35', 1000)).toBe('2450.35');
    expect(scaleAmount('2450.35', 640)).toBe('1568.22'); // 1568.224
    expect(scaleAmount('0.05', 500)).toBe('0.03'); // 0.025
    expect(scaleAmount('99999999999.99', 1890)).toBe('188999999999.98');
  });

  it('gives valid, varied drafts in both directions', () => {
    const ru = { participant: 'RU' };
    const eu = { participant: 'EU', authority: 'EU-BE-ANTWERP' };
    const drafts = Array.from({ length: 8 }, (_, i) => demoDraft(i, ru, eu));
    for (const draft of drafts) {
      const result = validateDraft(draft, {
        directory: defaultDirectory,
        issuingAuthority: 'RU-MINFIN',
        today: '2026-11-21',
      });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
    expect(new Set(drafts.map((d) => d.items.map((i) => i.hs).join())).size).toBe(3);
    expect(new Set(drafts.map((d) => d.items[0]?.carats)).size).toBe(8);
    const back = demoDraft(0, { participant: 'EU' }, { participant: 'RU', authority: 'RU-MINFIN' });
    expect(back.origin).toBe('MIXED');
    expect(
      validateDraft(back, {
        directory: defaultDirectory,
        issuingAuthority: 'EU-BE-ANTWERP',
        today: '2026-11-21',
      }).ok,
    ).toBe(true);
  });
});
