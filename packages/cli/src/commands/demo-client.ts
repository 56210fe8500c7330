import { CliError, exitCodes } from '../output.js';

/** A node's HTTP API with one role's bearer token (the demo goes through the API, as an officer would). */
export type ApiClient = {
  get<T>(path: string): Promise<T>;
  post<T>(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
};

export function apiClient(baseUrl: string, token: string): ApiClient {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    if (response.status >= 400) {
      const detail = (json as { detail?: unknown; code?: unknown } | undefined) ?? {};
      throw new CliError(
        typeof detail.code === 'string' ? detail.code : 'KPX_INTERNAL',
        `${method} ${path}: HTTP ${response.status} ${typeof detail.detail === 'string' ? detail.detail : text.slice(0, 200)}`,
        exitCodes.invalid,
      );
    }
    return { status: response.status, body: json as T };
  };
  return {
    get: async <T>(path: string) => (await call<T>('GET', path)).body,
    post: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
  };
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last value read. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
