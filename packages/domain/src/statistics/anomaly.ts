/** What kind of oddity: see `detectAnomalies`. */
export type AnomalyKind = 'value-per-carat' | 'reuse' | 'expired-unconfirmed' | 'volume-jump';

/** How urgently an analyst should look. */
export type AnomalySeverity = 'low' | 'medium' | 'high';

/** Something in the figures worth a look (the KP's plausibility checks), explained in `detail`. */
export type Anomaly = {
  kind: AnomalyKind;
  number?: string;
  partner?: string;
  period?: string;
  detail: string;
  severity: AnomalySeverity;
};
