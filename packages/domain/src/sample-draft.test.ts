import { describe, expect, it } from 'vitest';
import { amountToCents } from './amount.js';
import { defaultDirectory } from './directory.js';
import { sampleDraft } from './sample-draft.js';
import { validateDraft } from './validate-draft.js';

describe('sampleDraft', () => {
  it('is valid for RU-MINFIN on any day', () => {
    for (const today of ['2026-01-01', '2026-07-01', '2028-02-29', '2031-12-31']) {
      expect(
        validateDraft(sampleDraft, {
          directory: defaultDirectory,
          issuingAuthority: 'RU-MINFIN',
          today,
        }).ok,
      ).toBe(true);
    }
  });

  it('has realistic Russian prices (KP statistics: about US$72/ct; gem above, industrial below)', () => {
    const perCarat = (carats: string, value: string) =>
      Number((amountToCents(value) * 100n) / amountToCents(carats)) / 100;
    const gem = sampleDraft.items.find((i) => i.hs === '7102.31')!;
    const industrial = sampleDraft.items.find((i) => i.hs === '7102.21')!;
    expect(perCarat(gem.carats, gem.valueUsd)).toBe(128);
    expect(perCarat(industrial.carats, industrial.valueUsd)).toBe(11.5);
    const carats = sampleDraft.items.reduce((s, i) => s + amountToCents(i.carats), 0n);
    const value = sampleDraft.items.reduce((s, i) => s + amountToCents(i.valueUsd), 0n);
    const average = Number((value * 100n) / carats) / 100;
    expect(average).toBeGreaterThan(60);
    expect(average).toBeLessThan(100);
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(sampleDraft)).toBe(true);
    expect(Object.isFrozen(sampleDraft.items[0])).toBe(true);
    expect(Object.isFrozen(sampleDraft.exporter)).toBe(true);
  });
});
