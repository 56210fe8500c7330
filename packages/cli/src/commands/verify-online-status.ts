import type { KpxCode } from '@kpx/domain';
import type { Check } from '@kpx/protocol';

/** The name of the extra check `kpx verify --online` adds after the signature checks. */
export const statusCheckName = 'status';

// What each status means for someone holding the certificate at the border: only a
// certificate still on its way may be presented; `confirmed` means it was consumed (KPCS III(b):
// a second presentation is reuse).
const verdicts: Readonly<Record<string, { code?: KpxCode; message: string }>> = {
  issued: { message: 'issued, not yet consumed' },
  delivered: { message: 'delivered to the importing authority, not yet consumed' },
  confirmed: {
    code: 'KPX_ALREADY_CONSUMED',
    message: 'confirmed: the import was recorded and the certificate consumed',
  },
  rejected: { code: 'KPX_STATUS_TRANSITION', message: 'rejected at import' },
  cancelled: { code: 'KPX_STATUS_TRANSITION', message: 'cancelled by its issuer' },
  superseded: { code: 'KPX_STATUS_TRANSITION', message: 'superseded by an amendment' },
  expired: { code: 'KPX_CERTIFICATE_EXPIRED', message: 'expired unused' },
};

/** What the node answered about the certificate, for `--json`. */
export type OnlineStatus = { node: string; status?: string; issuer?: string; problem?: unknown };

/**
 * `--online URL`: asks the node `GET /api/v1/verify/{number}` (public, status only) and turns
 * the answer into one more named check, so the verdict says whether the genuine certificate is
 * still good to present. A node that is unreachable or does not hold the certificate fails the
 * check with its own code; the signature checks stand as they are.
 */
export async function onlineStatusCheck(
  nodeUrl: string,
  number: string,
): Promise<{ check: Check; status: OnlineStatus }> {
  const url = `${nodeUrl.replace(/\/+$/, '')}/api/v1/verify/${encodeURIComponent(number)}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    return {
      check: {
        check: statusCheckName,
        ok: false,
        code: 'KPX_NODE_UNREACHABLE',
        message: `${nodeUrl} did not answer: ${(error as Error).message}`,
      },
      status: { node: nodeUrl },
    };
  }
  const body = (await response.json().catch(() => undefined)) as
    { status?: unknown; issuer?: unknown; code?: unknown; detail?: unknown } | undefined;
  if (!response.ok || typeof body?.status !== 'string') {
    const code: KpxCode = response.status === 404 ? 'KPX_NOT_FOUND' : 'KPX_INTERNAL';
    const detail = typeof body?.detail === 'string' ? `: ${body.detail}` : '';
    return {
      check: {
        check: statusCheckName,
        ok: false,
        code,
        message: `${nodeUrl} answered HTTP ${String(response.status)}${detail}`,
      },
      status: { node: nodeUrl, problem: body },
    };
  }
  const verdict = verdicts[body.status] ?? {
    code: 'KPX_STATUS_TRANSITION' as const,
    message: `unknown status ${body.status}`,
  };
  const issuer = typeof body.issuer === 'string' ? body.issuer : undefined;
  return {
    check:
      verdict.code === undefined
        ? { check: statusCheckName, ok: true, message: `${verdict.message} (${nodeUrl})` }
        : {
            check: statusCheckName,
            ok: false,
            code: verdict.code,
            message: `${verdict.message} (${nodeUrl})`,
          },
    status: {
      node: nodeUrl,
      status: body.status,
      ...(issuer === undefined ? {} : { issuer }),
    },
  };
}
