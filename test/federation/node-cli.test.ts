// `kpx node init` and the start-up checks of `kpx node start`, as an operator meets them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/program.js';
import { initFederation, testPassphrase } from '../support/federation.js';
import { freePorts } from '../support/free-ports.js';
import { spawnKpx } from '../support/kpx-process.js';
import { withTestDatabase } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';
import { writeTrustList } from '../support/trust-list.js';

const passphrase = 'a long enough passphrase';

async function kpx(
  args: string[],
  env: Record<string, string | undefined> = { KPX_PASSPHRASE: passphrase },
) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  let out = '';
  let err = '';
  try {
    const code = await runCli(args, {
      out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`),
      err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`),
    });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

/** Every member name anywhere in a JSON value. */
function memberNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(memberNames);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [k, ...memberNames(v)]);
  return [];
}

describe('kpx node init', () => {
  const root = tempDir('kpx-node-cli-');
  const dir = join(root, 'ru');
  let init: {
    kid: string;
    publicUrl: string;
    files: Record<string, string>;
    adminToken: { token: string; role: string };
  };

  beforeAll(async () => {
    const result = await kpx([
      'node',
      'init',
      '--dir',
      dir,
      '--authority',
      'RU-MINFIN',
      '--port',
      '7999',
      '--json',
    ]);
    expect(result.code, result.err).toBe(0);
    init = JSON.parse(result.out) as typeof init;
  });

  it('writes node.json, the sealed key (0600, no private member in clear), the public JWKS and the database', () => {
    expect(init.publicUrl).toBe('http://127.0.0.1:7999');
    expect(init.adminToken).toMatchObject({
      role: 'admin',
      token: expect.stringMatching(/^kpx_[A-Za-z0-9_-]{43}$/) as unknown,
    });
    const config = JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      authority: 'RU-MINFIN',
      database: { kind: 'sqlite', path: 'node.sqlite' },
      server: { host: '127.0.0.1', port: 7999, publicUrl: 'http://127.0.0.1:7999' },
      keys: { signing: 'keys/signing-key.sealed.json', passphraseEnv: 'KPX_PASSPHRASE' },
    });
    expect(memberNames(config)).not.toContain('signingKey');

    const keyPath = join(dir, 'keys', 'signing-key.sealed.json');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const keyText = readFileSync(keyPath, 'utf8');
    expect(keyText).not.toContain('"d"');
    const keyFile = JSON.parse(keyText) as {
      kid: string;
      alg: string;
      sealed: { kdf: { name: string; N: number } };
    };
    expect(memberNames(keyFile)).not.toContain('d');
    expect(keyFile).toMatchObject({
      kid: init.kid,
      alg: 'EdDSA',
      sealed: { kdf: { name: 'scrypt', N: 32768 } },
    });

    const jwks = JSON.parse(readFileSync(join(dir, 'public.jwks.json'), 'utf8')) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kid: init.kid,
      kty: 'OKP',
      crv: 'Ed25519',
      use: 'sig',
      kpx_authority: 'RU-MINFIN',
      kpx_endpoint: 'http://127.0.0.1:7999',
    });
    expect(memberNames(jwks)).not.toContain('d');
  });

  it('stores only the SHA-256 of the admin token', () => {
    const dbPath = join(dir, 'node.sqlite');
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('select role, token_hash from api_tokens').all()).toEqual([
        {
          role: 'admin',
          token_hash: createHash('sha256').update(init.adminToken.token).digest('hex'),
        },
      ]);
    } finally {
      db.close();
    }
    expect(readFileSync(dbPath).includes(init.adminToken.token)).toBe(false);
  });

  it('prints the admin token once in the human output', async () => {
    const result = await kpx([
      'node',
      'init',
      '--dir',
      join(root, 'eu'),
      '--authority',
      'EU-BE-ANTWERP',
      '--port',
      '7998',
    ]);
    expect(result.code).toBe(0);
    const token = /admin token \(shown once, store it now\): (kpx_\S+)/.exec(result.out)?.[1];
    expect(token).toBeDefined();
    expect(result.out.split(token as string)).toHaveLength(2);
    expect(result.out).toContain("place the registry's trust list at");
  });

  it('refuses an initialised directory, plain HTTP off loopback, a missing passphrase: exit 2, one line', async () => {
    const cases = [
      {
        args: ['node', 'init', '--dir', dir, '--authority', 'RU-MINFIN'],
        message: /already initialised/,
      },
      {
        args: [
          'node',
          'init',
          '--dir',
          join(root, 'x'),
          '--authority',
          'RU-MINFIN',
          '--host',
          '0.0.0.0',
        ],
        message: /not loopback: plain HTTP/,
      },
      {
        args: ['node', 'init', '--dir', join(root, 'y'), '--authority', 'RU-MINFIN'],
        env: { KPX_PASSPHRASE: undefined },
        message: /set the environment variable KPX_PASSPHRASE/,
      },
      {
        args: ['node', 'start', '--dir', dir],
        env: { KPX_PASSPHRASE: undefined },
        message: /environment variable KPX_PASSPHRASE, which is not set/,
      },
      { args: ['node', 'start', '--dir', dir], message: /trust list .*trust-list.json not found/ },
      {
        args: ['node', 'start', '--dir', dir, '--db', 'postgres:nohost'],
        message: /--db: a postgres:\/\/ or postgresql:\/\/ URL/,
      },
    ];
    for (const c of cases) {
      const result = await kpx(c.args, c.env);
      expect(result.code, c.args.join(' ')).toBe(2);
      expect(result.err).toMatch(c.message);
      expect(result.err.trimEnd().split('\n'), result.err).toHaveLength(1);
    }
  });

  it('names the wrong field of node.json', async () => {
    const other = join(root, 'bad');
    expect(
      (await kpx(['node', 'init', '--dir', other, '--authority', 'RU-MINFIN', '--port', '7997']))
        .code,
    ).toBe(0);
    const path = join(other, 'node.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as { server: Record<string, unknown> };
    config.server.port = 'eighty';
    writeFileSync(path, JSON.stringify(config));
    const result = await kpx(['node', 'start', '--dir', other]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^kpx: invalid node configuration .*node\.json: \/server\/port: /);
  });

  it('names its Ed25519 library in the start log; KPX_ED25519=node selects node:crypto (D17)', async () => {
    const [port] = await freePorts(1);
    const { nodes } = await initFederation(join(root, 'ed25519'), [
      { name: 'ru', authority: 'RU-MINFIN', participant: 'RU', port: port as number },
    ]);
    for (const [env, expected] of [
      [{}, 'libsodium'],
      [{ KPX_ED25519: 'node' }, 'node:crypto'],
    ] as const) {
      const node = spawnKpx(['node', 'start', '--dir', nodes.ru!.dir, '--json'], {
        KPX_PASSPHRASE: testPassphrase,
        ...env,
      });
      try {
        expect(await node.line<string>('ed25519')).toBe(expected);
      } finally {
        await node.stop();
      }
    }
  });

  it('a wrong passphrase ends `kpx node start` (a real process) with exit 2 and one line', async () => {
    const node = spawnKpx(['node', 'start', '--dir', dir], {
      KPX_PASSPHRASE: 'not the passphrase',
    });
    expect(await node.exited).toBe(2);
    expect(node.stderr()).toMatch(
      /^kpx: signing key file .*signing-key\.sealed\.json: the passphrase is wrong, or the sealed secret was changed\n$/,
    );
    expect(node.stdout()).toBe('');
  });
});

describe('kpx node init --db (PostgreSQL from the start)', () => {
  const database = withTestDatabase();

  it('names the database in node.json, makes no SQLite file, and its admin token is the PostgreSQL one', async () => {
    const root = tempDir('kpx-node-init-pg-');
    const dir = join(root, 'ru');
    const [port] = await freePorts(1);
    const init = await kpx([
      'node',
      'init',
      '--dir',
      dir,
      '--authority',
      'RU-MINFIN',
      '--port',
      String(port),
      '--db',
      database.url,
      '--db-schema',
      'ru_init',
      '--json',
    ]);
    expect(init.code, init.err).toBe(0);
    const made = JSON.parse(init.out) as {
      adminToken: { token: string };
      files: { database: string };
    };
    expect(made.files.database).toMatch(/ \(schema ru_init\)$/);
    const config = JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8')) as {
      database: unknown;
    };
    expect(config.database).toEqual({ kind: 'postgres', url: database.url, schema: 'ru_init' });
    expect(existsSync(join(dir, 'node.sqlite'))).toBe(false);

    await writeTrustList(join(dir, 'trust-list.json'), [dir]);
    const node = spawnKpx(['node', 'start', '--dir', dir, '--json'], {
      KPX_PASSPHRASE: passphrase,
    });
    try {
      const ready = await node.line<{ url: string }>('ready');
      const res = await fetch(`${ready.url}/api/v1/tokens`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${made.adminToken.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ role: 'issuer', name: 'desk' }),
      });
      expect(res.status).toBe(201);
    } finally {
      await node.stop();
    }
  });

  it('refuses a database that already holds a node, and a --db that is not PostgreSQL', async () => {
    const root = tempDir('kpx-node-init-pg-');
    const args = (dir: string, db: string) => [
      'node',
      'init',
      '--dir',
      join(root, dir),
      '--authority',
      'RU-MINFIN',
      '--db',
      db,
      '--db-schema',
      'ru_twice',
    ];
    expect((await kpx(args('first', database.url))).code).toBe(0);
    const second = await kpx(args('second', database.url));
    expect(second.code).toBe(2);
    expect(second.err).toMatch(/already holds a node's data \(api_tokens\)/);
    expect(existsSync(join(root, 'second', 'node.json'))).toBe(false);
    const mysql = await kpx(args('third', 'mysql://db/kpx'));
    expect(mysql.code).toBe(2);
    expect(mysql.err).toMatch(/--db: a postgres:\/\/ or postgresql:\/\/ URL/);
  });
});
