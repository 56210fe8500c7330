import type { CertificateDraft } from '@kpx/domain';
import type { ApplicationDetail } from '@kpx/node';
import { CliError, exitCodes } from '../output.js';
import { apiClient } from './demo-client.js';
import type { ApplicationPath, PlannedApplication } from './demo-plan.js';

/** What became of one planned trader application, in the node's words. */
export type ApplicationOutcome = {
  id: string;
  /** The node's id of the application. */
  application: string;
  at: string;
  to: string;
  path: ApplicationPath;
  status: ApplicationDetail['status'];
  /** Approved: the certificate issued from it. */
  number?: string;
  note: string;
};

/** What the demo needs of a node to apply there: the registered company and its trader's token. */
export type ApplyingNode = {
  url: string;
  tokens: Readonly<Record<string, string>>;
  company: { name: string; address: string; licence: string };
};

/**
 * The bytes of a tiny, well-formed one-page PDF (ISO 32000 header, catalog, pages, page, xref,
 * trailer) with `label` in a comment, so every document hashes differently. The node only checks
 * the `%PDF-` header and stores the bytes; it never opens them.
 */
export function tinyPdf(label: string): Buffer {
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n',
  ];
  let body = `%PDF-1.4\n% ${label.replace(/[^\x20-\x7e]/g, '?')}\n`;
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += object;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The supporting documents an application needs: an invoice and a packing list (PDF, base64). */
function documents(reference: string) {
  const pdf = (kind: 'invoice' | 'packing-list') => ({
    kind,
    filename: `${kind}-${reference}.pdf`,
    contentType: 'application/pdf',
    content: tinyPdf(`${kind} ${reference}`).toString('base64'),
  });
  return [pdf('invoice'), pdf('packing-list')];
}

/**
 * Trader applications (docs/applications.md), over the node's API as its people would: the
 * trader of the company the network registered on the exporting node submits the draft with an
 * invoice and a packing list; the issuer takes it up for review and approves it, recording the
 * container seals checked and the KPCS check done — which issues the certificate (delivered to
 * the importing node like any other). On the `revise` path the issuer first sends it back for
 * changes and the trader resubmits the corrected draft; on the `refuse` path the issuer refuses
 * it straight from the queue. Any refused request stops the demo (`CliError`).
 *
 * Returns the outcome, and for an approved application the draft the certificate was issued
 * from (the officer's seals in place of the trader's), which the importer then confirms.
 */
export async function runApplication(
  step: PlannedApplication,
  node: ApplyingNode,
  reference: string,
): Promise<{ outcome: ApplicationOutcome; issued?: CertificateDraft }> {
  const traderToken = node.tokens.trader;
  const issuerToken = node.tokens.issuer;
  if (traderToken === undefined || issuerToken === undefined)
    throw new CliError(
      'KPX_DEMO_STALLED',
      `${step.at}: the network gave no trader or issuer token; the demo cannot apply there`,
      exitCodes.invalid,
    );
  const trader = apiClient(node.url, traderToken);
  const issuer = apiClient(node.url, issuerToken);
  const exporter = {
    name: node.company.name,
    address: node.company.address,
    licence: node.company.licence,
  };
  const path = (id: string, rest = '') => `/api/v1/applications/${encodeURIComponent(id)}${rest}`;
  const decide = async (id: string, decision: Record<string, unknown>) =>
    (await issuer.post<ApplicationDetail>(path(id, '/decision'), decision)).body;

  const first = { ...step.draft, exporter };
  const { body: submitted } = await trader.post<ApplicationDetail>('/api/v1/applications', {
    draft: first,
    attachments: documents(reference),
  });
  const id = submitted.id;
  const outcome = (detail: ApplicationDetail, note: string): ApplicationOutcome => ({
    id: step.id,
    application: id,
    at: step.at,
    to: step.to,
    path: step.path,
    status: detail.status,
    ...(detail.certificateNumber === null ? {} : { number: detail.certificateNumber }),
    note,
  });

  if (step.path === 'refuse') {
    const refused = await decide(id, {
      action: 'refuse',
      reason: 'The invoice names a consignee other than the importer on the draft',
    });
    return { outcome: outcome(refused, `${step.at}: ${exporter.name}'s application refused`) };
  }

  let draft = first;
  await decide(id, { action: 'review' });
  if (step.path === 'revise' && step.revision !== undefined) {
    await decide(id, {
      action: 'request-changes',
      reason: `The packing list counts ${step.revision.parcels} parcels; the draft declares ${first.parcels}`,
    });
    draft = { ...step.revision, exporter };
    await trader.post<ApplicationDetail>(path(id, '/resubmission'), {
      draft,
      attachments: documents(`${reference}-rev1`),
    });
    await decide(id, { action: 'review' });
  }
  const seals = draft.seals ?? [`${step.at}-A-${reference}`];
  const approved = await decide(id, {
    action: 'approve',
    seals,
    check: `Parcels counted (${draft.parcels}), weighed against the invoice, container sealed ${seals.join(', ')}`,
  });
  if (approved.certificateNumber === null)
    throw new CliError(
      'KPX_DEMO_STALLED',
      `${step.at}: application ${id} approved without a certificate`,
      exitCodes.invalid,
    );
  return {
    outcome: outcome(
      approved,
      `${step.at}: ${exporter.name}'s application ${step.path === 'revise' ? 'revised, then ' : ''}approved as ${approved.certificateNumber}`,
    ),
    issued: { ...draft, seals },
  };
}
