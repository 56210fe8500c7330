import type { Context } from 'hono';
import { z } from 'zod';
import { apiRoute, problemReply } from '../http/api-route.js';
import type { HttpEnv } from '../http/http-env.js';
import { principalOf } from '../http/principal.js';
import { problem } from '../http/problem.js';
import { readJson } from '../http/read-body.js';
import type { NodeContext } from '../node-context.js';
import { changePassword, confirmTotp, signOut, startTotpEnrolment } from './account.js';
import {
  passwordChangeSchema,
  sessionSchema,
  sessionUserSchema,
  signInRequestSchema,
  totpConfirmSchema,
  totpEnrolmentSchema,
} from './auth-schemas.js';
import { clientAddress, socketAddress } from './client-address.js';
import type { UserPrincipal } from './principal.js';
import { clearedSessionCookie, cookieMustBeSecure, sessionCookie } from './session-cookie.js';
import { signIn } from './sign-in.js';

const tags = ['console'];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

function userOf(c: Context<HttpEnv>): UserPrincipal {
  const principal = principalOf(c);
  // The `session` access of these routes lets only officers through; this is the type's proof.
  if (principal.kind !== 'user') throw problem('KPX_FORBIDDEN');
  return principal;
}

function secure(c: Context<HttpEnv>): boolean {
  return cookieMustBeSecure(c.req.url, socketAddress(c));
}

export const signInRoute = apiRoute({
  access: 'public',
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/session',
    tags,
    summary: 'Sign in to the console (sets the kpx_session cookie)',
    description:
      'Answers the signed-in officer and the CSRF token, and sets `kpx_session` (HttpOnly, SameSite=Strict, Path=/, Secure unless plain HTTP on loopback). The same `401 KPX_SIGN_IN_FAILED` for an unknown account, a wrong password or a disabled account; `401 KPX_TOTP_REQUIRED` when the password is right and the account’s one-time code is missing or wrong. Failed attempts are slowed down, never locked out: an address that keeps failing gets `429 KPX_RATE_LIMITED` with `Retry-After`, and an account that keeps failing answers only after a delay (at most 30 s).',
    request: { body: { content: json(signInRequestSchema), required: true } },
    responses: {
      200: { description: 'Signed in.', content: json(sessionSchema) },
      401: problemReply('KPX_SIGN_IN_FAILED, or KPX_TOTP_REQUIRED.'),
      403: problemReply('A cross-site request (KPX_CSRF_FAILED).'),
      429: problemReply('Too many failures from this address (KPX_RATE_LIMITED, Retry-After).'),
    },
  },
  async handle(ctx: NodeContext, c) {
    // Login CSRF: a browser marks a request another site made (Fetch Metadata).
    if (c.req.header('sec-fetch-site') === 'cross-site') {
      throw problem('KPX_CSRF_FAILED', 'Sign in from the console itself');
    }
    const body = await readJson(c);
    const session = await signIn(ctx, body, {
      address: clientAddress(c, ctx.config.console.trustedProxies),
      userAgent: c.req.header('user-agent'),
    });
    c.header(
      'set-cookie',
      sessionCookie(session.sessionId, {
        secure: secure(c),
        maxAgeSeconds: ctx.config.console.absoluteTimeoutMs / 1000,
      }),
    );
    return c.json({ user: session.user, csrfToken: session.csrfToken });
  },
});

export const currentSessionRoute = apiRoute({
  access: 'session',
  config: {
    method: 'get',
    path: '/api/v1/session',
    tags,
    summary: 'The signed-in officer and the session’s CSRF token',
    responses: { 200: { description: 'Signed in.', content: json(sessionSchema) } },
  },
  handle(_ctx, c) {
    const user = userOf(c);
    return Promise.resolve(
      c.json({
        user: {
          username: user.username,
          displayName: user.displayName,
          role: user.role,
          totpEnabled: user.totpEnabled,
          mustChangePassword: user.mustChangePassword,
        },
        csrfToken: user.csrfToken,
      }),
    );
  },
});

export const signOutRoute = apiRoute({
  access: 'session',
  config: {
    method: 'delete',
    path: '/api/v1/session',
    tags,
    summary: 'Sign out (the session ends on the server; the cookie is cleared)',
    responses: { 204: { description: 'Signed out.' } },
  },
  async handle(ctx, c) {
    await signOut(ctx, userOf(c));
    c.header('set-cookie', clearedSessionCookie({ secure: secure(c) }));
    return c.body(null, 204);
  },
});

export const totpEnrolRoute = apiRoute({
  access: 'session',
  config: {
    method: 'post',
    path: '/api/v1/session/totp',
    tags,
    summary: 'Start TOTP enrolment (RFC 6238; the secret is shown once)',
    responses: {
      200: { description: 'Pending until confirmed.', content: json(totpEnrolmentSchema) },
      409: problemReply('TOTP is already enabled (KPX_CONFLICT): an admin resets it first.'),
    },
  },
  async handle(ctx, c) {
    return c.json(await startTotpEnrolment(ctx, userOf(c)));
  },
});

export const totpConfirmRoute = apiRoute({
  access: 'session',
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/session/totp/confirm',
    tags,
    summary: 'Confirm TOTP enrolment with a code; sign-in asks for codes from then on',
    request: { body: { content: json(totpConfirmSchema), required: true } },
    responses: {
      200: {
        description: 'Enabled.',
        content: json(z.object({ user: sessionUserSchema }).meta({ id: 'TotpConfirmed' })),
      },
      409: problemReply('No enrolment was started (KPX_CONFLICT).'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json({ user: await confirmTotp(ctx, userOf(c), body) });
  },
});

export const passwordChangeRoute = apiRoute({
  access: 'session',
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/session/password',
    tags,
    summary: 'Change one’s own password (at least 12 characters); other sessions end',
    request: { body: { content: json(passwordChangeSchema), required: true } },
    responses: {
      204: { description: 'Changed.' },
      403: problemReply('The current password is wrong (KPX_PASSWORD_WRONG), or KPX_CSRF_FAILED.'),
      422: problemReply('The new password is too short (KPX_PASSWORD_WEAK), or invalid input.'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    await changePassword(ctx, userOf(c), body);
    return c.body(null, 204);
  },
});

export const sessionRoutes = [
  signInRoute,
  currentSessionRoute,
  signOutRoute,
  totpEnrolRoute,
  totpConfirmRoute,
  passwordChangeRoute,
];
