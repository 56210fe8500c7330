import { KpxError } from '@kpx/domain';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import type { KpxDatabase } from '../storage/database-schema.js';
import type { Role } from '../tokens/roles.js';
import { parseWith } from '../validation/parse-with.js';
import { companyRepository } from './company-repository.js';
import { companyChangeSchema, companyRequestSchema, type Company } from './company-schemas.js';

/** Every registered company, by name (`GET /api/v1/companies`: admin, issuer, auditor). */
export async function listCompanies(ctx: NodeContext): Promise<Company[]> {
  return companyRepository(ctx.storage.db).list();
}

/**
 * Registers a company (`POST /api/v1/companies`, admin): `active` at once. A licence number
 * already registered is `409 KPX_CONFLICT`. Audited as `company.create`.
 */
export function createCompany(ctx: NodeContext, body: unknown, actor: string): Promise<Company> {
  const input = parseWith(companyRequestSchema, body);
  return ctx.storage.transactor.transact(async (uow) => {
    const companies = companyRepository(uow.db);
    if ((await companies.findByLicence(input.licence)) !== undefined) {
      throw new KpxError('KPX_CONFLICT', {
        detail: `A company with licence ${input.licence} is registered already`,
      });
    }
    const now = isoAt(ctx.clock.now());
    const company: Company = {
      id: ctx.ids(),
      ...input,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    await companies.insert(company);
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'company.create',
      subject: `company:${company.id}`,
      data: input,
    });
    return company;
  });
}

/**
 * Changes a company's name, address or status (`PATCH /api/v1/companies/{id}`, admin). A
 * suspended company's traders keep reading their applications but may not submit new ones.
 */
export function updateCompany(
  ctx: NodeContext,
  id: string,
  body: unknown,
  actor: string,
): Promise<Company> {
  const change = parseWith(companyChangeSchema, body);
  return ctx.storage.transactor.transact(async (uow) => {
    const companies = companyRepository(uow.db);
    const company = await companies.find(id);
    if (company === undefined) throw new KpxError('KPX_NOT_FOUND', { detail: `No company ${id}` });
    const now = isoAt(ctx.clock.now());
    const next: Company = {
      ...company,
      name: change.name ?? company.name,
      address: change.address ?? company.address,
      status: change.status ?? company.status,
      updatedAt: now,
    };
    await companies.update(id, next);
    await appendAudit(uow.db, {
      at: now,
      actor,
      action: 'company.update',
      subject: `company:${id}`,
      data: change,
    });
    return next;
  });
}

/**
 * The company an account or token of `role` belongs to, checked at its creation: a `trader`
 * needs an existing company (`KPX_COMPANY_REQUIRED`), an officer may not have one. Returns the
 * company id to store, or null.
 */
export async function companyForRole(
  db: Kysely<KpxDatabase>,
  role: Role,
  company: string | undefined,
): Promise<string | null> {
  if (role !== 'trader') {
    if (company === undefined) return null;
    throw new KpxError('KPX_VALIDATION_FAILED', {
      problems: [
        {
          code: 'KPX_FIELD_UNKNOWN',
          path: '/company',
          message: 'Only trader accounts and tokens belong to a company.',
        },
      ],
    });
  }
  const found = company === undefined ? undefined : await companyRepository(db).find(company);
  if (found === undefined) {
    throw new KpxError('KPX_COMPANY_REQUIRED', {
      detail:
        company === undefined
          ? 'A trader belongs to one company: name it in `company`'
          : `No company ${company}`,
      problems: [
        {
          code: 'KPX_COMPANY_REQUIRED',
          path: '/company',
          message: 'Name a registered company.',
        },
      ],
    });
  }
  return found.id;
}
