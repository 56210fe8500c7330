import {
  base64urlEncode,
  decodeJwsPayload,
  decodeQrPayload,
  utf8,
  type Check,
} from '@kpx/protocol';
import { sha256Node } from '@kpx/protocol/node';
import { z } from 'zod';
import type { NodeContext } from '../node-context.js';
import { repositories } from '../storage/repositories.js';
import { verifyCertificateWithTrust, verifyQrWithTrust } from '../trust/verify-with-trust.js';
import { parseWith } from '../validation/parse-with.js';

/** Body of `POST /api/v1/verify`: a signed certificate, or the text of its QR code. */
export const verifyRequestSchema = z.union([
  z.strictObject({
    document: z
      .string()
      .min(1)
      .max(256 * 1024)
      .meta({ description: 'The vc+jwt.' }),
  }),
  z.strictObject({ qr: z.string().min(1).max(8192).meta({ description: 'The QR text, KP1:…' }) }),
]);

/** Every check explained; `status` when this node holds the certificate (status only). */
export type VerificationReport = {
  valid: boolean;
  checks: Check[];
  number?: string;
  status?: string;
};

/**
 * Verifies a certificate or QR for anyone (ARCHITECTURE.md flow 7) against this node's trust
 * list. When this node holds the same signed bytes, the earliest partner receipt for it is the
 * independent evidence of existence that keeps a signature by a key revoked later valid
 * (ARCHITECTURE.md "Revocation").
 */
export async function verifyDocument(ctx: NodeContext, body: unknown): Promise<VerificationReport> {
  const input = parseWith(verifyRequestSchema, body);
  const repos = repositories(ctx.storage.db, ctx.ids);
  if ('qr' in input) {
    // A QR whose claimed digest is that of a certificate held here gets the same evidence.
    const decoded = decodeQrPayload(input.qr);
    const held = decoded.ok ? await heldDocument(repos, decoded.value.claims.number) : undefined;
    const matches =
      held !== undefined && decoded.ok && digestOf(held) === decoded.value.claims.documentDigest;
    const evidence = matches ? await evidenceFor(repos, held) : undefined;
    const outcome = await verifyQrWithTrust(ctx, input.qr, {
      ...(evidence === undefined || held === undefined
        ? {}
        : { evidenceBefore: evidence.at, document: held }),
    });
    return { valid: outcome.valid, checks: outcome.checks };
  }
  const evidence = await evidenceFor(repos, input.document);
  const outcome = await verifyCertificateWithTrust(ctx, input.document, {
    ...(evidence === undefined ? {} : { evidenceBefore: evidence.at }),
  });
  const number = outcome.value?.number;
  const held =
    evidence?.status ??
    (number === undefined ? undefined : (await repos.certificates.find(number))?.status);
  return {
    valid: outcome.valid,
    checks: outcome.checks,
    ...(number === undefined ? {} : { number }),
    ...(held === undefined ? {} : { status: held }),
  };
}

function digestOf(jws: string): string {
  return base64urlEncode(sha256Node(utf8(jws)));
}

async function heldDocument(
  repos: ReturnType<typeof repositories>,
  number: string,
): Promise<string | undefined> {
  return (await repos.certificates.find(number))?.signed ?? undefined;
}

/**
 * Independent evidence that `document` existed (ARCHITECTURE.md "Revocation"): at the issuer,
 * the importer's signed receipt of the `certificate.issued` message (its `receivedAt`); at the
 * importer, the receipt this node signed when it stored the message (= the inbox's
 * `received_at`, written in the same transaction). Never the signer's own `iat`.
 */
async function evidenceFor(
  repos: ReturnType<typeof repositories>,
  document: string,
): Promise<{ at: string; status: string } | undefined> {
  // The number is read without trusting it: it only selects which stored copy to compare bytes with.
  const payload = decodeJwsPayload(document) as
    { credentialSubject?: { number?: unknown } } | undefined;
  const number = payload?.credentialSubject?.number;
  if (typeof number !== 'string') return undefined;
  const record = await repos.certificates.find(number);
  if (record === undefined || record.signed !== document) return undefined;
  const receipts = await repos.receipts.forCertificate(number);
  const first = receipts.find(
    (r) => r.messageType === 'certificate.issued' && r.result === 'accepted',
  );
  return first === undefined ? undefined : { at: first.receivedAt, status: record.status };
}
