import { isIP } from 'node:net';

/**
 * Whether `host` is a loopback interface (127.0.0.0/8, ::1, `localhost`): the only place the
 * node serves plain HTTP, because nothing off the machine can reach it (a TLS-terminating proxy
 * on the same host may front it).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (h.toLowerCase() === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    const lower = h.toLowerCase();
    return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || lower.startsWith('::ffff:127.');
  }
  return false;
}

/** The host part of a URL for `host` (IPv6 in brackets). */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
