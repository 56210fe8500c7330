// The registry's tables. Portable column types only (text, integer) so a PostgreSQL dialect can
// follow: timestamps are ISO 8601 UTC text (sorts as text), booleans 0/1, JSON as text, and the
// signed trust lists and enrolments are stored as the exact text signed or received (never
// re-serialised). Nothing is ever deleted: past versions and past keys keep verifying.

/** Registry-wide settings, fixed at `init` (root public key, periods, policy, admin token hash). */
export interface SettingsTable {
  key: string;
  value: string;
}

export interface ParticipantsTable {
  code: string;
  name_en: string;
  name_ru: string;
  name_fr: string;
  status: 'active' | 'suspended';
  updated_at: string;
}

export interface AuthoritiesTable {
  id: string;
  participant: string;
  name_en: string;
  name_ru: string;
  name_fr: string;
  may_issue: number;
  may_import: number;
  default_importing: number;
  endpoint: string | null;
  number_pattern: string;
  validity_default_days: number;
  validity_max_days: number;
  updated_at: string;
}

/** An authority's key. Rows are never deleted; rotation sets `valid_to`, revocation `revoked_at`. */
export interface KeysTable {
  kid: string;
  authority: string;
  alg: 'EdDSA' | 'ES256';
  /** The public JWK (RFC 7638 members only), JSON. */
  jwk: string;
  valid_from: string;
  valid_to: string | null;
  revoked_at: string | null;
  revocation_reason: string | null;
  /** The key that replaced this one in a rotation; a superseded key may not enrol another. */
  superseded_by: string | null;
  /** `operator` (CLI or API) or `enrolment` (submitted by the node). */
  source: 'operator' | 'enrolment';
  added_at: string;
}

export type EnrolmentStatus = 'pending' | 'approved' | 'rejected';

/** A key enrolment submitted by a node, kept with its exact JWS. */
export interface EnrolmentsTable {
  id: string;
  authority: string;
  kid: string;
  jwk: string;
  valid_from: string;
  requested_at: string;
  /** kid of the authority's key that signed the request. */
  signed_by: string;
  jws: string;
  status: EnrolmentStatus;
  received_at: string;
  decided_at: string | null;
  decision_reason: string | null;
}

/** Online list keys and the root's endorsement of each (a `kpx-list-key+jwt`). */
export interface ListKeysTable {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  jwk: string;
  valid_from: string;
  valid_to: string;
  endorsement: string;
  created_at: string;
}

/** Every published trust list, the exact compact JWS served. */
export interface VersionsTable {
  version: number;
  issued_at: string;
  next_update: string;
  list_kid: string;
  jws: string;
  /** Strong ETag (RFC 9110 §8.8.3), quotes included. */
  etag: string;
  /** Why it was published: `init`, `change`, `refresh`, `list-key`, `manual`. */
  reason: string;
}

export interface RegistryDatabase {
  settings: SettingsTable;
  participants: ParticipantsTable;
  authorities: AuthoritiesTable;
  keys: KeysTable;
  enrolments: EnrolmentsTable;
  list_keys: ListKeysTable;
  versions: VersionsTable;
}
