import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { buildCertificate, defaultDirectory, participants, sampleDraft } from '@kpx/domain';
import {
  directoryFromTrustList,
  keyResolverFromTrustList,
  signCertificate,
  verifyCertificate,
  verifyTrustList,
} from '@kpx/protocol';
import { nodeVerifier } from '@kpx/protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestRegistry,
  day,
  hour,
  testKey,
  testNames,
  testPassphrase,
  type TestRegistry,
} from '../testing/test-registry.js';
import { initRegistry } from './init-registry.js';
import { openRegistry } from './open-registry.js';
import { readRootPublicKey } from './read-root-public-key.js';

const open: TestRegistry[] = [];
async function fresh(
  options: Parameters<typeof createTestRegistry>[0] = {},
): Promise<TestRegistry> {
  const t = await createTestRegistry(options);
  open.push(t);
  return t;
}
afterEach(async () => {
  for (const t of open.splice(0)) await t.registry.stop();
});

async function verified(t: TestRegistry, jws: string, minVersion?: number) {
  const outcome = await verifyTrustList(jws, {
    rootKey: t.init.rootKey,
    verifier: nodeVerifier,
    now: new Date(t.clock.now()),
    ...(minVersion === undefined ? {} : { minVersion }),
  });
  expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
  return outcome.value!;
}

describe('registry', () => {
  it('init lays out the directory, seeds the 60 Participants and publishes version 1', async () => {
    const t = await fresh();
    const { paths } = t.init;
    for (const path of [paths.database, paths.rootKey, paths.rootPublicKey, paths.listKey]) {
      expect(existsSync(path)).toBe(true);
    }
    expect(statSync(paths.rootKey).mode & 0o777).toBe(0o600);
    expect(statSync(paths.listKey).mode & 0o777).toBe(0o600);
    expect(await readRootPublicKey(t.dir)).toStrictEqual({
      jwk: t.init.rootKey,
      kid: t.init.rootKid,
    });
    expect(t.registry.rootKey).toStrictEqual(t.init.rootKey);
    expect(t.init.adminToken).toMatch(/^kpxr_[A-Za-z0-9_-]{43}$/);

    const current = await t.registry.currentList();
    expect(current.version).toBe(1);
    const list = await verified(t, current.jws);
    expect(list.participants).toHaveLength(60);
    expect(list.participants.map((p) => p.code)).toStrictEqual(
      participants.map((p) => p.code).sort(),
    );
    expect(list.participants.every((p) => p.status === 'active')).toBe(true);
    expect(list.authorities).toStrictEqual([]);
    expect(list.issuedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(list.nextUpdate).toBe('2026-03-02T00:00:00.000Z');
    expect(list.listKeys?.map((k) => k.kid)).toStrictEqual([t.init.listKid]);
    expect(current.list).toStrictEqual(list);
  });

  it('refuses a second init in the same directory and a short passphrase', async () => {
    const t = await fresh();
    await expect(
      initRegistry({ dir: t.dir, passphrase: testPassphrase, scryptCost: 2 ** 10 }),
    ).rejects.toMatchObject({
      code: 'KPX_CONFLICT',
    });
    await expect(initRegistry({ dir: `${t.dir}-x`, passphrase: 'short' })).rejects.toMatchObject({
      code: 'KPX_USAGE',
    });
    await expect(openRegistry({ dir: `${t.dir}-missing` })).rejects.toMatchObject({
      code: 'KPX_CONFIG_INVALID',
    });
  });

  it('publishes a new version per change; every past version stays served and verifiable', async () => {
    const t = await fresh();
    const key = await testKey();
    const p = await t.registry.addParticipant({
      code: 'XK',
      names: { en: 'Kosovo', ru: 'Косово', fr: 'Kosovo' },
    });
    expect(p.published?.version).toBe(2);
    t.clock.advance(hour);
    const a = await t.registry.addAuthority({
      id: 'XK-KPA',
      participant: 'XK',
      names: testNames,
      mayIssue: true,
      mayImport: true,
      defaultImporting: true,
      endpoint: 'https://kpx.example.xk',
      keys: [{ jwk: key.publicJwk }],
    });
    expect(a).toMatchObject({ id: 'XK-KPA', kids: [key.kid], published: { version: 3 } });
    const list = await verified(t, a.published!.jws, 3);
    expect(list.authorities).toStrictEqual([
      {
        id: 'XK-KPA',
        participant: 'XK',
        names: testNames,
        mayIssue: true,
        mayImport: true,
        defaultImporting: true,
        endpoint: 'https://kpx.example.xk',
        numberPattern: '{P}-{YYYY}-{SERIAL6}',
        validity: { defaultDays: 60, maxDays: 180 },
      },
    ]);
    expect(list.keys).toStrictEqual([
      {
        kid: key.kid,
        alg: 'EdDSA',
        jwk: key.publicJwk,
        authority: 'XK-KPA',
        validFrom: '2026-03-01T01:00:00.000Z',
      },
    ]);

    const versions = await t.registry.versions();
    expect(versions.map((v) => [v.version, v.reason])).toStrictEqual([
      [3, 'change'],
      [2, 'change'],
      [1, 'init'],
    ]);
    for (const n of [1, 2, 3]) {
      const past = await t.registry.version(n);
      expect((await verified(t, past!.jws)).version).toBe(n);
    }
    expect(await t.registry.version(4)).toBeUndefined();

    // A refused change leaves no trace and publishes nothing.
    await expect(t.registry.addParticipant({ code: 'XK', names: testNames })).rejects.toMatchObject(
      { code: 'KPX_CONFLICT' },
    );
    await expect(
      t.registry.addAuthority({
        id: 'ZZ-X',
        participant: 'ZZ',
        names: testNames,
        mayIssue: true,
        mayImport: true,
      }),
    ).rejects.toMatchObject({ code: 'KPX_PARTICIPANT_UNKNOWN' });
    await expect(
      t.registry.addAuthority({
        id: 'RU-X',
        participant: 'BY',
        names: testNames,
        mayIssue: true,
        mayImport: false,
        defaultImporting: true,
      }),
    ).rejects.toMatchObject({
      code: 'KPX_VALIDATION_FAILED',
      problems: [{ path: '/id' }, { path: '/defaultImporting' }],
    });
    await expect(
      t.registry.addAuthority({
        id: 'RU-Y',
        participant: 'RU',
        names: testNames,
        mayIssue: true,
        mayImport: true,
        keys: [{ jwk: key.publicJwk }],
      }),
    ).rejects.toMatchObject({ code: 'KPX_CONFLICT' });
    expect((await t.registry.currentList()).version).toBe(3);
  });

  it('defers publication with publish: false and keeps one default importing authority', async () => {
    const t = await fresh({ seedAuthorities: true });
    const first = await t.registry.currentList();
    expect(first.list.authorities.find((a) => a.id === 'EU-BE-ANTWERP')?.defaultImporting).toBe(
      true,
    );
    const r = await t.registry.addAuthority(
      {
        id: 'EU-NL-AMSTERDAM',
        participant: 'EU',
        names: testNames,
        mayIssue: true,
        mayImport: true,
        defaultImporting: true,
      },
      { publish: false },
    );
    expect(r.published).toBeUndefined();
    expect((await t.registry.currentList()).version).toBe(1);
    const published = await t.registry.publish();
    expect(published.version).toBe(2);
    const list = await verified(t, published.jws);
    expect(
      list.authorities.filter((a) => a.participant === 'EU' && a.defaultImporting).map((a) => a.id),
    ).toStrictEqual(['EU-NL-AMSTERDAM']);
    await t.registry.updateAuthority('EU-NL-AMSTERDAM', {
      endpoint: 'https://nl.example',
      mayIssue: false,
    });
    const updated = (await t.registry.currentList()).list.authorities.find(
      (a) => a.id === 'EU-NL-AMSTERDAM',
    );
    expect(updated).toMatchObject({ endpoint: 'https://nl.example', mayIssue: false });
    await t.registry.updateAuthority('EU-NL-AMSTERDAM', { endpoint: null });
    expect(
      (await t.registry.currentList()).list.authorities.find((a) => a.id === 'EU-NL-AMSTERDAM'),
    ).not.toHaveProperty('endpoint');
  });

  it('rotates a key without deleting the old one: old certificates keep verifying', async () => {
    const t = await fresh({ seedAuthorities: true, overlapMs: 2 * hour });
    const old = await testKey();
    const next = await testKey();
    await t.registry.addKey({ authority: 'RU-MINFIN', jwk: old.publicJwk });
    const issuedAt = new Date(t.clock.now() + hour);
    const directory = directoryFromTrustList((await t.registry.currentList()).list);
    const certificate = buildCertificate(structuredClone(sampleDraft) as typeof sampleDraft, {
      directory,
      issuingAuthority: 'RU-MINFIN',
      number: 'RU-2026-000001',
      issuedOn: '2026-03-01',
    });
    const signed = await signCertificate(certificate, old.signer, { issuedAt });

    t.clock.advance(day);
    const rotation = await t.registry.addKey({
      authority: 'RU-MINFIN',
      jwk: next.publicJwk,
      supersede: true,
    });
    expect(rotation.superseded).toStrictEqual([
      { kid: old.kid, validTo: '2026-03-02T02:00:00.000Z' },
    ]);
    const list = await verified(t, rotation.published!.jws);
    expect(list.keys.find((k) => k.kid === old.kid)).toMatchObject({
      validFrom: '2026-03-01T00:00:00.000Z',
      validTo: '2026-03-02T02:00:00.000Z',
    });
    expect(list.keys.find((k) => k.kid === next.kid)).toMatchObject({
      validFrom: '2026-03-02T00:00:00.000Z',
    });
    expect(list.keys.find((k) => k.kid === next.kid)).not.toHaveProperty('validTo');

    const outcome = await verifyCertificate(signed, {
      keys: keyResolverFromTrustList(list),
      verifier: nodeVerifier,
      directory: directoryFromTrustList(list),
      now: new Date(t.clock.now() + 30 * day),
    });
    expect(outcome.checks.filter((c) => !c.ok)).toStrictEqual([]);
    expect(defaultDirectory.authority('RU-MINFIN')).toBeDefined();
  });

  it('revokes a key with a reason, once', async () => {
    const t = await fresh({ seedAuthorities: true });
    const key = await testKey();
    await t.registry.addKey({ authority: 'BY-MINFIN', jwk: key.publicJwk });
    const revoked = await t.registry.revokeKey(key.kid, 'compromise', {
      at: '2026-02-28T12:00:00Z',
    });
    expect(revoked).toMatchObject({
      kid: key.kid,
      revokedAt: '2026-02-28T12:00:00.000Z',
      reason: 'compromise',
    });
    const list = await verified(t, revoked.published!.jws);
    expect(list.keys.find((k) => k.kid === key.kid)).toMatchObject({
      revokedAt: '2026-02-28T12:00:00.000Z',
      revocationReason: 'compromise',
    });
    await expect(t.registry.revokeKey(key.kid, 'ceased')).rejects.toMatchObject({
      code: 'KPX_CONFLICT',
    });
    await expect(t.registry.revokeKey('nope', 'ceased')).rejects.toMatchObject({
      code: 'KPX_NOT_FOUND',
    });
    await expect(t.registry.revokeKey(key.kid, 'bored' as 'ceased')).rejects.toMatchObject({
      code: 'KPX_VALIDATION_FAILED',
    });
    await expect(
      t.registry.addKey({ authority: 'XX-NONE', jwk: key.publicJwk }),
    ).rejects.toMatchObject({
      code: 'KPX_AUTHORITY_UNKNOWN',
    });
  });

  it('suspends a Participant and lifts the suspension; nodes drop it from their directory', async () => {
    const t = await fresh({ seedAuthorities: true });
    const suspended = await t.registry.suspendParticipant('BY');
    expect(suspended).toMatchObject({
      code: 'BY',
      status: 'suspended',
      changed: true,
      published: { version: 2 },
    });
    const list = await verified(t, suspended.published!.jws);
    expect(list.participants.find((p) => p.code === 'BY')?.status).toBe('suspended');
    expect(directoryFromTrustList(list).authority('BY-MINFIN')).toBeUndefined();
    const lifted = await t.registry.suspendParticipant('BY', { lift: true });
    expect(lifted).toMatchObject({ status: 'active', changed: true, published: { version: 3 } });
    await expect(t.registry.suspendParticipant('ZZ')).rejects.toMatchObject({
      code: 'KPX_PARTICIPANT_UNKNOWN',
    });
  });

  it('re-signs before nextUpdate without changes, and only when due', async () => {
    const t = await fresh({ periodMs: day, refreshBeforeMs: 6 * hour });
    expect(await t.registry.refreshIfDue()).toBeUndefined();
    t.clock.advance(17 * hour);
    expect(await t.registry.refreshIfDue()).toBeUndefined();
    t.clock.advance(hour);
    const refreshed = await t.registry.refreshIfDue();
    expect(refreshed).toMatchObject({
      version: 2,
      issuedAt: '2026-03-01T18:00:00.000Z',
      nextUpdate: '2026-03-02T18:00:00.000Z',
    });
    expect(await t.registry.refreshIfDue()).toBeUndefined();
    const v1 = (await t.registry.version(1))!.list;
    const v2 = (await t.registry.version(2))!.list;
    expect({ ...v2, version: 1, issuedAt: v1.issuedAt, nextUpdate: v1.nextUpdate }).toStrictEqual(
      v1,
    );
  });

  it('opening re-signs a list that went stale while the registry was down', async () => {
    const t = await fresh();
    await t.registry.stop();
    open.splice(0);
    t.clock.advance(3 * day);
    const reopened = await openRegistry({ dir: t.dir, clock: t.clock, refreshCheckMs: 0 });
    try {
      const current = await reopened.currentList();
      expect(current.version).toBe(2);
      await verified(t, current.jws);
    } finally {
      await reopened.stop();
    }
  });

  it('two handles on one directory in one process share the connection and never collide', async () => {
    const t = await fresh();
    const second = await openRegistry({ dir: t.dir, clock: t.clock, refreshCheckMs: 0 });
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? t.registry : second).publish()),
      );
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toStrictEqual([
        2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    } finally {
      await second.stop();
    }
    // The first handle still works after the second is released.
    expect((await t.registry.publish()).version).toBe(10);
  });

  it('runs and publishes with the root key file absent', async () => {
    const t = await fresh();
    await t.registry.stop();
    open.splice(0);
    rmSync(t.init.paths.rootKey);
    const registry = await openRegistry({ dir: t.dir, clock: t.clock, refreshCheckMs: 0 });
    try {
      const r = await registry.addParticipant({ code: 'XK', names: testNames });
      await verified(t, r.published!.jws);
      await expect(registry.endorseListKey({ passphrase: testPassphrase })).rejects.toMatchObject({
        code: 'KPX_CONFIG_INVALID',
        message: expect.stringContaining('no such file') as string,
      });
    } finally {
      await registry.stop();
    }
  });

  it('endorses a new online list key with the root key; the old versions still verify', async () => {
    const t = await fresh({ listKeyValidityMs: 30 * day });
    await expect(
      t.registry.endorseListKey({ passphrase: 'wrong passphrase' }),
    ).rejects.toMatchObject({
      code: 'KPX_PASSPHRASE_WRONG',
    });
    const moved = `${t.dir}/offline-root.json`;
    renameSync(t.init.paths.rootKey, moved);
    const endorsed = await t.registry.endorseListKey({
      passphrase: testPassphrase,
      rootKeyPath: moved,
    });
    expect(endorsed.listKid).not.toBe(t.init.listKid);
    expect(endorsed.published).toMatchObject({ version: 2, listKid: endorsed.listKid });
    const list = await verified(t, endorsed.published.jws);
    expect(list.listKeys?.map((k) => k.kid)).toStrictEqual([t.init.listKid, endorsed.listKid]);
    const r = await t.registry.addParticipant({ code: 'XK', names: testNames });
    expect(r.published?.listKid).toBe(endorsed.listKid);
    await verified(t, (await t.registry.version(1))!.jws);
  });

  it('caps nextUpdate at the list key expiry and refuses to sign with an expired list key', async () => {
    const t = await fresh({ listKeyValidityMs: 30 * hour, periodMs: day });
    t.clock.advance(20 * hour);
    const r = await t.registry.publish();
    expect(r.nextUpdate).toBe('2026-03-02T06:00:00.000Z');
    t.clock.advance(11 * hour);
    await expect(t.registry.publish()).rejects.toMatchObject({ code: 'KPX_KEY_EXPIRED' });
  });
});
