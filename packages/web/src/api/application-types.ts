// Response shapes of the trader applications API (docs/applications.md, spec/openapi.json).
import type { CertificateDraft } from '@kpx/domain';

export type ApplicationStatus =
  'submitted' | 'under_review' | 'changes_requested' | 'refused' | 'approved';
export const applicationStatuses: readonly ApplicationStatus[] = [
  'submitted',
  'under_review',
  'changes_requested',
  'refused',
  'approved',
];

export type TimelineEvent = { at: string; type: string; actor: string; data?: unknown };

export type ApplicationSummary = {
  id: string;
  company: { id: string; name: string };
  status: ApplicationStatus;
  exporter: string;
  importingParticipant: string;
  carats: string;
  valueUsd: string;
  submittedAt: string;
  updatedAt: string;
  waitingSeconds: number | null;
  certificateNumber: string | null;
  certificateStatus: string | null;
};

export type ApplicationPage = { items: ApplicationSummary[]; nextCursor: string | null };

export type Discrepancy = { field: string; expected: string; actual: string; difference: string };

export type ApplicationDetail = ApplicationSummary & {
  draft: CertificateDraft;
  attachments: Array<{
    id: string;
    kind: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
  }>;
  submittedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  seals: string[] | null;
  check: string | null;
  events: TimelineEvent[];
  certificate: {
    number: string;
    status: string;
    delivery: string;
    issuedOn: string;
    expiresOn: string;
    events: TimelineEvent[];
    confirmation: {
      parcels: number;
      carats: string;
      valueUsd: string;
      receivedOn: string;
      sealsIntact: boolean;
      discrepancies: Discrepancy[];
      confirmedAt: string;
    } | null;
  } | null;
};

export type Company = {
  id: string;
  name: string;
  address: string;
  licence: string;
  status: 'active' | 'suspended';
  createdAt: string;
  updatedAt: string;
};

export type BulkResult = {
  accepted: number;
  refused: number;
  results: Array<{
    row: number;
    line: number;
    reference?: string;
    ok: boolean;
    id?: string;
    problems: Array<{ code: string; column: string; message: string }>;
  }>;
};

/** A file as the API takes it: base64 of its bytes. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step)
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}
