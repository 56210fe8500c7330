/**
 * Whether an `If-None-Match` header matches `etag` (RFC 9110 §13.1.2: `*` or any listed
 * entity tag, compared weakly, so a `W/` prefix added by a proxy still matches).
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}
