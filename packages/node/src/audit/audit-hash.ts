import { createHash } from 'node:crypto';
import { canonicalize } from '@kpx/protocol';

/** `prev_hash` of the first entry: 64 zero hex digits. */
export const genesisHash = '0'.repeat(64);

/** An audit entry as hashed: every column but `hash`, with `data` as the JSON value. */
export type AuditEntryContent = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: unknown;
  prevHash: string;
};

/**
 * Hex SHA-256 over the RFC 8785 canonical JSON of the entry including `prevHash`, so changing,
 * removing or reordering any earlier entry breaks every later hash.
 */
export function auditHash(entry: AuditEntryContent): string {
  return createHash('sha256').update(canonicalize(entry), 'utf8').digest('hex');
}
