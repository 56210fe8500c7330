import { KpxError, errorCodes, type KpxCode } from '@kpx/domain';

/**
 * How the node calls the registry: a `fetch`-shaped function. The default is the platform's
 * `fetch`; tests and in-process networks pass `registry.app.fetch`.
 */
export type RegistryFetch = (request: Request) => Promise<Response>;

/** The answer to a trust-list poll. */
export type TrustListPoll =
  { status: 'not-modified'; etag?: string } | { status: 'ok'; jws: string; etag?: string };

/** The registry's URL for a path, whatever trailing slash the configured base has. */
export function registryUrlOf(base: string, path: string): string {
  return new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`).toString();
}

function isKpxCode(value: unknown): value is KpxCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

/** Reads a problem+json answer's `code` and `detail`, if it is one. */
export async function problemOfResponse(
  response: Response,
): Promise<{ code?: KpxCode; detail?: string }> {
  try {
    const body = (await response.json()) as { code?: unknown; detail?: unknown };
    return {
      ...(isKpxCode(body.code) ? { code: body.code } : {}),
      ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
    };
  } catch {
    return {};
  }
}

const maxTrustListBytes = 8 * 1024 * 1024;

/**
 * `GET {registry}/trust-list.json` with `If-None-Match` (ARCHITECTURE.md "HTTP API", registry):
 * `200 application/jose` is the compact JWS as published, `304` means the list held is still
 * the newest. Anything else — a network failure, a timeout, another status — throws (the
 * caller backs off and tries again).
 */
export async function pollTrustList(
  fetcher: RegistryFetch,
  options: { registryUrl: string; etag?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<TrustListPoll> {
  const headers: Record<string, string> = { accept: 'application/jose' };
  if (options.etag !== undefined) headers['if-none-match'] = options.etag;
  const signals = [AbortSignal.timeout(options.timeoutMs)];
  if (options.signal !== undefined) signals.push(options.signal);
  const response = await fetcher(
    new Request(registryUrlOf(options.registryUrl, '/trust-list.json'), {
      headers,
      signal: AbortSignal.any(signals),
    }),
  );
  const etag = response.headers.get('etag') ?? undefined;
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified', ...(etag === undefined ? {} : { etag }) };
  }
  if (response.status !== 200) {
    const problem = await problemOfResponse(response);
    throw new Error(
      `HTTP ${response.status}${problem.code === undefined ? '' : ` ${problem.code}`}${problem.detail === undefined ? '' : `: ${problem.detail}`}`,
    );
  }
  const text = (await response.text()).trim();
  if (text.length > maxTrustListBytes) throw new Error('trust list larger than 8 MiB');
  return { status: 'ok', jws: text, ...(etag === undefined ? {} : { etag }) };
}

/** A registry refusal as a {@link KpxError} with the registry's code (or `fallback`). */
export async function registryRefusal(
  response: Response,
  doing: string,
  fallback: KpxCode,
): Promise<KpxError> {
  const problem = await problemOfResponse(response);
  return new KpxError(problem.code ?? fallback, {
    detail: `${doing}: the registry answered ${response.status}${problem.detail === undefined ? '' : `: ${problem.detail}`}`,
  });
}
