import { randomBytes } from 'node:crypto';
import { amountToCents, centsToAmount, type Certificate } from '@kpx/domain';
import {
  decodeJwsPayload,
  generateKeyPair,
  signCertificate,
  signEnvelope,
  uuidv7,
} from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { apiClient } from './demo-client.js';

/** Where the forger presents the document: the importing node, as anyone could. */
export type ForgeryTarget = { url: string; authority: string };

/** What the importing node's APIs said about the forged certificate. */
export type ForgeryOutcome = {
  /** The number the forger copied. */
  number: string;
  /** `POST /api/v1/verify`: `valid` and the first failed check with its code. */
  verify: { valid: boolean; failedCheck?: string; code?: string };
  /** `POST /exchange/v1/messages` with the forgery in a `certificate.issued` envelope. */
  exchange: { status: number; code?: string };
  /** Both refused it. */
  caught: boolean;
};

type VerifyAnswer = {
  valid?: boolean;
  checks?: Array<{ check: string; ok: boolean; code?: string }>;
};

/**
 * The forger's attempt: the genuine certificate copied, its weights and values multiplied by
 * ten (a laundering classic: more goods under a real number), and signed again with a key of
 * the forger's own that claims to be the issuer's — then checked at the public verification
 * endpoint and pushed at the importer's exchange endpoint as if it came from the issuer.
 */
export async function presentForgery(
  genuineJws: string,
  issuerAuthority: string,
  importer: ForgeryTarget,
): Promise<ForgeryOutcome> {
  const payload = decodeJwsPayload(genuineJws) as { credentialSubject?: Certificate } | undefined;
  const genuine = payload?.credentialSubject;
  if (genuine === undefined) throw new TypeError('not a signed certificate');
  const tenfold = (amount: string) => centsToAmount(amountToCents(amount) * 10n);
  const forged: Certificate = {
    ...genuine,
    items: genuine.items.map((l) => ({
      ...l,
      carats: tenfold(l.carats),
      valueUsd: tenfold(l.valueUsd),
    })),
    totals: { carats: tenfold(genuine.totals.carats), valueUsd: tenfold(genuine.totals.valueUsd) },
  };
  const forgerKey = await generateKeyPair('EdDSA');
  const signer = createNodeSigner(forgerKey.privateJwk);
  const document = await signCertificate(forged, signer, { issuedAt: new Date() });

  const client = apiClient(importer.url);
  const verified = await client.post<VerifyAnswer>('/api/v1/verify', { document });
  const failed = verified.body.checks?.find((c) => !c.ok);

  const envelope = await signEnvelope(
    {
      id: uuidv7(Date.now(), randomBytes(10)),
      type: 'certificate.issued',
      from: issuerAuthority,
      to: importer.authority,
      createdAt: new Date().toISOString(),
      body: { certificate: document },
    },
    signer,
  );
  const pushed = await client.send('POST', '/exchange/v1/messages', envelope, {
    'content-type': 'application/jose',
  });
  const code = (pushed.body as { code?: unknown } | undefined)?.code;
  const exchange = { status: pushed.status, ...(typeof code === 'string' ? { code } : {}) };
  const verify = {
    valid: verified.body.valid === true,
    ...(failed === undefined ? {} : { failedCheck: failed.check }),
    ...(failed?.code === undefined ? {} : { code: failed.code }),
  };
  return {
    number: genuine.number,
    verify,
    exchange,
    // An envelope the node cannot authenticate is a 4xx problem, never a receipt (ARCHITECTURE.md).
    caught: !verify.valid && exchange.status >= 400 && exchange.status < 500,
  };
}
