import { KpxError, errorCodes, type KpxCode, type Problem } from '@kpx/domain';

/** Where a code's `type` URI points: one documentation anchor per stable code. */
export const problemTypeBase = 'https://kpx.dev/problems/';

/** RFC 9457 problem details with kpx's stable `code` (and extension members when a code has them). */
export type ProblemDocument = {
  type: string;
  title: string;
  status: number;
  code: KpxCode;
  detail?: string;
  problems?: Problem[];
  [extension: string]: unknown;
};

/** The problem document of an expected failure. */
export function problemOf(error: KpxError): ProblemDocument {
  const doc: ProblemDocument = {
    type: problemTypeBase + error.code,
    title: errorCodes[error.code].title,
    status: error.status,
    code: error.code,
  };
  if (error.detail !== undefined) doc.detail = error.detail;
  if (error.problems !== undefined && error.problems.length > 0) doc.problems = error.problems;
  // Subclasses may carry RFC 9457 §3.2 extension members (e.g. `issuerNodes`).
  for (const [key, value] of Object.entries(error)) {
    if (
      !(key in doc) &&
      key !== 'name' &&
      key !== 'stack' &&
      key !== 'cause' &&
      value !== undefined
    )
      doc[key] = value;
  }
  return doc;
}

/** `application/problem+json` (RFC 9457 §3) response. */
export function problemResponse(
  doc: ProblemDocument,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(doc), {
    status: doc.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

/** Shorthand for a problem of a code with a detail. */
export function problem(code: KpxCode, detail?: string): KpxError {
  return new KpxError(code, detail === undefined ? {} : { detail });
}
