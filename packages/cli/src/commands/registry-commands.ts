import type { CommandGroup } from '../command-group.js';
import {
  registryAddAuthority,
  registryAddParticipant,
  registryPublish,
  registryRevokeKey,
  registryRotateKey,
  registrySuspend,
} from './registry-changes.js';
import { registryApprove, registryEnrolments, registryReject } from './registry-enrolments.js';
import { registryExport } from './registry-export.js';
import { registryInit } from './registry-init.js';
import { registryAdminToken, registryEndorseListKey } from './registry-keys.js';
import { registryStart } from './registry-start.js';
import { defaultPassphraseEnv } from './registry-support.js';

const dirOption = ['--dir <dir>', 'the registry directory'] as const;
const jsonOption = ['--json', 'machine-readable output'] as const;
const passphraseOption = [
  '--passphrase-env <var>',
  `environment variable holding the root key passphrase (default ${defaultPassphraseEnv})`,
] as const;

/** `kpx registry …`: the KP Chair's trust registry. */
export const registryCommands: CommandGroup = (program, { io, wrap }) => {
  const registry = program
    .command('registry')
    .description('the KP trust registry: signed trust list, keys, enrolment');

  registry
    .command('init')
    .description(
      'create a registry: root key (encrypted), list key, the 60 Participants, version 1',
    )
    .requiredOption(...dirOption)
    .option(...passphraseOption)
    .option('--period <duration>', 'trust-list period: nextUpdate = issuedAt + this', '24h')
    .option(
      '--refresh-before <duration>',
      're-sign when nextUpdate is this close (default half the period)',
    )
    .option(
      '--overlap <duration>',
      'how long a rotated key stays valid after its successor starts (default the period)',
    )
    .option('--list-key-validity <duration>', 'validity of the list key endorsement', '365d')
    .option(
      '--auto-approve-rotation',
      'publish rotations signed by the current key without an operator',
    )
    .option('--seed-authorities', 'also list the seed authorities of @kpx/domain (without keys)')
    .option('--alg <alg>', 'EdDSA (Ed25519) or ES256 (P-256) for the root and list keys', 'EdDSA')
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryInit>[0]) => registryInit(opts, io)));

  registry
    .command('start')
    .description('serve the registry until SIGINT/SIGTERM (the root key is not needed)')
    .requiredOption(...dirOption)
    .option('--port <port>', 'TCP port (0: any free one)', '8700')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryStart>[0]) => registryStart(opts, io)));

  registry
    .command('add-participant')
    .description('list a new Participant')
    .requiredOption(...dirOption)
    .requiredOption('--code <code>', 'ISO 3166-1 alpha-2 code')
    .requiredOption('--name-en <name>', 'English name')
    .option('--name-ru <name>', 'Russian name (default the English one)')
    .option('--name-fr <name>', 'French name (default the English one)')
    .option('--suspended', 'list it as suspended')
    .option(...jsonOption)
    .action(
      wrap((opts: Parameters<typeof registryAddParticipant>[0]) =>
        registryAddParticipant(opts, io),
      ),
    );

  registry
    .command('add-authority')
    .description('list an authority of a Participant, optionally with its first keys')
    .requiredOption(...dirOption)
    .requiredOption('--id <id>', 'authority id, e.g. RU-FCS')
    .option('--participant <code>', 'its Participant (default: the id prefix)')
    .option('--from-seed', 'take names, rights, pattern and validity from the @kpx/domain seed')
    .option('--name-en <name>', 'English name')
    .option('--name-ru <name>', 'Russian name')
    .option('--name-fr <name>', 'French name')
    .option('--no-issue', 'may not issue certificates')
    .option('--no-import', 'may not import')
    .option('--default-importing', "the Participant's default importing authority")
    .option('--endpoint <url>', 'base URL of its node')
    .option('--number-pattern <pattern>', 'certificate number pattern, e.g. {P}-{YYYY}-{SERIAL6}')
    .option('--validity-days <n>', 'default certificate validity')
    .option('--max-validity-days <n>', 'longest certificate validity')
    .option('--jwks <file>', 'its first public key(s): JWKS or JWK')
    .option(...jsonOption)
    .action(
      wrap((opts: Parameters<typeof registryAddAuthority>[0]) => registryAddAuthority(opts, io)),
    );

  registry
    .command('rotate-key')
    .description(
      "list an authority's new key; its current keys end after the overlap (never deleted)",
    )
    .requiredOption(...dirOption)
    .requiredOption('--authority <id>', 'the authority')
    .requiredOption('--jwks <file>', 'the new public key(s): JWKS or JWK')
    .option('--valid-from <instant>', 'when the new key starts (default now)')
    .option('--keep-current', 'add the key without ending the current ones')
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryRotateKey>[0]) => registryRotateKey(opts, io)));

  registry
    .command('revoke-key')
    .description('revoke a key (it stays listed with revokedAt and the reason)')
    .requiredOption(...dirOption)
    .requiredOption('--kid <kid>', 'the key')
    .requiredOption('--reason <reason>', 'compromise, superseded or ceased')
    .option('--at <instant>', 'time of revocation (default now)')
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryRevokeKey>[0]) => registryRevokeKey(opts, io)));

  registry
    .command('suspend')
    .description('suspend a Participant (--lift reinstates it)')
    .requiredOption(...dirOption)
    .requiredOption('--participant <code>', 'the Participant')
    .option('--lift', 'lift the suspension')
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registrySuspend>[0]) => registrySuspend(opts, io)));

  registry
    .command('export')
    .description('write the signed trust list (the JWS nodes read) to a file or stdout')
    .requiredOption(...dirOption)
    .option('--out <file>', 'write here instead of stdout')
    // Not `--version`: the root program answers that one anywhere on the line.
    .option('--list-version <n>', 'a past version of the list (default the newest)')
    .option('--payload', 'the decoded list instead of the JWS')
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryExport>[0]) => registryExport(opts, io)));

  registry
    .command('publish')
    .description('sign and publish a new version now')
    .requiredOption(...dirOption)
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryPublish>[0]) => registryPublish(opts, io)));

  registry
    .command('endorse-list-key')
    .description('endorse a new online list key with the root key (no server needed)')
    .requiredOption(...dirOption)
    .option('--root-key <file>', 'the encrypted root key file (default DIR/root-key.enc.json)')
    .option(...passphraseOption)
    .option('--validity <duration>', 'validity of the endorsement', '365d')
    .option(...jsonOption)
    .action(
      wrap((opts: Parameters<typeof registryEndorseListKey>[0]) =>
        registryEndorseListKey(opts, io),
      ),
    );

  registry
    .command('enrolments')
    .description('key enrolments submitted by nodes')
    .requiredOption(...dirOption)
    .option('--status <status>', 'pending, approved, rejected or all', 'pending')
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryEnrolments>[0]) => registryEnrolments(opts, io)));

  registry
    .command('approve <id>')
    .description('approve a pending key enrolment: the key is listed and published')
    .requiredOption(...dirOption)
    .option(...jsonOption)
    .action(
      wrap((id: string, opts: Parameters<typeof registryApprove>[1]) =>
        registryApprove(id, opts, io),
      ),
    );

  registry
    .command('reject <id>')
    .description('reject a pending key enrolment')
    .requiredOption(...dirOption)
    .requiredOption('--reason <text>', 'why (the node can read it)')
    .option(...jsonOption)
    .action(
      wrap((id: string, opts: Parameters<typeof registryReject>[1]) =>
        registryReject(id, opts, io),
      ),
    );

  registry
    .command('admin-token')
    .description('issue a new admin API bearer token (the previous one stops working)')
    .requiredOption(...dirOption)
    .option(...jsonOption)
    .action(wrap((opts: Parameters<typeof registryAdminToken>[0]) => registryAdminToken(opts, io)));
};
