import { KpxError } from '@kpx/domain';
import type { Principal } from '../auth/principal.js';

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
