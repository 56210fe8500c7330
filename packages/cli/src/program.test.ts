import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpx } from './testing/run-kpx.js';

const sample = new URL('../../../docs/examples/certificate.json', import.meta.url).pathname;
const draft = new URL('../../../docs/examples/draft.json', import.meta.url).pathname;
const now = '2026-11-21T10:00:00Z';

describe('kpx CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpx-cli-'));
  const key = join(dir, 'ru.key.json');
  const jwks = join(dir, 'ru.jwks.json');
  const signed = join(dir, 'cert.jwt');

  it('generates a key, signs the sample certificate and verifies it (the README flow)', async () => {
    const gen = await kpx(
      'keys',
      'generate',
      '--authority',
      'RU-MINFIN',
      '--out',
      key,
      '--jwks',
      jwks,
      '--json',
    );
    expect(gen.code).toBe(0);
    const { kid } = JSON.parse(gen.stdout) as { kid: string };
    expect(JSON.parse(readFileSync(jwks, 'utf8')).keys[0]).toMatchObject({
      kid,
      kpx_authority: 'RU-MINFIN',
      use: 'sig',
    });

    expect((await kpx('cert', 'validate', sample, '--today', '2026-11-21')).code).toBe(0);
    expect(
      (await kpx('cert', 'sign', sample, '--key', key, '--out', signed, '--issued-at', now)).code,
    ).toBe(0);

    const verified = await kpx('verify', signed, '--jwks', jwks, '--now', now, '--json');
    expect(verified.code).toBe(0);
    const outcome = JSON.parse(verified.stdout) as {
      valid: boolean;
      kid: string;
      checks: { check: string; ok: boolean }[];
    };
    expect(outcome.valid).toBe(true);
    expect(outcome.kid).toBe(kid);
    expect(outcome.checks.map((c) => c.check)).toEqual([
      'format',
      'header',
      'key-known',
      'key-authority',
      'key-valid-at-signing',
      'key-not-revoked',
      'signature',
      'payload',
      'schema',
    ]);
  });

  it('names the failed check of a tampered certificate and exits 1', async () => {
    const [h, p, s] = readFileSync(signed, 'utf8').trim().split('.') as [string, string, string];
    const payload = Buffer.from(p, 'base64url')
      .toString('utf8')
      .replace('"parcels":4', '"parcels":5');
    const tampered = join(dir, 'tampered.jwt');
    writeFileSync(tampered, `${h}.${Buffer.from(payload).toString('base64url')}.${s}`);
    const result = await kpx('verify', tampered, '--jwks', jwks, '--now', now);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT GENUINE');
    expect(result.stdout).toMatch(/FAIL signature .*KPX_SIGNATURE_INVALID/);
  });

  it('refuses a certificate signed by a key the JWKS does not hold', async () => {
    const otherKey = join(dir, 'other.key.json');
    await kpx(
      'keys',
      'generate',
      '--authority',
      'RU-MINFIN',
      '--out',
      otherKey,
      '--jwks',
      join(dir, 'other.jwks.json'),
    );
    const result = await kpx(
      'verify',
      signed,
      '--jwks',
      join(dir, 'other.jwks.json'),
      '--now',
      now,
      '--json',
    );
    expect(result.code).toBe(1);
    const failed = (
      JSON.parse(result.stdout) as { checks: { check: string; ok: boolean; code?: string }[] }
    ).checks.find((c) => !c.ok);
    expect(failed).toMatchObject({ check: 'key-known', code: 'KPX_KEY_UNKNOWN' });
  });

  it('lists every problem of an invalid draft at once, with codes and paths', async () => {
    const bad = JSON.parse(readFileSync(draft, 'utf8')) as Record<string, unknown>;
    bad['importingParticipant'] = 'RU';
    bad['items'] = [{ hs: '7102.99', carats: '-1.00', valueUsd: '10.00' }];
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const result = await kpx('cert', 'validate', file, '--today', '2026-11-21', '--json');
    expect(result.code).toBe(1);
    const problems = (JSON.parse(result.stdout) as { problems: { code: string; path: string }[] })
      .problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'KPX_SAME_PARTICIPANT' }),
        expect.objectContaining({ code: 'KPX_HS_UNKNOWN', path: '/items/0/hs' }),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses to sign with a key of another authority', async () => {
    const byKey = join(dir, 'by.key.json');
    await kpx('keys', 'generate', '--authority', 'BY-MINFIN', '--out', byKey);
    const result = await kpx('cert', 'sign', sample, '--key', byKey, '--issued-at', now);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('belongs to BY-MINFIN');
  });

  it('exits 2 with one line for usage and environment errors, structured with --json', async () => {
    const missing = await kpx('verify', join(dir, 'nope.jwt'), '--jwks', jwks);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('no such file');
    const json = await kpx('verify', join(dir, 'nope.jwt'), '--jwks', jwks, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'KPX_USAGE' } });
    expect((await kpx('no-such-command')).code).toBe(2);
    expect((await kpx('verify', signed)).code).toBe(2);
  });

  it('treats a file that is not JSON as invalid (exit 1)', async () => {
    const file = join(dir, 'garbage.json');
    writeFileSync(file, '{ not json');
    const result = await kpx('cert', 'validate', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not valid JSON');
  });
});
