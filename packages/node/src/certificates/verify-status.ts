import { KpxError } from '@kpx/domain';
import type { NodeContext } from '../node-context.js';
import { repositories } from '../storage/repositories.js';

/** The public status of a certificate: nothing commercial (no parties, figures or goods). */
export type PublicStatus = {
  number: string;
  issuer: string;
  status: string;
  issuedOn: string;
  expiresOn: string;
};

/** Where to ask instead when this node does not hold the certificate. */
export type IssuerNode = { authority: string; endpoint: string };

/**
 * `GET /api/v1/verify/{number}` (ARCHITECTURE.md flow 7): the status of a certificate this node
 * holds, else `KPX_NOT_FOUND` naming the nodes of the Participant the number's prefix names
 * (KPCS Annex I: numbers start with the issuer's code), so the verifier can ask there.
 */
export async function verifyStatus(ctx: NodeContext, number: string): Promise<PublicStatus> {
  const record = await repositories(ctx.storage.db, ctx.ids).certificates.find(number);
  if (record !== undefined) {
    return {
      number: record.number,
      issuer: record.issuingAuthority,
      status: record.status,
      issuedOn: record.issuedOn,
      expiresOn: record.expiresOn,
    };
  }
  const prefix = number.slice(0, 2);
  const nodes: IssuerNode[] = [];
  const trust = ctx.trust.current();
  for (const a of trust.list.authorities) {
    if (a.participant === prefix && a.mayIssue && a.endpoint !== undefined)
      nodes.push({ authority: a.id, endpoint: a.endpoint });
  }
  const detail =
    nodes.length === 0
      ? `This node holds no certificate ${number}, and no node of ${prefix} is listed`
      : `This node holds no certificate ${number}; ask the issuer's node: ${nodes.map((n) => `${n.authority} ${n.endpoint}`).join(', ')}`;
  throw new IssuerElsewhere(detail, nodes);
}

/** `KPX_NOT_FOUND` carrying the issuer's nodes (an RFC 9457 extension member `issuerNodes`). */
export class IssuerElsewhere extends KpxError {
  readonly issuerNodes: IssuerNode[];
  constructor(detail: string, issuerNodes: IssuerNode[]) {
    super('KPX_NOT_FOUND', { detail });
    this.issuerNodes = issuerNodes;
  }
}
