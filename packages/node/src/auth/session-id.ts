import { createHash } from 'node:crypto';

/**
 * Hex SHA-256 of a session id: the only form the id is stored and looked up in, so a copy of
 * the database does not hand out live sessions. 256 random bits need no slow hash.
 */
export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}
