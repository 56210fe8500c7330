import type { Context } from 'hono';
import { problem } from './problem.js';

function mediaType(c: Context): string | undefined {
  return c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
}

/** True for `application/json` and `application/*+json` (RFC 6839 §3.1). */
export function isJsonMediaType(type: string | undefined): boolean {
  return (
    type === 'application/json' ||
    (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type))
  );
}

/**
 * Deepest nesting of arrays and objects a request body may have. No kpx body goes past a
 * handful of levels; refusing deeper ones at the edge keeps recursive code behind it (canonical
 * JSON of an `Idempotency-Key` request, logging) from overflowing the stack on hostile input.
 */
export const maxJsonDepth = 64;

/**
 * Why a parsed body cannot be taken any further, or `undefined`: nesting deeper than `limit`,
 * or a number JSON.parse turned into ±Infinity (`1e309`), which RFC 8785 cannot serialise and no
 * kpx field accepts. Walked with an explicit stack: never recursion on input.
 */
function shapeProblem(value: unknown, limit: number): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value === 'number' && !Number.isFinite(item.value))
      return 'The body holds a number out of range';
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= limit) return `The body nests deeper than ${limit} levels`;
    for (const child of Object.values(item.value))
      stack.push({ value: child, depth: item.depth + 1 });
  }
  return undefined;
}

/**
 * Reads a JSON request body: `415 KPX_UNSUPPORTED_MEDIA_TYPE` unless it is declared JSON,
 * `400 KPX_JSON_INVALID` when it does not parse, nests deeper than {@link maxJsonDepth} or holds
 * a number out of range. Size is limited before this (body limit).
 */
export async function readJson(c: Context): Promise<unknown> {
  if (!isJsonMediaType(mediaType(c))) {
    throw problem('KPX_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw problem(
      'KPX_JSON_INVALID',
      error instanceof Error ? error.message : 'The body is not JSON',
    );
  }
  const refused = shapeProblem(value, maxJsonDepth);
  if (refused !== undefined) throw problem('KPX_JSON_INVALID', refused);
  return value;
}

/**
 * Reads the envelope of `POST /exchange/v1/messages`: the compact JWS itself as
 * `application/jose` (RFC 7515 §9.2.1; what kpx nodes send), or for clients that can only send
 * JSON, `application/json` `{ "envelope": "<compact JWS>" }`. The string is kept exactly as
 * received: its bytes are what the receipt's digest covers.
 */
export async function readEnvelope(c: Context): Promise<string> {
  const type = mediaType(c);
  if (type === 'application/jose') return (await c.req.text()).trim();
  if (isJsonMediaType(type)) {
    const body = await readJson(c);
    const envelope =
      typeof body === 'object' && body !== null
        ? (body as { envelope?: unknown }).envelope
        : undefined;
    if (typeof envelope !== 'string')
      throw problem('KPX_JWS_MALFORMED', 'Expected { "envelope": "<compact JWS>" }');
    return envelope;
  }
  throw problem('KPX_UNSUPPORTED_MEDIA_TYPE', 'Send the envelope as application/jose');
}
