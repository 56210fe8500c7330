import type { Role } from '../tokens/roles.js';

/** An officer account as stored. */
export type UserRecord = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The company of a `trader` account; null for officers. */
  companyId: string | null;
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
};

/** The signed-in officer, as `GET /api/v1/session` shows it. */
export type SessionUser = {
  username: string;
  displayName: string;
  role: Role;
  /** The company of a `trader` account (absent for officers). */
  company?: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
};

/** An account as the users admin shows it (never a hash or a secret). */
export type UserView = SessionUser & {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
};

export function sessionUserOf(user: UserRecord): SessionUser {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    ...(user.companyId === null ? {} : { company: user.companyId }),
    totpEnabled: user.totpSecret !== null,
    mustChangePassword: user.mustChangePassword,
  };
}

export function userViewOf(user: UserRecord): UserView {
  return {
    ...sessionUserOf(user),
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastSignInAt: user.lastSignInAt,
  };
}
