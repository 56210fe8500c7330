// @kpx/protocol: the kpx wire formats. Runs in Node and the browser; node:crypto fast paths
// are in '@kpx/protocol/node'.

export {
  base64urlDecode,
  base64urlEncode,
  bytesEqual,
  concatBytes,
  utf8,
  utf8Decode,
} from './bytes.js';
export { canonicalBytes, canonicalize } from './canonical-json.js';

export {
  algOfJwk,
  generateKeyPair,
  jwkThumbprint,
  privateJwkSchema,
  publicJwkOf,
  publicJwkSchema,
  signatureAlgs,
} from './keys/jwk.js';
export type {
  EcPublicJwk,
  GeneratedKeyPair,
  OkpPublicJwk,
  PrivateJwk,
  PublicJwk,
  SignatureAlg,
} from './keys/jwk.js';
export { signatureLength } from './keys/signer.js';
export type { Signer, SignatureVerifier } from './keys/signer.js';
export {
  createWebCryptoSigner,
  createWebCryptoVerifier,
  sha256,
  webCryptoVerifier,
} from './keys/web-crypto.js';
export { keyResolverFromKeys } from './keys/trusted-key.js';
export type { KeyResolver, TrustedKey } from './keys/trusted-key.js';

export { notCheckedPrefix } from './verification/check.js';
export type { Check, VerifyOutcome } from './verification/check.js';
export type { Instant } from './verification/time.js';

export { decodeJwsPayload } from './jws/compact-jws.js';

export {
  authorityUrn,
  certificateTyp,
  certificateUrn,
  credentialContext,
  credentialType,
  kpxContextV1,
  toCredential,
  vcContextV2,
} from './certificate/credential.js';
export type { CertificateCredential } from './certificate/credential.js';
export { signCertificate } from './certificate/sign-certificate.js';
export type { SignCertificateOptions } from './certificate/sign-certificate.js';
export { certificateCheckNames, verifyCertificate } from './certificate/verify-certificate.js';
export type { VerifyCertificateOptions } from './certificate/verify-certificate.js';

export { envelopeSchema, envelopeTyp, messageTypes } from './envelope/envelope.js';
export type { Envelope, MessageType } from './envelope/envelope.js';
export { envelopeDigest, signEnvelope } from './envelope/sign-envelope.js';
export {
  defaultMaxAgeMs,
  defaultMaxSkewMs,
  envelopeCheckNames,
  verifyEnvelope,
} from './envelope/verify-envelope.js';
export type { VerifyEnvelopeOptions } from './envelope/verify-envelope.js';
export { uuidv7 } from './envelope/uuidv7.js';

export { receiptSchema, receiptTyp } from './receipt/receipt.js';
export type { Receipt } from './receipt/receipt.js';
export { signReceipt } from './receipt/sign-receipt.js';
export { receiptCheckNames, verifyReceipt } from './receipt/verify-receipt.js';
export type { VerifyReceiptOptions } from './receipt/verify-receipt.js';

export { trustListSchema, trustListTyp } from './trust-list/trust-list.js';
export type {
  TrustList,
  TrustListAuthority,
  TrustListKey,
  TrustListListKey,
  TrustListNames,
  TrustListParticipant,
} from './trust-list/trust-list.js';
export {
  endorseListKey,
  endorsementHeader,
  listKeyEndorsementSchema,
  listKeyEndorsementTyp,
} from './trust-list/list-key-endorsement.js';
export type { ListKeyEndorsement } from './trust-list/list-key-endorsement.js';
export { signTrustList } from './trust-list/sign-trust-list.js';
export { trustListCheckNames, verifyTrustList } from './trust-list/verify-trust-list.js';
export type { VerifyTrustListOptions } from './trust-list/verify-trust-list.js';
export { verifyTrustListForUse } from './trust-list/usable-trust-list.js';
export type { RefusedTrustList, UsableTrustList } from './trust-list/usable-trust-list.js';
export {
  heldTrustListOf,
  suspendedParticipantOf,
  verifyCertificateWithTrustList,
  verifyQrWithTrustList,
} from './trust-list/verify-with-trust-list.js';
export type {
  HeldTrustList,
  TrustListParties,
  VerifyWithTrustListOptions,
} from './trust-list/verify-with-trust-list.js';
export { directoryFromTrustList, keyResolverFromTrustList } from './trust-list/trust-list-views.js';

export { base45Decode, base45Encode } from './qr/base45.js';
export { coseAlgs } from './qr/cose-sign1.js';
export { alphanumericCapacityM, qrVersionForAlphanumeric } from './qr/qr-capacity.js';
export { qrClaimKeys, qrNameMaxLength, truncateName } from './qr/qr-claims.js';
export type { QrClaims } from './qr/qr-claims.js';
export {
  decodeQrPayload,
  encodeQrPayload,
  maxQrLength,
  qrCheckNames,
  qrPrefix,
  verifyQrPayload,
} from './qr/qr-payload.js';
export type { DecodedQr, VerifyQrOptions } from './qr/qr-payload.js';

export {
  ProtocolVersionError,
  acceptedProtocolVersion,
  protocolVersion,
  protocolVersionHeader,
  supportedProtocolVersions,
  unannouncedProtocolVersion,
} from './version/protocol-version.js';
