import { KpxError } from '@kpx/domain';

/** The states of an application (docs/applications.md). */
export const applicationStatuses = [
  'submitted',
  'under_review',
  'changes_requested',
  'refused',
  'approved',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** What an officer decides (`POST /api/v1/applications/{id}/decision`). */
export const decisionActions = ['review', 'request-changes', 'refuse', 'approve'] as const;
export type DecisionAction = (typeof decisionActions)[number];
/** What moves an application: an officer's decision, or the trader's revision. */
export type ApplicationMove = DecisionAction | 'resubmit';

/** States an officer still has to act on: the review queue. */
export const openStatuses: readonly ApplicationStatus[] = ['submitted', 'under_review'];

// submitted → under_review → changes_requested | refused | approved. An application may be
// refused straight from `submitted` (e.g. an unlicensed shipment), but approval is the KPCS
// validation step and needs a review first, where the officer inspects shipment and seals.
const transitions: Readonly<
  Record<ApplicationMove, { from: readonly ApplicationStatus[]; to: ApplicationStatus }>
> = {
  // The trader's revision after changes were requested: back in the queue.
  resubmit: { from: ['changes_requested'], to: 'submitted' },
  review: { from: ['submitted'], to: 'under_review' },
  'request-changes': { from: ['under_review'], to: 'changes_requested' },
  refuse: { from: ['submitted', 'under_review'], to: 'refused' },
  approve: { from: ['under_review'], to: 'approved' },
};

/** The state `action` leads to from `status`, or `409 KPX_APPLICATION_STATE`. */
export function nextApplicationStatus(
  status: ApplicationStatus,
  action: ApplicationMove,
): ApplicationStatus {
  const move = transitions[action];
  if (!move.from.includes(status)) {
    throw new KpxError('KPX_APPLICATION_STATE', {
      detail: `An application that is ${status} cannot take the decision ${action}`,
    });
  }
  return move.to;
}
