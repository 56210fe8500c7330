import type { EnrolmentRecord, EnrolmentResult, EnrolmentStatus } from '@kpx/registry';
import { CliError, exitCodes, printJson, type Io } from '../output.js';
import { registryAction, withRegistry } from './registry-support.js';

type Common = { dir: string; json?: boolean };

const statuses: readonly EnrolmentStatus[] = ['pending', 'approved', 'rejected'];

function summary(e: EnrolmentRecord | EnrolmentResult) {
  const { jwk: _jwk, ...rest } = e as EnrolmentResult;
  const { published, duplicate: _duplicate, ...fields } = rest;
  return published === undefined ? fields : { ...fields, version: published.version };
}

export type EnrolmentsOptions = Common & { status?: string };

/** `kpx registry enrolments`: key enrolments submitted by nodes (default: pending ones). */
export async function registryEnrolments(options: EnrolmentsOptions, io: Io): Promise<number> {
  return registryAction(async () => {
    const status = (options.status ?? 'pending') as EnrolmentStatus | 'all';
    if (status !== 'all' && !statuses.includes(status)) {
      throw new CliError(
        'KPX_USAGE',
        `--status must be one of ${statuses.join(', ')} or all`,
        exitCodes.usage,
      );
    }
    return withRegistry(options.dir, async (registry) => {
      const enrolments = await registry.enrolments(status === 'all' ? undefined : status);
      if (options.json) printJson(io, { enrolments: enrolments.map(summary) });
      else if (enrolments.length === 0)
        io.out(`no ${status === 'all' ? '' : `${status} `}enrolments`);
      else
        io.out(
          enrolments
            .map(
              (e) =>
                `${e.id}  ${e.status.padEnd(8)}  ${e.authority}  key ${e.kid}  signed by ${e.signedBy}  received ${e.receivedAt}`,
            )
            .join('\n'),
        );
      return exitCodes.ok;
    });
  });
}

export type ApproveOptions = Common;

/** `kpx registry approve <id>`: lists the enrolled key and publishes. */
export async function registryApprove(
  id: string,
  options: ApproveOptions,
  io: Io,
): Promise<number> {
  return registryAction(() =>
    withRegistry(options.dir, async (registry) => {
      const result = await registry.approveEnrolment(id);
      if (options.json) printJson(io, summary(result));
      else
        io.out(
          `approved enrolment ${result.id}: key ${result.kid} of ${result.authority} valid from ${result.validFrom ?? '?'}; ` +
            `published trust list version ${result.published?.version ?? '?'}`,
        );
      return exitCodes.ok;
    }),
  );
}

export type RejectOptions = Common & { reason: string };

/** `kpx registry reject <id> --reason R`. */
export async function registryReject(id: string, options: RejectOptions, io: Io): Promise<number> {
  return registryAction(() =>
    withRegistry(options.dir, async (registry) => {
      const result = await registry.rejectEnrolment(id, options.reason);
      if (options.json) printJson(io, summary(result));
      else
        io.out(
          `rejected enrolment ${result.id} (key ${result.kid} of ${result.authority}): ${result.reason ?? ''}`,
        );
      return exitCodes.ok;
    }),
  );
}
