import { KpxError } from '@kpx/domain';
import { generateKeyPair, type PrivateJwk, type SignatureAlg, type Signer } from '@kpx/protocol';
import { signKeyEnrolment, type EnrolmentView } from '@kpx/registry';
import type { KeyStore } from './key-store.js';
import { registryRefusal, registryUrlOf, type RegistryFetch } from './registry-client.js';

/** What a rotation request came to. */
export type KeyRotation = {
  /** The next key. */
  kid: string;
  alg: SignatureAlg;
  /** The key that signed the request (the current one). */
  signedBy: string;
  /** `approved`: listed in a published version; `pending`: waiting for the registry's operator. */
  status: EnrolmentView['status'];
  /** From when the registry lists the key (approved), else the time requested. */
  validFrom: string;
  /** Where the sealed next key is kept. */
  location: string;
  /** The registry's answer as it gave it. */
  enrolment: EnrolmentView;
};

/** Options of {@link requestKeyRotation}. */
export type RequestKeyRotationOptions = {
  authority: string;
  /** The authority's current key: the registry accepts a next key only signed by it. */
  currentSigner: Signer;
  registryUrl: string;
  fetch: RegistryFetch;
  keyStore: KeyStore;
  /** Epoch ms. */
  now: number;
  /**
   * When the next key may start signing (epoch ms). Give partners time to fetch the list that
   * carries it first: the node's default is now + the trust-list refresh interval.
   */
  validFrom: number;
  /** Default: the current key's algorithm. */
  alg?: SignatureAlg;
  timeoutMs: number;
};

/**
 * Asks the registry for the authority's next signing key (packages/registry/README.md, "Key
 * enrolment and rotation"): generates the key, keeps it sealed in the key store FIRST (a key
 * the registry listed but the node lost would be worse than none), then posts a
 * `kpx-key-enrolment+jwt` signed with the current key to `{registry}/enrolment/v1/keys`.
 * A registry refusal is thrown with the registry's code (`KPX_KEY_REVOKED`,
 * `KPX_PARTICIPANT_SUSPENDED`, …); no answer is `KPX_REGISTRY_UNREACHABLE` — the key stays in
 * the store, unused, and a later request makes another.
 *
 * @example
 * ```ts
 * const { rotation } = await requestKeyRotation({ authority: 'RU-MINFIN', currentSigner,
 *   registryUrl, fetch, keyStore, now: Date.now(), validFrom: Date.now() + 300_000, timeoutMs: 15_000 });
 * ```
 */
export async function requestKeyRotation(
  options: RequestKeyRotationOptions,
): Promise<{ rotation: KeyRotation; privateJwk: PrivateJwk }> {
  const alg = options.alg ?? options.currentSigner.alg;
  const next = await generateKeyPair(alg);
  const kept = await options.keyStore.save({
    privateJwk: next.privateJwk,
    authority: options.authority,
    createdAt: new Date(options.now).toISOString(),
  });
  const jws = await signKeyEnrolment(
    {
      authority: options.authority,
      jwk: next.publicJwk,
      validFrom: new Date(options.validFrom),
      requestedAt: new Date(options.now),
    },
    options.currentSigner,
  );
  const url = registryUrlOf(options.registryUrl, '/enrolment/v1/keys');
  let response: Response;
  try {
    response = await options.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/jose', accept: 'application/json' },
        body: jws,
        signal: AbortSignal.timeout(options.timeoutMs),
      }),
    );
  } catch (error) {
    throw new KpxError('KPX_REGISTRY_UNREACHABLE', {
      detail: `key enrolment: ${url}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (response.status !== 200 && response.status !== 201 && response.status !== 202)
    throw await registryRefusal(response, `key enrolment at ${url}`, 'KPX_REGISTRY_UNREACHABLE');
  const enrolment = (await response.json()) as EnrolmentView;
  if (enrolment.kid !== next.kid) {
    throw new KpxError('KPX_REGISTRY_UNREACHABLE', {
      detail: `key enrolment: the registry answered about key ${String(enrolment.kid)}, not ${next.kid}`,
    });
  }
  return {
    privateJwk: next.privateJwk,
    rotation: {
      kid: next.kid,
      alg,
      signedBy: options.currentSigner.kid,
      status: enrolment.status,
      validFrom: enrolment.validFrom ?? enrolment.requestedValidFrom,
      location: kept.location,
      enrolment,
    },
  };
}
