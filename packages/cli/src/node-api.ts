import { CliError, exitCodes, type ExitCode } from './output.js';

/** How to reach an authority node's HTTP API as an officer or a script. */
export type NodeApiOptions = {
  node: string;
  /** Bearer token; default `$KPX_TOKEN`. */
  token?: string;
};

type NodeRequest = {
  method?: 'GET' | 'POST';
  /** A JSON value, or text sent with `contentType`. */
  body?: unknown;
  contentType?: string;
  /**
   * Statuses whose problem means "the thing sent is bad" (exit 1) rather than a usage or
   * environment error (exit 2), e.g. 422 for a production return with bad rows.
   */
  invalidStatuses?: readonly number[];
};

/** The token from `--token`, else `$KPX_TOKEN`; a clear usage error when there is none. */
export function nodeToken(options: NodeApiOptions, what: string): string {
  const token = options.token ?? process.env['KPX_TOKEN'];
  if (token === undefined || token === '') {
    throw new CliError('KPX_USAGE', `${what} needs --token (or KPX_TOKEN)`, exitCodes.usage);
  }
  return token;
}

/**
 * Calls the node and returns its answer when it is a success; otherwise throws a CliError that
 * carries the node's problem `code` and detail (and the problem itself for `--json`), so every
 * command reports a node's refusal the same way.
 */
export async function nodeRequest(
  options: NodeApiOptions,
  path: string,
  what: string,
  request: NodeRequest = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${nodeToken(options, what)}`,
  };
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['content-type'] = request.contentType ?? 'application/json';
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  }
  const url = `${options.node.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, { method: request.method ?? 'GET', headers, body: body ?? null });
  } catch (error) {
    throw new CliError(
      'KPX_NODE_UNREACHABLE',
      `${options.node} did not answer: ${(error as Error).message}`,
      exitCodes.usage,
    );
  }
  if (response.ok) return response;
  const problem = (await response.json().catch(() => undefined)) as
    { code?: unknown; detail?: unknown; title?: unknown } | undefined;
  const code = typeof problem?.code === 'string' ? problem.code : 'KPX_INTERNAL';
  const detail = typeof problem?.detail === 'string' ? problem.detail : String(problem?.title);
  const exit: ExitCode = request.invalidStatuses?.includes(response.status)
    ? exitCodes.invalid
    : exitCodes.usage;
  throw new CliError(
    code,
    `${options.node}: HTTP ${String(response.status)} ${code}: ${detail}`,
    exit,
    problem,
  );
}
