import { KpxError, certificateStatuses, type CertificateStatus } from '@kpx/domain';
import { base64urlDecode, base64urlEncode, utf8, utf8Decode } from '@kpx/protocol';
import type { NodeContext } from '../node-context.js';
import { repositories } from '../storage/repositories.js';
import type { CertificateFilter, ListPosition } from './certificate-repository.js';
import { toSummary, type CertificateSummary } from './certificate-views.js';

/** Query of the certificate list. */
export type ListQuery = {
  direction?: 'outgoing' | 'incoming';
  status?: string;
  partner?: string;
  limit?: number;
  cursor?: string;
};

/** A page of the list, newest first; `nextCursor` is null on the last page. */
export type CertificatePage = { items: CertificateSummary[]; nextCursor: string | null };

export const maxPageSize = 200;
const defaultPageSize = 50;

/** The cursor is opaque to clients: base64url of the last row's `[createdAt, number]`. */
function encodeCursor(p: ListPosition): string {
  return base64urlEncode(utf8(JSON.stringify([p.createdAt, p.number])));
}

function decodeCursor(cursor: string): ListPosition {
  const bytes = base64urlDecode(cursor);
  const text = bytes === undefined ? undefined : utf8Decode(bytes);
  try {
    const value: unknown = text === undefined ? undefined : JSON.parse(text);
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { createdAt: value[0], number: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new KpxError('KPX_VALIDATION_FAILED', {
    problems: [
      {
        code: 'KPX_VALIDATION_FAILED',
        path: '/cursor',
        message: 'Not a cursor returned by this list.',
      },
    ],
  });
}

/** Lists certificates with filters and cursor paging, newest first. */
export async function listCertificates(
  ctx: NodeContext,
  query: ListQuery,
): Promise<CertificatePage> {
  const limit = Math.min(Math.max(query.limit ?? defaultPageSize, 1), maxPageSize);
  if (
    query.status !== undefined &&
    !(certificateStatuses as readonly string[]).includes(query.status)
  ) {
    throw new KpxError('KPX_VALIDATION_FAILED', {
      problems: [
        {
          code: 'KPX_VALIDATION_FAILED',
          path: '/status',
          message: `One of ${certificateStatuses.join(', ')}.`,
        },
      ],
    });
  }
  const filter: CertificateFilter = {
    ...(query.direction === undefined ? {} : { direction: query.direction }),
    ...(query.status === undefined ? {} : { status: query.status as CertificateStatus }),
    ...(query.partner === undefined ? {} : { partner: query.partner }),
  };
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await repositories(ctx.storage.db, ctx.ids).certificates.list(
    filter,
    after,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toSummary),
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeCursor({ createdAt: last.createdAt, number: last.number })
        : null,
  };
}
