import { defaultDirectory, validateCertificate, validateDraft, type Problem } from '@kpx/domain';
import { exitCodes, printJson, type Io } from '../output.js';
import { readJson } from '../read-input.js';
import { todayUtc } from '../today.js';

export type CertValidateOptions = { authority?: string; today?: string; json?: boolean };

/**
 * `kpx cert validate FILE`: a certificate (it has a `number`) is checked with the receiver's
 * rules; anything else as an issue draft of `--authority`. Every problem is listed at once.
 */
export async function certValidate(
  file: string,
  options: CertValidateOptions,
  io: Io,
): Promise<number> {
  const input = await readJson(file, 'certificate');
  const today = options.today ?? todayUtc();
  const isCertificate = typeof input === 'object' && input !== null && 'number' in input;
  const result = isCertificate
    ? validateCertificate(input, { directory: defaultDirectory, today })
    : validateDraft(input, {
        directory: defaultDirectory,
        issuingAuthority: options.authority ?? 'RU-MINFIN',
        today,
      });
  const kind = isCertificate ? 'certificate' : 'draft';
  const problems: Problem[] = result.ok ? [] : result.problems;
  if (options.json) printJson(io, { valid: result.ok, kind, problems });
  else if (result.ok) io.out(`${file}: valid ${kind}`);
  else {
    io.out(
      `${file}: invalid ${kind}, ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    );
    for (const p of problems) io.out(`  ${p.path || '/'}  ${p.code}  ${p.message}`);
  }
  return result.ok ? exitCodes.ok : exitCodes.invalid;
}
