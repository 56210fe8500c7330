import type { EnrolmentRecord, EnrolmentResult } from '../../enrolment/enrolment-operations.js';

/** The JSON an enrolment is answered with (`POST /enrolment/v1/keys`, status polls, admin). */
export type EnrolmentView = {
  id: string;
  authority: string;
  kid: string;
  status: 'pending' | 'approved' | 'rejected';
  signedBy: string;
  requestedAt: string;
  receivedAt: string;
  requestedValidFrom: string;
  validFrom?: string;
  decidedAt?: string;
  reason?: string;
  /** The trust-list version that first lists the key, when this answer published it. */
  version?: number;
};

/** The public view of an enrolment (no JWK echo: the node has it). */
export function enrolmentView(e: EnrolmentRecord | EnrolmentResult): EnrolmentView {
  const view: EnrolmentView = {
    id: e.id,
    authority: e.authority,
    kid: e.kid,
    status: e.status,
    signedBy: e.signedBy,
    requestedAt: e.requestedAt,
    receivedAt: e.receivedAt,
    requestedValidFrom: e.requestedValidFrom,
  };
  if ('validFrom' in e && e.validFrom !== undefined) view.validFrom = e.validFrom;
  if (e.decidedAt !== undefined) view.decidedAt = e.decidedAt;
  if (e.reason !== undefined) view.reason = e.reason;
  if ('published' in e && e.published !== undefined) view.version = e.published.version;
  return view;
}
