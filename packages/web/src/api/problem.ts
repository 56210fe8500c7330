/** One problem of an RFC 9457 response: a stable code, a JSON pointer and a message. */
export type FieldProblem = { code: string; path: string; message: string };

/** RFC 9457 problem details as kpx sends them (`application/problem+json`). */
export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  problems?: FieldProblem[];
  [extension: string]: unknown;
};

/** A failed API call: the problem the server sent, or one made up for a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;
  constructor(problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
  get code(): string {
    return this.problem.code;
  }
}

export function isProblem(value: unknown): value is ProblemDetails {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['status'] === 'number' && typeof v['code'] === 'string';
}

/** Problems grouped by JSON pointer (RFC 6901), for showing them next to the form fields. */
export function problemsByPath(problems: readonly FieldProblem[]): Map<string, FieldProblem[]> {
  const byPath = new Map<string, FieldProblem[]>();
  for (const p of problems) {
    const list = byPath.get(p.path);
    if (list) list.push(p);
    else byPath.set(p.path, [p]);
  }
  return byPath;
}
