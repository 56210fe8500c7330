// The tables of a node. Portable on purpose so a PostgreSQL dialect can be added without
// touching queries: timestamps are ISO 8601 UTC text (`2026-03-02T09:00:00.000Z`, which sorts
// as text), amounts are two-place decimal strings (docs/decisions.md D2), booleans are 0/1
// integers, JSON is text, and signed documents are text holding the exact bytes received
// (decision D3) — never re-serialised.

/** `outgoing`: this node issued it; `incoming`: a partner did. */
export type Direction = 'outgoing' | 'incoming';
/** `electronic`: delivered through the exchange; `paper`: the partner has no node. */
export type DeliveryMode = 'electronic' | 'paper';
export type OutboxState = 'pending' | 'delivered' | 'dead';

export interface CertificatesTable {
  number: string;
  direction: Direction;
  status: string;
  delivery: DeliveryMode;
  issuing_authority: string;
  /** The other side: the importing Participant for outgoing, the exporting one for incoming. */
  partner_participant: string;
  partner_authority: string | null;
  /** The exact vc+jwt; null only for an incoming certificate recorded from paper. */
  signed: string | null;
  certificate_json: string;
  issued_on: string;
  expires_on: string;
  replaces: string | null;
  replaced_by: string | null;
  created_at: string;
  updated_at: string;
  /** Incremented on every update (optimistic concurrency for multi-process PostgreSQL). */
  version: number;
  /**
   * The `KP1:` QR payload (migration 0002): created and stored at issue for outgoing
   * certificates; for incoming ones, the issuer's, when its message carried one that verified.
   */
  qr_text: string | null;
}

export interface EventsTable {
  /** A time-ordered UUIDv7, so the timeline sorts by id even when two events share a millisecond. */
  id: string;
  certificate_number: string;
  at: string;
  type: string;
  actor: string;
  data: string | null;
}

export interface OutboxTable {
  /** The envelope's message id. */
  id: string;
  type: string;
  to_authority: string;
  endpoint: string;
  /** The certificate the message is about; messages about one certificate go out in order. */
  subject: string;
  /** The envelope compact JWS, signed once at enqueue: every retry sends these bytes. */
  envelope: string;
  digest: string;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  overdue: number;
  state: OutboxState;
  created_at: string;
  delivered_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
}

export interface InboxTable {
  message_id: string;
  digest: string;
  envelope: string;
  type: string;
  from_authority: string;
  subject: string | null;
  result: 'accepted' | 'rejected';
  code: string | null;
  /** The receipt this node signed; a duplicate delivery gets exactly this again. */
  receipt: string;
  received_at: string;
}

export interface ReceiptsTable {
  message_id: string;
  certificate_number: string;
  message_type: string;
  /** `received`: a partner's receipt for a message we sent; `issued`: ours for theirs. */
  role: 'received' | 'issued';
  signer_authority: string;
  result: 'accepted' | 'rejected';
  code: string | null;
  received_at: string;
  jws: string;
}

export interface ConfirmationsTable {
  certificate_number: string;
  /** The confirmation as entered (KPCS III(b) fields), canonical JSON. */
  confirmation_json: string;
  discrepancies_json: string;
  confirmed_at: string;
  confirmed_by: string;
  message_id: string | null;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  request_hash: string;
  status: number;
  response_json: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  /** Hex SHA-256 of the bearer token; the token itself is never stored nor logged. */
  token_hash: string;
  role: string;
  name: string;
  /** The company of a `trader` token (migration 0004); null for officers. */
  company_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface SerialCountersTable {
  authority: string;
  year: number;
  value: number;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}

/** An officer account of the console (migration 0002). */
export interface UsersTable {
  id: string;
  /** Lower case, unique. */
  username: string;
  display_name: string;
  role: string;
  /** The company of a `trader` account (migration 0004); null for officers. */
  company_id: string | null;
  /** PHC-style scrypt string with its own salt and cost (`$scrypt$ln=15,r=8,p=1$salt$hash`). */
  password_hash: string;
  disabled: number;
  must_change_password: number;
  /** Base32 TOTP secret (RFC 6238) when enabled; stored plain (docs/internal-contract.md). */
  totp_secret: string | null;
  /** Enrolment started, not yet confirmed with a code. */
  totp_pending_secret: string | null;
  /** The last TOTP time step accepted: a code is good once. */
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

/** A console session (migration 0002). The session id itself is never stored. */
export interface SessionsTable {
  /** Hex SHA-256 of the session id the cookie carries. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** When it ends unless used again: min(last use + idle timeout, sign-in + absolute timeout). */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Failed sign-ins per account (`user:<name>`) and per address (`addr:<ip>`), migration 0002. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  last_failure_at: string;
}

/** A company registered with the authority, whose traders may apply (migration 0004). */
export interface CompaniesTable {
  id: string;
  name: string;
  address: string;
  /** The licence number the authority gave it; unique. */
  licence: string;
  /** `active` or `suspended` (a suspended company's traders can read but not apply). */
  status: string;
  created_at: string;
  updated_at: string;
}

/** A trader's application for a certificate (migration 0004, docs/applications.md). */
export interface ApplicationsTable {
  /** UUIDv7: sorts by submission. */
  id: string;
  company_id: string;
  /** `submitted`, `under_review`, `changes_requested`, `refused`, `approved`. */
  status: string;
  /** The certificate draft as validated at submission (JSON). */
  draft_json: string;
  submitted_by: string;
  submitted_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** Why changes were requested, or why it was refused. */
  reason: string | null;
  /** The container seal ids the officer recorded at approval (JSON array). */
  seals_json: string | null;
  /** The KPCS validation check the officer recorded at approval. */
  check_note: string | null;
  /** The certificate issued from it. */
  certificate_number: string | null;
  version: number;
}

/** A supporting document of an application: the exact bytes, never parsed or rendered. */
export interface ApplicationAttachmentsTable {
  id: string;
  application_id: string;
  /** `invoice`, `packing-list` or `other`. */
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  /** Hex SHA-256 of `content`. */
  sha256: string;
  content: Uint8Array;
}

/** The timeline of an application. */
export interface ApplicationEventsTable {
  id: string;
  application_id: string;
  at: string;
  type: string;
  actor: string;
  data: string | null;
}

/** A trader's webhook target (migration 0004). */
export interface WebhooksTable {
  id: string;
  company_id: string;
  url: string;
  /** The HMAC-SHA256 key of the `Kpx-Signature` header (base64url); it must be kept to sign. */
  secret: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
}

/** One event to one webhook: retried with backoff like the outbox (migration 0004). */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** The JSON body, fixed at enqueue: every retry sends these bytes. */
  body: string;
  /** `pending`, `delivered` or `dead`. */
  state: string;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** Every table of a node, for Kysely. */
export interface KpxDatabase {
  certificates: CertificatesTable;
  events: EventsTable;
  outbox: OutboxTable;
  inbox: InboxTable;
  receipts: ReceiptsTable;
  confirmations: ConfirmationsTable;
  idempotency_keys: IdempotencyKeysTable;
  api_tokens: ApiTokensTable;
  serial_counters: SerialCountersTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  companies: CompaniesTable;
  applications: ApplicationsTable;
  application_attachments: ApplicationAttachmentsTable;
  application_events: ApplicationEventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
