import { describe, expect, it } from 'vitest';
import { genericAuthority, seedAuthorities, type Authority } from './authority.js';
import { isValidNumberPattern } from './certificate-number.js';
import { createDirectory, defaultDirectory } from './directory.js';
import { participants } from './participants.js';

describe('seed authorities', () => {
  it('have unique ids, real Participants, valid patterns and policies', () => {
    const ids = seedAuthorities.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of seedAuthorities) {
      expect(a.id.startsWith(`${a.participant}-`)).toBe(true);
      expect(a.id).toMatch(/^[A-Z]{2}(-[A-Z0-9]+)+$/);
      expect(defaultDirectory.participant(a.participant)).toBeDefined();
      expect(isValidNumberPattern(a.numberPattern)).toBe(true);
      expect(a.validity.defaultDays).toBeGreaterThan(0);
      expect(a.validity.defaultDays).toBeLessThanOrEqual(a.validity.maxDays);
      expect(a.names.en && a.names.ru && a.names.fr).toBeTruthy();
    }
  });

  it('let every Participant issue and import', () => {
    for (const p of participants) {
      const own = seedAuthorities.filter((a) => a.participant === p.code);
      expect(
        own.some((a) => a.mayIssue),
        p.code,
      ).toBe(true);
      expect(
        own.some((a) => a.mayImport),
        p.code,
      ).toBe(true);
    }
  });

  it('carry the real names of the authorities in the design', () => {
    const names = (id: string) => defaultDirectory.authority(id)?.names;
    expect(names('RU-MINFIN')?.en).toBe('Ministry of Finance of the Russian Federation');
    expect(names('RU-MINFIN')?.ru).toBe('Министерство финансов Российской Федерации');
    expect(names('RU-FCS')?.en).toBe('Federal Customs Service of the Russian Federation');
    expect(names('RU-GOKHRAN')?.ru).toBe('Гохран России');
    expect(names('EU-BE-ANTWERP')?.en).toMatch(/FPS Economy.*Antwerp/);
    expect(names('BY-MINFIN')?.en).toBe('Ministry of Finance of the Republic of Belarus');
    expect(names('IN-GJEPC')?.en).toBe('Gem & Jewellery Export Promotion Council');
    expect(names('AE-KPO')?.en).toMatch(/UAE Kimberley Process Office/);
    for (const id of ['AM-MINFIN', 'KZ-MIC', 'KG-MINEC'])
      expect(names(id)?.en).toMatch(/^Ministry of/);
    expect(seedAuthorities.filter((a) => a.participant === 'EU')).toHaveLength(7);
  });

  it('gives Participants without a named authority a generic <P>-KPA', () => {
    const bw = defaultDirectory.authority('BW-KPA');
    expect(bw).toMatchObject({ participant: 'BW', mayIssue: true, mayImport: true });
    expect(bw?.names.en).toBe('Kimberley Process Authority of Botswana');
    expect(defaultDirectory.authority('RU-KPA')).toBeUndefined();
    expect(genericAuthority({ code: 'ZZ', names: { en: 'Z', ru: 'З', fr: 'Z' } }).id).toBe(
      'ZZ-KPA',
    );
  });
});

describe('directory', () => {
  it('finds Participants, authorities and default importing authorities', () => {
    expect(defaultDirectory.participant('EU')?.names.en).toBe('European Union');
    expect(defaultDirectory.participant('BE')).toBeUndefined();
    expect(defaultDirectory.authority('EU-BE-ANTWERP')?.participant).toBe('EU');
    expect(defaultDirectory.authority('XX-NOPE')).toBeUndefined();
    expect(defaultDirectory.defaultImportingAuthority('EU')?.id).toBe('EU-BE-ANTWERP');
    expect(defaultDirectory.defaultImportingAuthority('RU')?.id).toBe('RU-MINFIN');
    expect(defaultDirectory.defaultImportingAuthority('BY')?.id).toBe('BY-MINFIN');
    expect(defaultDirectory.defaultImportingAuthority('ZA')?.id).toBe('ZA-KPA');
    expect(defaultDirectory.defaultImportingAuthority('ZZ')).toBeUndefined();
    expect(defaultDirectory.participant('__proto__')).toBeUndefined();
    expect(defaultDirectory.authority('constructor')).toBeUndefined();
  });

  it('takes a default importing authority only if it exists, belongs and imports', () => {
    const customs: Authority = { ...seedAuthorities[0]!, id: 'RU-FCS' };
    expect(customs.participant).toBe('RU');
    const dir = createDirectory(participants, seedAuthorities, {
      RU: 'RU-FCS',
      EU: 'RU-MINFIN', // not an EU authority: ignored
      BY: 'BY-NOPE', // unknown: ignored
      AE: 'RU-GOKHRAN',
    });
    expect(dir.defaultImportingAuthority('RU')?.id).toBe('RU-FCS');
    expect(dir.defaultImportingAuthority('EU')?.id).toBe('EU-BE-ANTWERP');
    expect(dir.defaultImportingAuthority('BY')?.id).toBe('BY-MINFIN');
    const gokhranOnly = createDirectory(
      participants,
      seedAuthorities.filter((a) => a.id === 'RU-GOKHRAN'),
      {
        RU: 'RU-GOKHRAN', // may not import: ignored
      },
    );
    expect(gokhranOnly.defaultImportingAuthority('RU')).toBeUndefined();
  });
});
