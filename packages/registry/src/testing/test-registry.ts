// TEST ONLY: temporary registries with a clock the test moves.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type GeneratedKeyPair } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import {
  initRegistry,
  type InitRegistryOptions,
  type InitRegistryResult,
} from '../registry/init-registry.js';
import { openRegistry, type Registry } from '../registry/open-registry.js';
import type { Clock } from '../runtime/clock.js';

/** A clock that moves only when told. */
export type ManualClock = Clock & { set(iso: string): void; advance(ms: number): void };

export function manualClock(start: string): ManualClock {
  let now = Date.parse(start);
  return {
    now: () => now,
    set: (iso) => {
      now = Date.parse(iso);
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export const testPassphrase = 'correct horse battery staple';
export const hour = 3_600_000;
export const day = 24 * hour;

/** A fresh directory under the system's temp dir. */
export function tempDir(prefix = 'kpx-registry-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export type TestRegistry = {
  dir: string;
  clock: ManualClock;
  init: InitRegistryResult;
  registry: Registry;
};

/** Inits a registry in a temp dir (cheap scrypt) and opens it without the refresh timer. */
export async function createTestRegistry(
  options: Partial<InitRegistryOptions> & { start?: string } = {},
): Promise<TestRegistry> {
  const dir = options.dir ?? tempDir();
  const clock = manualClock(options.start ?? '2026-03-01T00:00:00.000Z');
  const init = await initRegistry({
    passphrase: testPassphrase,
    scryptCost: 2 ** 10,
    ...options,
    dir,
    clock,
  });
  const registry = await openRegistry({ dir, clock, refreshCheckMs: 0 });
  return { dir, clock, init, registry };
}

/** A key pair with a node:crypto signer. */
export async function testKey(): Promise<
  GeneratedKeyPair & { signer: ReturnType<typeof createNodeSigner> }
> {
  const pair = await generateKeyPair();
  return { ...pair, signer: createNodeSigner(pair.privateJwk) };
}

/** Names for test authorities. */
export const testNames = { en: 'Test authority', ru: 'Тестовый орган', fr: 'Autorité de test' };
