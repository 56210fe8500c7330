import { isLoopbackHost } from '../server/loopback.js';

/** The console's session cookie. */
export const sessionCookieName = 'kpx_session';

const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

/** The session id in a `Cookie` header (RFC 6265 §5.4), when there is a well-formed one. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== sessionCookieName) continue;
    const value = part.slice(eq + 1).trim();
    if (sessionIdPattern.test(value)) return value;
  }
  return undefined;
}

/**
 * Whether the cookie gets `Secure`: always, except for a request that came over plain HTTP to
 * a loopback host (a development node on 127.0.0.1, where there is no TLS to require; a TLS
 * proxy in front forwards the public host name, so it still gets `Secure`).
 */
export function cookieMustBeSecure(requestUrl: string, remoteAddress: string | undefined): boolean {
  const url = new URL(requestUrl);
  const plainLoopback =
    url.protocol === 'http:' &&
    isLoopbackHost(url.hostname) &&
    (remoteAddress === undefined || isLoopbackHost(remoteAddress));
  return !plainLoopback;
}

/**
 * `Set-Cookie` for a session (RFC 6265 §4.1): HttpOnly (no script reads it), SameSite=Strict (no
 * cross-site request carries it), Path=/, Secure as {@link cookieMustBeSecure} says, and a
 * Max-Age no longer than the session's absolute lifetime.
 */
export function sessionCookie(
  value: string,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  return [
    `${sessionCookieName}=${value}`,
    'Path=/',
    'HttpOnly',
    ...(options.secure ? ['Secure'] : []),
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ].join('; ');
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return sessionCookie('', { secure: options.secure, maxAgeSeconds: 0 });
}
