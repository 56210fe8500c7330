import type { MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy of every answer: the console is one same-origin app with no
 * inline script or style (CSP Level 3); images may be data:/blob: (QR codes, camera frames);
 * nothing may frame it, change its base URL, post forms elsewhere or load plugins.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** The headers every answer carries (OWASP HTTP Headers Cheat Sheet). */
export const securityHeaderValues: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  // The public verification page may scan a QR code with the camera.
  'permissions-policy': 'camera=(self)',
});

/** RFC 6797: a year, sub-domains included; sent only over TLS (§7.2: never over plain HTTP). */
export const strictTransportSecurity = 'max-age=31536000; includeSubDomains';

/**
 * Sets the security headers on every response — API, static files, problems, 404s — after the
 * handler ran (so error answers get them too). `Strict-Transport-Security` only when the
 * request came over TLS.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(securityHeaderValues)) {
      // A handler that set a stricter policy of its own keeps it (a trader's document is
      // served with `sandbox`, docs/applications.md).
      if (name === 'content-security-policy' && c.res.headers.has(name)) continue;
      c.header(name, value);
    }
    if (new URL(c.req.url).protocol === 'https:') {
      c.header('strict-transport-security', strictTransportSecurity);
    }
  };
}
