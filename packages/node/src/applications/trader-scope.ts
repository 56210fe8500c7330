import { KpxError } from '@kpx/domain';
import type { Principal } from '../auth/principal.js';
import type { NodeContext } from '../node-context.js';
import { companyRepository } from './company-repository.js';
import type { Company } from './company-schemas.js';

/**
 * What a principal may see of applications: a `trader` only its own company's (`companyId`);
 * an officer everything (`{}`). A trader credential without a company cannot exist (refused at
 * creation); should one appear, it sees nothing.
 */
export function applicationScope(principal: Principal): { companyId?: string } {
  if (principal.role !== 'trader') return {};
  if (principal.companyId === null)
    throw new KpxError('KPX_FORBIDDEN', { detail: 'This trader credential has no company' });
  return { companyId: principal.companyId };
}

/** The company a principal applies for: only a trader applies, and only for its own company. */
export function applyingCompanyId(principal: Principal): string {
  const { companyId } = applicationScope(principal);
  if (companyId === undefined)
    throw new KpxError('KPX_FORBIDDEN', { detail: 'Only a trader applies, for its company' });
  return companyId;
}

/** The company, if it may apply now; a suspended (or vanished) company is refused. */
export async function activeCompany(ctx: NodeContext, companyId: string): Promise<Company> {
  const company = await companyRepository(ctx.storage.db).find(companyId);
  if (company?.status !== 'active')
    throw new KpxError('KPX_COMPANY_INACTIVE', {
      detail: 'The company is suspended: it cannot apply',
    });
  return company;
}
