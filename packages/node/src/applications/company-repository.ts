import type { Kysely, Selectable, Updateable } from 'kysely';
import type { CompaniesTable, KpxDatabase } from '../storage/database-schema.js';
import type { Company, CompanyStatus } from './company-schemas.js';

/** The fields an update may change. */
export type CompanyChange = Partial<Pick<Company, 'name' | 'address' | 'status'>> & {
  updatedAt: string;
};

/** Storage port of the companies registered with the authority. */
export interface CompanyRepository {
  insert(company: Company): Promise<void>;
  find(id: string): Promise<Company | undefined>;
  findByLicence(licence: string): Promise<Company | undefined>;
  list(): Promise<Company[]>;
  update(id: string, change: CompanyChange): Promise<void>;
}

function toCompany(row: Selectable<CompaniesTable>): Company {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    licence: row.licence,
    status: row.status as CompanyStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The Kysely adapter of {@link CompanyRepository}. */
export function companyRepository(db: Kysely<KpxDatabase>): CompanyRepository {
  return Object.freeze<CompanyRepository>({
    async insert(c) {
      await db
        .insertInto('companies')
        .values({
          id: c.id,
          name: c.name,
          address: c.address,
          licence: c.licence,
          status: c.status,
          created_at: c.createdAt,
          updated_at: c.updatedAt,
        })
        .execute();
    },
    async find(id) {
      const row = await db
        .selectFrom('companies')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toCompany(row);
    },
    async findByLicence(licence) {
      const row = await db
        .selectFrom('companies')
        .selectAll()
        .where('licence', '=', licence)
        .executeTakeFirst();
      return row === undefined ? undefined : toCompany(row);
    },
    async list() {
      return (
        await db.selectFrom('companies').selectAll().orderBy('name').orderBy('id').execute()
      ).map(toCompany);
    },
    async update(id, change) {
      const set: Updateable<CompaniesTable> = { updated_at: change.updatedAt };
      if (change.name !== undefined) set.name = change.name;
      if (change.address !== undefined) set.address = change.address;
      if (change.status !== undefined) set.status = change.status;
      await db.updateTable('companies').set(set).where('id', '=', id).execute();
    },
  });
}
