import { KpxError } from '@kpx/domain';
import { createNodeSigner } from '@kpx/protocol/node';
import { z } from 'zod';
import { appendAudit } from '../audit/append-audit.js';
import type { NodeContext } from '../node-context.js';
import { isoAt } from '../runtime/clock.js';
import { requestKeyRotation, type KeyRotation } from './request-key-rotation.js';

/** Body of `POST /api/v1/keys/rotation` (every member optional). */
export const rotationRequestSchema = z.strictObject({
  alg: z.enum(['EdDSA', 'ES256']).optional().meta({
    description: "The next key's algorithm; default the current key's.",
  }),
  validFrom: z.iso.datetime({ offset: true }).optional().meta({
    description:
      'When the next key may start signing; default now + the trust-list refresh interval, so partners hold the list that carries it first.',
  }),
});

/** What `POST /api/v1/keys/rotation` answers: the rotation and which key signs now. */
export type RotationOutcome = KeyRotation & { signingKid: string };

/**
 * Rotates the authority's signing key from the node: the next key is generated and kept
 * sealed, submitted to the registry signed with the current key, and held. The current key keeps
 * signing until a trust list carrying the next key is live and its `validFrom` has come (the
 * signer holder decides at every signature); certificates signed with the old key keep
 * verifying after it retires, since the registry never removes a key. The trust list is polled
 * at once, so an approved key is seen without waiting for the next poll.
 */
export async function rotateSigningKey(
  ctx: NodeContext,
  input: { actor: string; body: unknown },
): Promise<RotationOutcome> {
  // No body means the defaults; a JSON `null` is a body, and not an object (422).
  const parsed = rotationRequestSchema.safeParse(input.body === undefined ? {} : input.body);
  if (!parsed.success) {
    throw new KpxError('KPX_VALIDATION_FAILED', {
      problems: parsed.error.issues.map((i) => ({
        code: 'KPX_VALIDATION_FAILED',
        path: `/${i.path.map(String).join('/')}`,
        message: i.message,
      })),
    });
  }
  const services = ctx.trustServices;
  if (services.registryUrl === undefined) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail: 'key rotation needs a registry: set trustList.registryUrl (and rootKey)',
    });
  }
  if (services.keyStore === undefined) {
    throw new KpxError('KPX_CONFIG_INVALID', {
      detail:
        'this node has no key store to keep a next key in: rotate from a node directory (kpx node start, or kpx node rotate-key)',
    });
  }
  ctx.trust.assertFresh('rotate the signing key');
  const now = ctx.clock.now();
  const refreshIntervalMs = ctx.config.trustList?.refreshIntervalMs ?? 5 * 60_000;
  const validFrom =
    parsed.data.validFrom === undefined
      ? now + refreshIntervalMs
      : Date.parse(parsed.data.validFrom);
  const currentSigner = ctx.signer;
  const { rotation, privateJwk } = await requestKeyRotation({
    authority: ctx.authority,
    currentSigner,
    registryUrl: services.registryUrl,
    fetch: services.fetch,
    keyStore: services.keyStore,
    now,
    validFrom,
    ...(parsed.data.alg === undefined ? {} : { alg: parsed.data.alg }),
    timeoutMs: ctx.config.outbox.requestTimeoutMs,
  });
  services.signers.add(createNodeSigner(privateJwk));
  await ctx.storage.transactor.transact(async (uow) => {
    await appendAudit(uow.db, {
      at: isoAt(now),
      actor: input.actor,
      action: 'key.rotation-requested',
      subject: rotation.kid,
      data: {
        signedBy: rotation.signedBy,
        status: rotation.status,
        validFrom: rotation.validFrom,
        enrolment: rotation.enrolment.id,
      },
    });
  });
  ctx.logger.info(
    {
      kid: rotation.kid,
      signedBy: rotation.signedBy,
      status: rotation.status,
      validFrom: rotation.validFrom,
    },
    'next signing key submitted to the registry',
  );
  if (services.sync !== undefined) {
    try {
      await services.sync.refresh();
    } catch (error) {
      ctx.logger.warn({ err: error }, 'trust list poll after rotation failed');
    }
  }
  return { ...rotation, signingKid: ctx.signer.kid };
}
