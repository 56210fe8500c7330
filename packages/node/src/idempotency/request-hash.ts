import { createHash } from 'node:crypto';
import { canonicalize } from '@kpx/protocol';

/**
 * The identity of a request for `Idempotency-Key`: hex SHA-256 over the operation and the RFC
 * 8785 canonical JSON of the body, so a retry with the same content but other whitespace or
 * member order is the same request, and any change of content is a different one.
 */
export function requestHash(operation: string, body: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalize(body ?? null))
    .digest('hex');
}
