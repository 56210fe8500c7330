import { ApiError, isProblem, type ProblemDetails } from './problem.js';

// One fetch wrapper for the whole console: same-origin cookies, the CSRF header on every
// state-changing request, problem+json turned into ApiError.

let csrfToken: string | undefined;
const csrfStorageKey = 'kpx.csrf';

/** Remembers the CSRF token of the session (sent as `X-CSRF-Token` on POST/PATCH/DELETE). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
  try {
    if (token === undefined) sessionStorage.removeItem(csrfStorageKey);
    else sessionStorage.setItem(csrfStorageKey, token);
  } catch {
    // Storage may be unavailable (private mode): the token stays in memory.
  }
}

function currentCsrfToken(): string | undefined {
  if (csrfToken !== undefined) return csrfToken;
  try {
    return sessionStorage.getItem(csrfStorageKey) ?? undefined;
  } catch {
    return undefined;
  }
}

let onUnauthorized: (() => void) | undefined;
/** Called when an officer route answers 401 (the session ended). */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not treat 401 as "session ended" (sign-in itself). */
  quiet401?: boolean;
};

/** Calls the node's API; resolves to the parsed JSON (or undefined for 204), rejects with ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = currentCsrfToken();
    if (token !== undefined) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'KPX_NETWORK',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json')
    ? await response.json().catch(() => undefined)
    : undefined;
  if (!response.ok) {
    const problem: ProblemDetails = isProblem(body)
      ? body
      : {
          type: 'about:blank',
          title: response.statusText || 'Error',
          status: response.status,
          code: response.status === 404 ? 'KPX_NOT_FOUND' : 'KPX_HTTP_' + String(response.status),
        };
    if (response.status === 401 && !options.quiet401) onUnauthorized?.();
    throw new ApiError(problem);
  }
  return body as T;
}

/** A URL with query parameters, skipping empty ones. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A random idempotency key for one issue attempt (retries reuse it). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
