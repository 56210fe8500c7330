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
 * Reads a JSON request body: `415 KPX_UNSUPPORTED_MEDIA_TYPE` unless it is declared JSON,
 * `400 KPX_JSON_INVALID` when it does not parse. Size is limited before this (body limit).
 */
export async function readJson(c: Context): Promise<unknown> {
  if (!isJsonMediaType(mediaType(c))) {
    throw problem('KPX_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw problem(
      'KPX_JSON_INVALID',
      error instanceof Error ? error.message : 'The body is not JSON',
    );
  }
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
