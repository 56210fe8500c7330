import type { CommandGroup } from '../command-group.js';
import type { NodeInitOptions } from './node-init.js';
import type { NodeStartOptions } from './node-start.js';
import { registerNodeBackup } from './node-backup.js';
import { registerNodeMove } from './node-move.js';
import { registerNodeRotateKey } from './node-rotate-key.js';

// Actions load their modules when run: the node package is heavy and most kpx commands never need it.

export const nodeCommands: CommandGroup = (program, { io, wrap }) => {
  const node = program.command('node').description("run an authority's node");
  node
    .command('init')
    .description(
      'create a node directory: node.json, sealed signing key, database, public JWKS, first admin token',
    )
    .requiredOption('--dir <dir>', 'the node directory (must not be initialised)')
    .requiredOption('--authority <id>', 'the authority the node serves, e.g. RU-MINFIN')
    .option('--host <host>', 'interface to bind (plain HTTP on loopback only)', '127.0.0.1')
    .option('--port <n>', 'TCP port (default 8443 with TLS, 8080 without)')
    .option('--public-url <url>', 'the base URL partners use (default from host and port)')
    .option('--trust-list <file>', "the registry's trust list (default <dir>/trust-list.json)")
    .option('--trust-root <file>', "the registry's root public key (JWK or JWKS) to pin")
    .option('--registry-url <url>', 'the registry to poll for the trust list (needs --trust-root)')
    .option('--tls-cert <file>', 'server certificate chain (PEM)')
    .option('--tls-key <file>', 'server private key (PEM)')
    .option('--client-ca <file>', 'require client certificates from this CA on /exchange')
    .option('--outbound-ca <file>', "CA (PEM) trusted for partners' server certificates")
    .option('--outbound-cert <file>', 'client certificate (PEM) for partners requiring mutual TLS')
    .option('--outbound-key <file>', 'its private key (PEM)')
    .option('--db <url>', 'keep the data in PostgreSQL (postgres://…) instead of SQLite')
    .option('--db-schema <name>', "the PostgreSQL schema of the node's tables (with --db)")
    .option(
      '--passphrase-env <var>',
      'environment variable holding the key passphrase',
      'KPX_PASSPHRASE',
    )
    .option('--alg <alg>', 'EdDSA (Ed25519) or ES256 (P-256)', 'EdDSA')
    .option('--json', 'machine-readable output')
    .action(
      wrap(async (opts: NodeInitOptions) => (await import('./node-init.js')).nodeInit(opts, io)),
    );
  node
    .command('start')
    .description('serve a node directory until SIGINT/SIGTERM (passphrase from the environment)')
    .requiredOption('--dir <dir>', 'the node directory')
    .option('--db <url>', 'database instead of node.json database (a SQLite path or postgres://…)')
    .option('--json', 'print a JSON "ready" line')
    .action(
      wrap(async (opts: NodeStartOptions) => (await import('./node-start.js')).nodeStart(opts, io)),
    );
  registerNodeRotateKey(node, { io, wrap });
  registerNodeBackup(node, { io, wrap });
  registerNodeMove(node, { io, wrap });
};
