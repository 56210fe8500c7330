import { describe, expect, it } from 'vitest';
import { participantByCode, participants } from './participants.js';

describe('participants', () => {
  it('lists the 60 KP Participants once each, the EU as one', () => {
    expect(participants).toHaveLength(60);
    const codes = participants.map((p) => p.code);
    expect(new Set(codes).size).toBe(60);
    expect(codes).toContain('EU');
    for (const memberState of ['BE', 'DE', 'FR', 'IT']) expect(codes).not.toContain(memberState);
    expect(codes).not.toContain('TW'); // Chinese Taipei trades under KP rules but is not a Participant
    expect([...codes].sort()).toEqual(codes);
  });

  it('names each in English, Russian and French', () => {
    for (const { code, names } of participants) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(names.en.length).toBeGreaterThan(1);
      expect(names.ru).toMatch(/^[А-ЯЁа-яё][А-ЯЁа-яё' -]+$/u);
      expect(names.fr.length).toBeGreaterThan(1);
    }
    expect(participantByCode('RU')?.names).toEqual({
      en: 'Russian Federation',
      ru: 'Российская Федерация',
      fr: 'Fédération de Russie',
    });
    expect(participantByCode('EU')?.names).toEqual({
      en: 'European Union',
      ru: 'Европейский союз',
      fr: 'Union européenne',
    });
    expect(participantByCode('CI')?.names.fr).toBe("Côte d'Ivoire");
  });

  it('answers undefined for non-Participants', () => {
    expect(participantByCode('BE')).toBeUndefined();
    expect(participantByCode('')).toBeUndefined();
    expect(participantByCode('__proto__')).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(participants)).toBe(true);
    expect(Object.isFrozen(participants[0]?.names)).toBe(true);
  });
});
