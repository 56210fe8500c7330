import { sql, type Kysely } from 'kysely';

/**
 * The server settings a node's acknowledgements rest on (docs/durability.md): a `201` or a
 * signed receipt is sent only after the commit returned, and the commit means "on disk" only
 * when the server flushes its WAL before answering (`fsync`, `synchronous_commit`) and can
 * repair pages torn by a power cut (`full_page_writes`). `synchronous_commit = local`,
 * `remote_write` and `remote_apply` all flush locally; only `off` acknowledges before the flush.
 */
const unsafe: ReadonlyArray<{ name: string; unsafeValue: string; consequence: string }> = [
  {
    name: 'fsync',
    unsafeValue: 'off',
    consequence: 'an OS crash or power cut can corrupt the database',
  },
  {
    name: 'synchronous_commit',
    unsafeValue: 'off',
    consequence:
      'an OS crash or power cut can lose transactions the node already acknowledged (201s, signed receipts)',
  },
  {
    name: 'full_page_writes',
    unsafeValue: 'off',
    consequence: 'a power cut can leave torn pages that recovery cannot repair',
  },
];

/**
 * Reads the durability settings in effect for the node's connections and returns one warning
 * per setting that breaks what an acknowledgement promises (empty when all are safe). Settings
 * can differ per database, role and session, so they are read through the node's own pool.
 */
export async function postgresDurabilityWarnings(db: Kysely<unknown>): Promise<string[]> {
  const rows = (
    await sql<{ name: string; setting: string }>`
      select name, setting from pg_settings
      where name in ('fsync', 'synchronous_commit', 'full_page_writes')`.execute(db)
  ).rows;
  const settings = new Map(rows.map((r) => [r.name, r.setting]));
  return unsafe
    .filter((s) => settings.get(s.name) === s.unsafeValue)
    .map(
      (s) => `PostgreSQL ${s.name} = ${s.unsafeValue}: ${s.consequence} (see docs/durability.md)`,
    );
}
