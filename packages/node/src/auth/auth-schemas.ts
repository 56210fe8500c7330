import { z } from 'zod';
import { allRoles, roles, type OfficerRole, type Role } from '../tokens/roles.js';
import { maxPasswordLength } from './password-policy.js';

// Request and response schemas of the console API (docs/internal-contract.md, "Console API"):
// validation at the HTTP boundary and the OpenAPI document from the same objects.

const role = z.enum(allRoles as [Role, ...Role[]]);
// A trader's role is not changed (it would leave or need a company): officers only here.
const officerRole = z.enum(roles as [OfficerRole, ...OfficerRole[]]);
const company = z
  .string()
  .max(64)
  .meta({ description: 'The company id of a `trader` account (docs/applications.md).' });
const dateTime = z.string().meta({ format: 'date-time' });

/** Lower case letters, digits, `.`, `_`, `-`; 2 to 64 characters, starting with a letter or digit. */
export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lower case letters, digits, . _ -; 2 to 64 characters')
  .meta({ id: 'Username' });
const displayName = z.string().trim().min(1).max(200);
// The policy (length) is checked by checkPasswordPolicy, which answers KPX_PASSWORD_WEAK.
const password = z.string().max(maxPasswordLength * 4);

export const signInRequestSchema = z
  .strictObject({
    username: z.string().min(1).max(200),
    password: z
      .string()
      .min(1)
      .max(maxPasswordLength * 4),
    totp: z
      .string()
      .max(16)
      .optional()
      .meta({ description: 'The 6-digit code, when the account has TOTP enabled.' }),
  })
  .meta({ id: 'SignInRequest' });

export const sessionUserSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    role,
    company: company.optional(),
    totpEnabled: z.boolean(),
    mustChangePassword: z
      .boolean()
      .meta({ description: 'The password was set by an admin; the console asks for a new one.' }),
  })
  .meta({ id: 'SessionUser' });

export const sessionSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z
      .string()
      .meta({ description: 'Send as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE.' }),
  })
  .meta({ id: 'Session' });

export const totpEnrolmentSchema = z
  .object({
    secret: z.string().meta({ description: 'Base32 (RFC 4648), for typing into an app.' }),
    otpauthUri: z.string().meta({ description: '`otpauth://totp/…`, for a QR code.' }),
  })
  .meta({ id: 'TotpEnrolment' });

export const totpConfirmSchema = z
  .strictObject({ code: z.string().max(16) })
  .meta({ id: 'TotpConfirmation' });

export const passwordChangeSchema = z
  .strictObject({ currentPassword: password, newPassword: password })
  .meta({ id: 'PasswordChange' });

export const userViewSchema = sessionUserSchema
  .extend({
    disabled: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
    lastSignInAt: dateTime.nullable(),
  })
  .meta({ id: 'User' });

export const userListSchema = z.object({ items: z.array(userViewSchema) }).meta({ id: 'UserList' });

export const createUserSchema = z
  .strictObject({
    username: usernameSchema,
    displayName,
    role,
    company: company.optional().meta({ description: 'Required for `trader`, refused otherwise.' }),
    password: password
      .optional()
      .meta({ description: 'At least 12 characters; generated (and returned once) when absent.' }),
  })
  .meta({ id: 'UserRequest' });

export const createdUserSchema = z
  .object({
    user: userViewSchema,
    initialPassword: z
      .string()
      .optional()
      .meta({ description: 'The generated password, shown this once (only when none was given).' }),
  })
  .meta({ id: 'CreatedUser' });

export const userChangeSchema = z
  .strictObject({
    role: officerRole.optional(),
    disabled: z.boolean().optional(),
    displayName: displayName.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'name at least one of role, disabled, displayName')
  .meta({ id: 'UserChange' });

export const passwordResetSchema = z
  .object({
    temporaryPassword: z
      .string()
      .meta({ description: 'Shown this once; the officer must change it after signing in.' }),
  })
  .meta({ id: 'PasswordReset' });

export const usernameParams = z.object({
  username: z.string().meta({ param: { name: 'username', in: 'path' } }),
});
