import { KpxError } from '@kpx/domain';
import { companyForRole } from '../applications/companies.js';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import type { Role } from '../tokens/roles.js';
import { parseWith } from '../validation/parse-with.js';
import { newPasswordHash } from './account.js';
import { createUserSchema, userChangeSchema } from './auth-schemas.js';
import { checkPasswordPolicy, generatePassword } from './password-policy.js';
import { sessionRepository } from './session-repository.js';
import { accountKey, clearThrottle } from './sign-in-throttle.js';
import { userViewOf, type UserRecord, type UserView } from './user-record.js';
import { userRepository } from './user-repository.js';

/** A new account; `initialPassword` only when the password was generated (shown this once). */
export type CreatedUser = { user: UserView; initialPassword?: string };

/** What {@link createUser} takes (the body of `POST /api/v1/users`). */
export type CreateUserInput = {
  username: string;
  displayName: string;
  role: Role;
  /** The company of a `trader` account (required for one, refused otherwise). */
  company?: string;
  password?: string;
};

function notFound(username: string): KpxError {
  return new KpxError('KPX_NOT_FOUND', { detail: `No account ${username}` });
}

async function findUser(ctx: NodeContext, username: string): Promise<UserRecord> {
  const user = await userRepository(ctx.storage.db).findByUsername(username.toLowerCase());
  if (user === undefined) throw notFound(username);
  return user;
}

/** Every account, by username (`GET /api/v1/users`). */
export async function listUsers(ctx: NodeContext): Promise<UserView[]> {
  return (await userRepository(ctx.storage.db).list()).map(userViewOf);
}

/**
 * Creates an officer account (`POST /api/v1/users`, `node.createUser`). Without a password one
 * is generated (20 characters, ≈116 bits) and returned once. `mustChangePassword` marks a
 * password someone else chose (the console asks the officer to change it). A taken username is
 * `409 KPX_CONFLICT`; a short password `422 KPX_PASSWORD_WEAK`.
 */
export async function createUser(
  ctx: NodeContext,
  body: unknown,
  actor: string,
  options: { mustChangePassword: boolean },
): Promise<CreatedUser> {
  const input = parseWith(createUserSchema, body);
  if (input.password !== undefined) checkPasswordPolicy(input.password, '/password');
  const password = input.password ?? generatePassword(ctx.random);
  const hash = await newPasswordHash(ctx, password);
  return ctx.storage.transactor.transact(async (uow) => {
    const users = userRepository(uow.db);
    if ((await users.findByUsername(input.username)) !== undefined) {
      throw new KpxError('KPX_CONFLICT', { detail: `The username ${input.username} is taken` });
    }
    const companyId = await companyForRole(uow.db, input.role, input.company);
    const now = isoAt(ctx.clock.now());
    const user: UserRecord = {
      id: ctx.ids(),
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      companyId,
      passwordHash: hash,
      disabled: false,
      mustChangePassword: options.mustChangePassword,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
    };
    await users.insert(user);
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'user.create',
      subject: `user:${user.username}`,
      data: {
        role: user.role,
        displayName: user.displayName,
        ...(companyId === null ? {} : { company: companyId }),
      },
    });
    return {
      user: userViewOf(user),
      ...(input.password === undefined ? { initialPassword: password } : {}),
    };
  });
}

/**
 * Changes an account's role, display name or disabled flag (`PATCH /api/v1/users/{username}`).
 * Disabling ends the account's sessions at once; a role change applies to open sessions on
 * their next request. The last enabled admin cannot be disabled or demoted (`409 KPX_CONFLICT`).
 */
export async function updateUser(
  ctx: NodeContext,
  username: string,
  body: unknown,
  actor: string,
): Promise<UserView> {
  const change = parseWith(userChangeSchema, body);
  return ctx.storage.transactor.transact(async (uow) => {
    const users = userRepository(uow.db);
    const user = await users.findByUsername(username.toLowerCase());
    if (user === undefined) throw notFound(username);
    const losesAdmin =
      user.role === 'admin' &&
      !user.disabled &&
      ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (change.role !== undefined && user.role === 'trader') {
      throw new KpxError('KPX_CONFLICT', {
        detail: `${user.username} is a trader account: its role does not change`,
      });
    }
    if (losesAdmin && (await users.countEnabledAdmins()) <= 1) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `${user.username} is the last enabled admin account`,
      });
    }
    const now = isoAt(ctx.clock.now());
    await users.update(user.id, {
      updatedAt: now,
      ...(change.role === undefined ? {} : { role: change.role }),
      ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
      ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
    });
    if (change.disabled === true) await sessionRepository(uow.db).deleteForUser(user.id);
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'user.update',
      subject: `user:${user.username}`,
      data: { ...change },
    });
    return userViewOf({
      ...user,
      ...(change.role === undefined ? {} : { role: change.role }),
      ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
      ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
      updatedAt: now,
    });
  });
}

/**
 * Resets an account's password (`POST /api/v1/users/{username}/password-reset`): a generated
 * temporary password, returned once, that the officer must change; the account's sessions end
 * and its failed sign-ins are forgotten.
 */
export async function resetPassword(
  ctx: NodeContext,
  username: string,
  actor: string,
): Promise<{ temporaryPassword: string }> {
  const user = await findUser(ctx, username);
  const temporaryPassword = generatePassword(ctx.random);
  const hash = await newPasswordHash(ctx, temporaryPassword);
  await ctx.storage.transactor.transact(async (uow) => {
    const now = isoAt(ctx.clock.now());
    await userRepository(uow.db).update(user.id, {
      updatedAt: now,
      passwordHash: hash,
      mustChangePassword: true,
    });
    await sessionRepository(uow.db).deleteForUser(user.id);
    await clearThrottle(uow.db, accountKey(user.username));
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'user.password-reset',
      subject: `user:${user.username}`,
    });
  });
  return { temporaryPassword };
}

/**
 * Removes an account's TOTP (`DELETE /api/v1/users/{username}/totp`), e.g. after a lost
 * phone: it signs in with the password alone and may enrol again.
 */
export async function resetTotp(ctx: NodeContext, username: string, actor: string): Promise<void> {
  const user = await findUser(ctx, username);
  await ctx.storage.transactor.transact(async (uow) => {
    const now = isoAt(ctx.clock.now());
    await userRepository(uow.db).update(user.id, {
      updatedAt: now,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
    });
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'user.totp-reset',
      subject: `user:${user.username}`,
    });
  });
}
