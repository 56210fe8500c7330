import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const keys = Object.keys(en).sort();

  it.each([
    ['ru', ru],
    ['fr', fr],
  ] as const)('%s has exactly the keys of en, no more, no fewer', (_name, catalogue) => {
    const other = Object.keys(catalogue).sort();
    expect(other.filter((k) => !(k in en))).toEqual([]);
    expect(keys.filter((k) => !(k in catalogue))).toEqual([]);
    expect(other).toEqual(keys);
  });

  it.each([
    ['ru', ru],
    ['fr', fr],
  ] as const)('%s uses the same {placeholders} as en in every message', (_name, catalogue) => {
    for (const key of keys) {
      expect(placeholders(catalogue[key as keyof typeof en]), key).toEqual(
        placeholders(en[key as keyof typeof en]),
      );
    }
  });

  it('has no empty message in any language', () => {
    for (const catalogue of [en, ru, fr]) {
      for (const [key, text] of Object.entries(catalogue)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('covers every key the source uses literally', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) files.push(path);
      }
    };
    walk(src);
    const used = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g))
        used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
});
