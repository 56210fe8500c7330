// Helpers for the tests of this package only (excluded from the build).
import fc from 'fast-check';
import { expect } from 'vitest';
import { isKpxCode } from './error-codes.js';
import type { Problem, ValidationResult } from './problem.js';

/** A JSON object, deep-copied and loosely typed, for mutating in tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

export const clone = <T>(value: T): Loose => structuredClone(value) as Loose;

export function problemsOf<T>(result: ValidationResult<T>): Problem[] {
  return result.ok ? [] : result.problems;
}

/** Every JSON pointer in a value (objects and arrays), the root excluded. */
export function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

const DELETE = Symbol('delete');

/** Values that sit on the edges of the rules. */
export const trickyValues: unknown[] = [
  'x'.repeat(1_000_000),
  '',
  ' ',
  '__proto__',
  '-1.00',
  '0.00',
  '999999999999999.99',
  '1e3',
  '2026-02-29',
  '2028-02-29',
  'MIXED',
  'EU',
  'RU',
  'BE',
  'RU-MINFIN',
  'RU-2026-000100',
  0,
  -1,
  1e308,
  true,
  null,
  [],
  {},
];

/** Replaces (or deletes, or adds a sibling at) one path of a copy of `base`. */
export function mutate(base: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(base) as Loose;
  let parent: Loose = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Loose;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy;
}

/** Mutations of a valid value: one path replaced by any JSON, deleted, or a field added. */
export function mutationsOf(base: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(base);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...paths), fc.oneof(fc.constant<unknown>(DELETE), fc.jsonValue()))
      .map(([path, replacement]) => mutate(base, path, replacement)),
    fc
      .tuple(fc.constantFrom([] as (string | number)[], ...paths), fc.string(), fc.jsonValue())
      .map(([path, key, value]) => {
        const copy = structuredClone(base) as Loose;
        let target: Loose = copy;
        for (const k of path) target = target[k] as Loose;
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
          Object.defineProperty(target, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return copy;
      }),
    fc
      .tuple(fc.constantFrom(...paths), fc.constantFrom(...trickyValues))
      .map(([path, value]) => mutate(base, path, value)),
  );
}

/** What every validation result must look like, whatever the input. */
export function expectWellFormed<T>(result: ValidationResult<T>): void {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(isKpxCode(p.code), p.code).toBe(true);
    expect(p.path === '' || p.path.startsWith('/'), p.path).toBe(true);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(5);
    expect(p.message.length).toBeLessThan(400);
  }
}
