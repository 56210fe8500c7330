import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createIdGenerator } from './id-generator.js';
import { secureRandom } from './random.js';

describe('createIdGenerator', () => {
  it('gives strictly increasing UUIDv7s while the clock stands still or steps back', () => {
    const clock = createManualClock('2026-03-02T09:00:00Z');
    const next = createIdGenerator(clock, secureRandom);
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) ids.push(next());
    clock.advance(-5000);
    for (let i = 0; i < 10; i++) ids.push(next());
    clock.advance(10_000);
    ids.push(next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
