import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files of a test PKI made with Debian's `openssl` CLI. */
export type TestPki = {
  dir: string;
  /** The CA certificate (trust anchor for servers and clients). */
  caCert: string;
  /** A certificate per name, valid for 127.0.0.1 and localhost as server AND client (mutual TLS). */
  leaf(name: string): { cert: string; key: string };
  /** A certificate for `name` from a CA nobody trusts. */
  rogue(name: string): { cert: string; key: string };
};

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function makeLeaf(dir: string, ca: string, name: string): { cert: string; key: string } {
  const base = `${ca}-${name}`;
  writeFileSync(
    join(dir, `${base}.ext`),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth,clientAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ].join('\n') + '\n',
  );
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${base}.key`,
    '-out',
    `${base}.csr`,
    '-subj',
    `/CN=${name}`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${base}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${base}.crt`,
    '-days',
    '2',
    '-extfile',
    `${base}.ext`,
  ]);
  return { cert: join(dir, `${base}.crt`), key: join(dir, `${base}.key`) };
}

/**
 * TEST ONLY: a CA and leaf certificates in `dir` (EC P-256, two days). Leaf certificates carry
 * SAN IP:127.0.0.1 and DNS:localhost and both server and client EKUs, so one certificate per
 * node serves HTTPS and authenticates the node's deliveries.
 */
export function createTestPki(dir: string): TestPki {
  makeCa(dir, 'test-ca');
  let rogueMade = false;
  return {
    dir,
    caCert: join(dir, 'test-ca.crt'),
    leaf: (name) => makeLeaf(dir, 'test-ca', name),
    rogue: (name) => {
      if (!rogueMade) makeCa(dir, 'rogue-ca');
      rogueMade = true;
      return makeLeaf(dir, 'rogue-ca', name);
    },
  };
}
