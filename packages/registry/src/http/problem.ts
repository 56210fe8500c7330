import { errorCodes, KpxError, type KpxCode } from '@kpx/domain';

/** The media type of RFC 9457 problem details. */
export const problemMediaType = 'application/problem+json';

/**
 * An RFC 9457 problem document with kpx's stable `code` member (the one the error registry
 * defines, with its HTTP status and title).
 */
export type ProblemDocument = {
  type: 'about:blank';
  title: string;
  status: number;
  code: KpxCode;
  detail?: string;
  problems?: { code: string; path: string; message: string }[];
};

/** The problem document of a `KpxError`. */
export function problemOf(error: KpxError): ProblemDocument {
  const problem: ProblemDocument = {
    type: 'about:blank',
    title: errorCodes[error.code].title,
    status: error.status,
    code: error.code,
  };
  if (error.detail !== undefined) problem.detail = error.detail;
  if (error.problems !== undefined) problem.problems = error.problems;
  return problem;
}

/** An `application/problem+json` response for a `KpxError` (or a bare code). */
export function problemResponse(
  error: KpxError | KpxCode,
  headers: Record<string, string> = {},
): Response {
  const problem = problemOf(typeof error === 'string' ? new KpxError(error) : error);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': problemMediaType, ...headers },
  });
}
