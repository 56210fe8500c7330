import { CliError, exitCodes } from '../output.js';

/** An answer as it came: status and parsed JSON (or the text when it is not JSON). */
export type ApiAnswer<T = unknown> = { status: number; body: T };

/** A node's HTTP API with one role's bearer token (the demo goes through the API, as an officer would). */
export type ApiClient = {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>>;
  /** Any answer, 4xx included, without throwing: for the requests the demo expects refused. */
  send(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer>;
};

/** `token` undefined: a public caller (verification, the registry's statistics). */
export function apiClient(baseUrl: string, token?: string): ApiClient {
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<ApiAnswer> => {
    const raw = typeof body === 'string';
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      },
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, body: json };
  };
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    extra?: Record<string, string>,
  ): Promise<ApiAnswer<T>> => {
    const answer = await send(method, path, body, extra);
    if (answer.status >= 400) {
      const problem = (answer.body as { detail?: unknown; code?: unknown } | undefined) ?? {};
      throw new CliError(
        typeof problem.code === 'string' ? problem.code : 'KPX_INTERNAL',
        `${method} ${path}: HTTP ${answer.status} ${typeof problem.detail === 'string' ? problem.detail : JSON.stringify(answer.body).slice(0, 300)}`,
        exitCodes.invalid,
      );
    }
    return answer as ApiAnswer<T>;
  };
  return {
    get: async <T>(path: string) => (await call<T>('GET', path)).body,
    post: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    send,
  };
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last value read. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `work` over `items` with at most `limit` in flight (officers at several desks, not a flood). */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
