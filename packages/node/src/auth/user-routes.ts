import { z } from 'zod';
import { apiRoute, problemReply } from '../http/api-route.js';
import { actorOf } from '../http/principal.js';
import { readJson } from '../http/read-body.js';
import {
  createUserSchema,
  createdUserSchema,
  passwordResetSchema,
  userChangeSchema,
  userListSchema,
  usernameParams,
  userViewSchema,
} from './auth-schemas.js';
import { createUser, listUsers, resetPassword, resetTotp, updateUser } from './user-admin.js';

const tags = ['console'];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export const listUsersRoute = apiRoute({
  access: ['admin'],
  config: {
    method: 'get',
    path: '/api/v1/users',
    tags,
    summary: 'Officer accounts of the console',
    responses: { 200: { description: 'By username.', content: json(userListSchema) } },
  },
  async handle(ctx, c) {
    return c.json({ items: await listUsers(ctx) });
  },
});

export const createUserRoute = apiRoute({
  access: ['admin'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/users',
    tags,
    summary: 'Create an officer account (a generated password is returned once)',
    request: { body: { content: json(createUserSchema), required: true } },
    responses: {
      201: { description: 'Created.', content: json(createdUserSchema) },
      409: problemReply('The username is taken (KPX_CONFLICT).'),
      422: problemReply('Invalid input, or the password is too short (KPX_PASSWORD_WEAK).'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    const created = await createUser(ctx, body, actorOf(c), { mustChangePassword: true });
    c.header('location', `/api/v1/users/${encodeURIComponent(created.user.username)}`);
    return c.json(created, 201);
  },
});

export const updateUserRoute = apiRoute({
  access: ['admin'],
  body: 'api',
  config: {
    method: 'patch',
    path: '/api/v1/users/{username}',
    tags,
    summary: 'Change an account’s role, display name or disabled flag',
    description:
      'Disabling ends the account’s sessions at once. The last enabled admin cannot be disabled or demoted (409).',
    request: {
      params: usernameParams,
      body: { content: json(userChangeSchema), required: true },
    },
    responses: {
      200: { description: 'Changed.', content: json(userViewSchema) },
      404: problemReply('No such account (KPX_NOT_FOUND).'),
      409: problemReply('It is the last enabled admin (KPX_CONFLICT).'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    return c.json(await updateUser(ctx, c.req.param('username') ?? '', body, actorOf(c)));
  },
});

export const resetPasswordRoute = apiRoute({
  access: ['admin'],
  config: {
    method: 'post',
    path: '/api/v1/users/{username}/password-reset',
    tags,
    summary: 'Reset an account’s password to a temporary one (shown once; sessions end)',
    request: { params: usernameParams },
    responses: {
      200: { description: 'Reset.', content: json(passwordResetSchema) },
      404: problemReply('No such account (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    return c.json(await resetPassword(ctx, c.req.param('username') ?? '', actorOf(c)));
  },
});

export const resetTotpRoute = apiRoute({
  access: ['admin'],
  config: {
    method: 'delete',
    path: '/api/v1/users/{username}/totp',
    tags,
    summary: 'Remove an account’s TOTP (lost device); it may enrol again',
    request: { params: usernameParams },
    responses: {
      204: { description: 'Removed.' },
      404: problemReply('No such account (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    await resetTotp(ctx, c.req.param('username') ?? '', actorOf(c));
    return c.body(null, 204);
  },
});

export const userRoutes = [
  listUsersRoute,
  createUserRoute,
  updateUserRoute,
  resetPasswordRoute,
  resetTotpRoute,
];
