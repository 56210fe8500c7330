import type { Kysely, Selectable, Updateable } from 'kysely';
import type { KpxDatabase, UsersTable } from '../storage/database-schema.js';
import type { Role } from '../tokens/roles.js';
import type { UserRecord } from './user-record.js';

/** The fields an update may change. */
export type UserChange = Partial<
  Pick<
    UserRecord,
    | 'displayName'
    | 'role'
    | 'passwordHash'
    | 'disabled'
    | 'mustChangePassword'
    | 'totpSecret'
    | 'totpPendingSecret'
    | 'totpLastStep'
    | 'lastSignInAt'
  >
> & { updatedAt: string };

/** Storage port of officer accounts. */
export interface UserRepository {
  insert(user: UserRecord): Promise<void>;
  findByUsername(username: string): Promise<UserRecord | undefined>;
  findById(id: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  update(id: string, change: UserChange): Promise<void>;
  /** Enabled accounts with the admin role. */
  countEnabledAdmins(): Promise<number>;
}

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    companyId: row.company_id,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    totpSecret: row.totp_secret,
    totpPendingSecret: row.totp_pending_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** The Kysely adapter of {@link UserRepository}. */
export function userRepository(db: Kysely<KpxDatabase>): UserRepository {
  return Object.freeze<UserRepository>({
    async insert(u) {
      await db
        .insertInto('users')
        .values({
          id: u.id,
          username: u.username,
          display_name: u.displayName,
          role: u.role,
          company_id: u.companyId,
          password_hash: u.passwordHash,
          disabled: u.disabled ? 1 : 0,
          must_change_password: u.mustChangePassword ? 1 : 0,
          totp_secret: u.totpSecret,
          totp_pending_secret: u.totpPendingSecret,
          totp_last_step: u.totpLastStep,
          created_at: u.createdAt,
          updated_at: u.updatedAt,
          last_sign_in_at: u.lastSignInAt,
        })
        .execute();
    },
    async findByUsername(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async list() {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map(toRecord);
    },
    async update(id, change) {
      const set: Updateable<UsersTable> = { updated_at: change.updatedAt };
      if (change.displayName !== undefined) set.display_name = change.displayName;
      if (change.role !== undefined) set.role = change.role;
      if (change.passwordHash !== undefined) set.password_hash = change.passwordHash;
      if (change.disabled !== undefined) set.disabled = change.disabled ? 1 : 0;
      if (change.mustChangePassword !== undefined)
        set.must_change_password = change.mustChangePassword ? 1 : 0;
      if (change.totpSecret !== undefined) set.totp_secret = change.totpSecret;
      if (change.totpPendingSecret !== undefined)
        set.totp_pending_secret = change.totpPendingSecret;
      if (change.totpLastStep !== undefined) set.totp_last_step = change.totpLastStep;
      if (change.lastSignInAt !== undefined) set.last_sign_in_at = change.lastSignInAt;
      await db.updateTable('users').set(set).where('id', '=', id).execute();
    },
    async countEnabledAdmins() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },
  });
}
