import type { NodeConfigInput } from './node-config.js';

/**
 * The database a `--db` value names: a `postgres://` / `postgresql://` URL, or a SQLite file
 * (`sqlite:PATH`, `file:PATH` or a bare path). The result goes into the node configuration as
 * `database`, where it is validated like the rest.
 *
 * @example
 * ```ts
 * databaseFromUrl('postgres://kpx@db.example/kpx'); // { kind: 'postgres', url: 'postgres://kpx@db.example/kpx' }
 * databaseFromUrl('data/node.sqlite'); // { kind: 'sqlite', path: 'data/node.sqlite' }
 * ```
 */
export function databaseFromUrl(value: string): NodeConfigInput['database'] {
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  return { kind: 'sqlite', path: value.replace(/^(sqlite|file):(\/\/)?/i, '') };
}
