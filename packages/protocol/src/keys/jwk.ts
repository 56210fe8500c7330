import { calculateJwkThumbprint, exportJWK, generateKeyPair as joseGenerateKeyPair } from 'jose';
import { z } from 'zod';

/** The signature algorithms kpx accepts (JWA names, RFC 7518 §3.1 and RFC 8037 §3.1). */
export type SignatureAlg = 'EdDSA' | 'ES256';

/** Every algorithm a kpx verifier accepts; anything else (`none`, `HS256`, …) is refused. */
export const signatureAlgs: readonly SignatureAlg[] = ['EdDSA', 'ES256'];

/** An Ed25519 public key (RFC 8037 §2). */
export type OkpPublicJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string };
/** A P-256 public key (RFC 7518 §6.2.1). */
export type EcPublicJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string };
/** A public JWK of a supported key type, reduced to its RFC 7638 required members. */
export type PublicJwk = OkpPublicJwk | EcPublicJwk;
/** A private JWK: the public members plus the private scalar `d`. */
export type PrivateJwk = (OkpPublicJwk & { d: string }) | (EcPublicJwk & { d: string });

const b64u = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url');

/** zod schema of {@link PublicJwk}; extra members (`kid`, `alg`, `use`) are stripped. */
export const publicJwkSchema: z.ZodType<PublicJwk> = z.discriminatedUnion('kty', [
  z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64u.length(43) }),
  z.object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: b64u.length(43),
    y: b64u.length(43),
  }),
]);

/** zod schema of {@link PrivateJwk}. */
export const privateJwkSchema: z.ZodType<PrivateJwk> = z.discriminatedUnion('kty', [
  z.object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: b64u.length(43),
    d: b64u.length(43),
  }),
  z.object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: b64u.length(43),
    y: b64u.length(43),
    d: b64u.length(43),
  }),
]);

/** The public part of a JWK, with only the RFC 7638 required members. */
export function publicJwkOf(jwk: PublicJwk | PrivateJwk): PublicJwk {
  return jwk.kty === 'OKP'
    ? { kty: 'OKP', crv: 'Ed25519', x: jwk.x }
    : { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/** The JWS `alg` a key is used with: Ed25519 → `EdDSA`, P-256 → `ES256`. */
export function algOfJwk(jwk: PublicJwk | PrivateJwk): SignatureAlg {
  return jwk.kty === 'OKP' ? 'EdDSA' : 'ES256';
}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url): the `kid` of every kpx key.
 *
 * @example
 * ```ts
 * const kid = await jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * // 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' (RFC 8037 Appendix A.3)
 * ```
 */
export async function jwkThumbprint(jwk: PublicJwk | PrivateJwk): Promise<string> {
  return calculateJwkThumbprint(publicJwkOf(jwk), 'sha256');
}

/** A freshly generated key pair; `kid` is the RFC 7638 thumbprint of `publicJwk`. */
export type GeneratedKeyPair = { privateJwk: PrivateJwk; publicJwk: PublicJwk; kid: string };

/**
 * Generates an Ed25519 (default) or P-256 key pair with the platform's WebCrypto.
 *
 * @example
 * ```ts
 * const { privateJwk, publicJwk, kid } = await generateKeyPair();
 * const signer = await createWebCryptoSigner(privateJwk);
 * ```
 */
export async function generateKeyPair(alg: SignatureAlg = 'EdDSA'): Promise<GeneratedKeyPair> {
  const { privateKey } = await joseGenerateKeyPair(alg, { extractable: true });
  const exported = await exportJWK(privateKey);
  const privateJwk = privateJwkSchema.parse(exported);
  const publicJwk = publicJwkOf(privateJwk);
  return { privateJwk, publicJwk, kid: await jwkThumbprint(publicJwk) };
}
