import type { TrustList } from '@kpx/protocol';

/** One published trust-list version, as stored and served. */
export type PublishedVersion = {
  version: number;
  issuedAt: string;
  nextUpdate: string;
  /** kid of the online list key that signed it. */
  listKid: string;
  /** The exact compact JWS (`kpx-trust-list+jwt`) served for this version. */
  jws: string;
  /** Strong ETag, quotes included, e.g. `"7-3q2+7w…"`. */
  etag: string;
};

/** A published version with its payload decoded. */
export type CurrentTrustList = PublishedVersion & { list: TrustList };
