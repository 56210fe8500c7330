// Response shapes of the node's HTTP API (spec/openapi.json and the console contract).
// Request bodies are the domain's own types (@kpx/domain), imported where the forms are.

export type Role = 'admin' | 'issuer' | 'importer' | 'analyst' | 'auditor' | 'trader';
/** Officer roles (a `trader` account is made with its company on the companies page). */
export const roles: readonly Role[] = ['admin', 'issuer', 'importer', 'analyst', 'auditor'];

export type CertificateStatus =
  'issued' | 'delivered' | 'confirmed' | 'rejected' | 'cancelled' | 'expired' | 'superseded';
export const statuses: readonly CertificateStatus[] = [
  'issued',
  'delivered',
  'confirmed',
  'rejected',
  'cancelled',
  'expired',
  'superseded',
];

export type Direction = 'outgoing' | 'incoming';
export type Delivery = 'electronic' | 'paper';

export type SessionUser = {
  username: string;
  displayName: string;
  role: Role;
  /** The company of a trader account (docs/applications.md). */
  company?: string;
  totpEnabled: boolean;
  /** The password was set by an admin: the console asks for a new one. */
  mustChangePassword?: boolean;
};
export type Session = { user: SessionUser; csrfToken?: string };

export type ManagedUser = SessionUser & {
  disabled?: boolean;
  createdAt?: string;
  lastSignInAt?: string | null;
};

export type Party = { name: string; address: string; licence?: string };
export type LineItem = { hs: string; carats: string; valueUsd: string };

export type CertificateData = {
  number: string;
  issuingAuthority: string;
  exportingParticipant: string;
  importingParticipant: string;
  importingAuthority: string;
  exporter: Party;
  importer: Party;
  origin: string;
  items: LineItem[];
  totals: { carats: string; valueUsd: string };
  parcels: number;
  issuedOn: string;
  expiresOn: string;
  transit: string[];
  seals: string[];
  replaces?: string;
};

export type CertificateSummary = {
  number: string;
  direction: Direction;
  status: CertificateStatus;
  delivery: Delivery;
  issuingAuthority: string;
  partner: { participant: string; authority: string | null };
  issuedOn: string;
  expiresOn: string;
  totals: { carats: string; valueUsd: string };
  createdAt: string;
  updatedAt: string;
};

export type CertificatePage = { items: CertificateSummary[]; nextCursor: string | null };

export type Discrepancy = { field: string; expected: string; actual: string; difference: string };

export type CertificateDetail = CertificateSummary & {
  certificate: CertificateData;
  signed: string | null;
  replaces: string | null;
  replacedBy: string | null;
  events: { at: string; type: string; actor: string; data?: unknown }[];
  receipts: {
    messageId: string;
    messageType: string;
    role: 'received' | 'issued';
    signer: string;
    result: 'accepted' | 'rejected';
    code?: string;
    receivedAt: string;
    jws: string;
  }[];
  confirmation:
    | (ConfirmationBody & {
        discrepancies: Discrepancy[];
        confirmedAt: string;
        confirmedBy: string;
      })
    | null;
};

export type ConfirmationBody = {
  parcels: number;
  carats: string;
  valueUsd: string;
  items?: LineItem[];
  receivedOn: string;
  sealsIntact: boolean;
  remarks?: string;
};

export type Issued = {
  number: string;
  status: 'issued';
  delivery: Delivery;
  issuedOn: string;
  expiresOn: string;
  replaces?: string;
};

export type Check = { check: string; ok: boolean; code?: string; message: string };
export type VerificationReport = {
  valid: boolean;
  checks: Check[];
  number?: string;
  status?: CertificateStatus;
};
export type PublicStatus = {
  number: string;
  issuer: string;
  status: CertificateStatus;
  issuedOn: string;
  expiresOn: string;
};

export type Names = { en: string; ru: string; fr: string };
export type TrustListData = {
  version: number;
  issuedAt: string;
  nextUpdate: string;
  participants: { code: string; names: Names; status: 'active' | 'suspended' }[];
  authorities: {
    id: string;
    participant: string;
    names: Names;
    mayIssue: boolean;
    mayImport: boolean;
    defaultImporting: boolean;
    endpoint?: string;
    numberPattern: string;
    validity: { defaultDays: number; maxDays: number };
  }[];
  keys: {
    kid: string;
    alg: string;
    jwk: Record<string, unknown>;
    authority: string;
    validFrom: string;
    validTo?: string;
    revokedAt?: string;
    revocationReason?: string;
  }[];
};
export type TrustListView = {
  trustList: TrustListData;
  signed?: string;
  /** The registry root the node pins (when it has one): what `signed` verifies against. */
  rootKey?: { kid: string; jwk: Record<string, string> };
  verification: 'signature' | 'unchecked-signature' | 'unsigned';
  source: string;
  loadedAt: string;
  ageSeconds: number;
};

export type Dashboard = {
  certificates: {
    outgoing: Partial<Record<CertificateStatus, number>>;
    incoming: Partial<Record<CertificateStatus, number>>;
  };
  overdueDeliveries: number;
  overdueConfirmations: number;
  deadLetters: number;
  recentActivity: { number: string; type: string; at: string; actor: string }[];
  trustList: { version: number; ageSeconds: number };
};

export type Health = { status: 'ok'; authority: string };

export type TradeRow = {
  period: string;
  flow: 'export' | 'import';
  partner: string;
  hs: string;
  origin: string;
  provenance?: string;
  certificates: number;
  carats: string;
  valueUsd: string;
};

export type MirrorTotals = {
  certificates: number;
  carats: string;
  valueUsd: string;
  parcels: number;
};
export type ReconciliationGroup = {
  period: string;
  exporter: string;
  importer: string;
  exports: MirrorTotals;
  imports: MirrorTotals;
  matched: number;
  discrepancies: {
    number: string;
    differences: { field: string; expected: string; actual: string; difference: string }[];
  }[];
  overdue: { number: string; issuedOn: string; status: string; daysOpen: number }[];
  notMirrored: string[];
  unknownConfirmations: { number: string; confirmedOn?: string; reason: string }[];
};

export type Anomaly = {
  kind: 'value-per-carat' | 'reuse' | 'expired-unconfirmed' | 'volume-jump';
  number?: string;
  partner?: string;
  period?: string;
  detail: string;
  severity: 'low' | 'medium' | 'high';
};

/** Lists may come bare or wrapped (`{ items }`, `{ rows }`, `{ groups }`): accept each. */
export function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null) {
    for (const key of [...keys, 'items', 'rows', 'groups', 'users', 'anomalies']) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}
