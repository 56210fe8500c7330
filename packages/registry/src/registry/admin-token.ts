import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { base64urlEncode } from '@kpx/protocol';
import type { RegistryDb } from '../storage/open-registry-database.js';
import { writeTransaction } from '../storage/open-registry-database.js';
import { adminTokenSetting, readSetting, writeSetting } from './registry-settings.js';

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new random admin bearer token (256 bits, base64url), prefixed so it is recognisable. */
export function newAdminToken(): string {
  return `kpxr_${base64urlEncode(randomBytes(32))}`;
}

/**
 * Replaces the admin bearer token of the registry's admin API. Only its SHA-256 is stored, so
 * the token is shown once; the previous token stops working at once.
 */
export async function issueAdminToken(db: RegistryDb): Promise<string> {
  const token = newAdminToken();
  await writeTransaction(db, (trx) =>
    writeSetting(trx, adminTokenSetting, base64urlEncode(digest(token))),
  );
  return token;
}

/** The settings row for a token (used by `init`, inside its transaction). */
export function adminTokenRow(token: string): { key: string; value: string } {
  return { key: adminTokenSetting, value: base64urlEncode(digest(token)) };
}

/** Whether `presented` is the current admin token (constant-time comparison of the digests). */
export async function isAdminToken(db: RegistryDb, presented: string): Promise<boolean> {
  const stored = await readSetting(db, adminTokenSetting);
  if (stored === undefined) return false;
  const expected = Buffer.from(stored, 'base64url');
  const actual = digest(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
