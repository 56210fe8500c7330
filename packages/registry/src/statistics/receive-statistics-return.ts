import { KpxError, amountToCents, type KpxCode } from '@kpx/domain';
import {
  base64urlEncode,
  decodeJwsPayload,
  keyResolverFromTrustList,
  signReceipt,
  utf8,
  verifyEnvelope,
  type Envelope,
  type TrustList,
} from '@kpx/protocol';
import { createNodeSigner, sha256Node } from '@kpx/protocol/node';
import { readListKeyFile } from '../list-key/list-key-file.js';
import type { RegistryContext } from '../registry/registry-context.js';
import { isoAt } from '../runtime/clock.js';
import { writeTransaction } from '../storage/open-registry-database.js';
import { latestVersion, withPayload } from '../trust-list/trust-list-reads.js';
import {
  registryAuthority,
  statisticsReturnBodySchema,
  type StatisticsReturnBody,
} from './statistics-return-schema.js';
import { statisticsDb } from './statistics-tables.js';

/** The signed receipt to answer with (`200`, `application/jose`). */
export type ReturnReceipt = { receipt: string; duplicate: boolean };

type Decision =
  | { result: 'accepted'; body: StatisticsReturnBody; participant: string }
  | { result: 'rejected'; code: KpxCode; detail: string };

function messageIdOf(jws: string): string | undefined {
  const payload = decodeJwsPayload(jws);
  if (typeof payload !== 'object' || payload === null) return undefined;
  const id = (payload as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

const reject = (code: KpxCode, detail: string): Decision => ({ result: 'rejected', code, detail });

/** What the registry makes of an authenticated envelope: a return to keep, or a refusal. */
function decide(envelope: Envelope, list: TrustList): Decision {
  if (envelope.type !== 'statistics.return') {
    return reject(
      'KPX_PAYLOAD_INVALID',
      `the registry takes statistics.return, not ${envelope.type}`,
    );
  }
  const parsed = statisticsReturnBodySchema.safeParse(envelope.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reject(
      'KPX_PAYLOAD_INVALID',
      `not a statistics return at /${issue?.path.map(String).join('/') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  const body = parsed.data;
  const authority = list.authorities.find((a) => a.id === envelope.from);
  if (authority === undefined || authority.participant !== body.participant) {
    return reject(
      'KPX_AUTHORITY_NOT_OF_PARTICIPANT',
      `${envelope.from} does not report for ${body.participant}`,
    );
  }
  const status = list.participants.find((p) => p.code === body.participant)?.status;
  if (status !== 'active') {
    return reject('KPX_PARTICIPANT_SUSPENDED', `${body.participant} is suspended`);
  }
  for (const flow of ['export', 'import'] as const) {
    const rows = body.rows.filter((r) => r.flow === flow);
    const totals = body.totals[flow];
    let carats = 0n;
    let value = 0n;
    let lines = 0;
    for (const r of rows) {
      if (r.period !== body.period) {
        return reject('KPX_PERIOD_INVALID', `a row of ${r.period} in the return of ${body.period}`);
      }
      carats += amountToCents(r.carats);
      value += amountToCents(r.valueUsd);
      lines += r.certificates;
    }
    // Totals count each certificate once; rows once per HS line: between one and all of them.
    const countsFit =
      rows.length === 0
        ? totals.certificates === 0
        : totals.certificates >= 1 && totals.certificates <= lines;
    if (
      carats !== amountToCents(totals.carats) ||
      value !== amountToCents(totals.valueUsd) ||
      !countsFit
    ) {
      return reject('KPX_TOTALS_MISMATCH', `the ${flow} totals are not those of the rows`);
    }
  }
  return { result: 'accepted', body, participant: body.participant };
}

/**
 * Receives one envelope on the registry's `POST /exchange/v1/messages` (ARCHITECTURE.md flow 6),
 * the same contract as a node's exchange endpoint:
 *
 * 1. The exact bytes are hashed; a message id already received with the same digest gets the
 *    first receipt again (idempotent by message id).
 * 2. The envelope is authenticated against the registry's own current trust list: a key of
 *    `from` valid at `createdAt` and not revoked, addressed to `KP-REGISTRY`, fresh. Failure is
 *    a 4xx problem, never a receipt. A known id with other bytes is `KPX_REPLAY_CONFLICT`.
 * 3. A `statistics.return` whose body is a return of the sender's own Participant, with rows of
 *    its quarter that add up to its totals, is kept — the latest per authority and quarter
 *    (by `createdAt`, then id), so a return sent again with corrected figures replaces the
 *    earlier one and a delayed older one does not. Anything else authenticated is refused with
 *    a signed `rejected` receipt and its code.
 * 4. The receipt is signed with the registry's online list key, which every trust list names in
 *    `listKeys`: nodes verify it with the list they already trust.
 */
export async function receiveStatisticsReturn(
  ctx: RegistryContext,
  jws: string,
): Promise<ReturnReceipt> {
  const db = statisticsDb(ctx.db);
  const digest = base64urlEncode(sha256Node(utf8(jws)));
  const claimedId = messageIdOf(jws);
  const seenBefore =
    claimedId === undefined
      ? undefined
      : await db
          .selectFrom('statistics_inbox')
          .select(['digest', 'receipt'])
          .where('message_id', '=', claimedId)
          .executeTakeFirst();
  if (seenBefore !== undefined && seenBefore.digest === digest) {
    return { receipt: seenBefore.receipt, duplicate: true };
  }

  const latest = await latestVersion(ctx.db);
  if (latest === undefined)
    throw new KpxError('KPX_TRUST_LIST_STALE', { detail: 'no version yet' });
  const { list } = withPayload(latest);
  const outcome = await verifyEnvelope(jws, {
    keys: keyResolverFromTrustList(list),
    verifier: ctx.verifier,
    now: new Date(ctx.clock.now()),
    expectedTo: registryAuthority,
  });
  const envelope = outcome.value;
  if (!outcome.valid || envelope === undefined) {
    const failed = outcome.checks.find((c) => !c.ok);
    throw new KpxError(failed?.code ?? 'KPX_JWS_MALFORMED', {
      detail: `envelope ${failed?.check ?? 'format'}: ${failed?.message ?? 'invalid'}`,
    });
  }
  const replay = () =>
    new KpxError('KPX_REPLAY_CONFLICT', {
      detail: `message ${envelope.id} was already received with other content`,
    });
  if (seenBefore !== undefined) throw replay();

  const decision = decide(envelope, list);
  const receivedAt = isoAt(ctx.clock.now());
  const signer = createNodeSigner(await readListKeyFile(ctx.paths.listKey));
  const receipt = await signReceipt(
    {
      messageId: envelope.id,
      digest,
      receivedAt,
      result: decision.result,
      ...(decision.result === 'rejected' ? { code: decision.code } : {}),
    },
    signer,
  );

  return writeTransaction(ctx.db, async (trx) => {
    const t = statisticsDb(trx);
    const again = await t
      .selectFrom('statistics_inbox')
      .select(['digest', 'receipt'])
      .where('message_id', '=', envelope.id)
      .executeTakeFirst();
    if (again !== undefined) {
      if (again.digest === digest) return { receipt: again.receipt, duplicate: true };
      throw replay();
    }
    await t
      .insertInto('statistics_inbox')
      .values({
        message_id: envelope.id,
        digest,
        envelope: jws,
        type: envelope.type,
        from_authority: envelope.from,
        result: decision.result,
        code: decision.result === 'rejected' ? decision.code : null,
        receipt,
        received_at: receivedAt,
      })
      .execute();
    if (decision.result === 'accepted') {
      const held = await t
        .selectFrom('statistics_returns')
        .select(['created_at', 'message_id'])
        .where('authority', '=', envelope.from)
        .where('period', '=', decision.body.period)
        .executeTakeFirst();
      const newer =
        held === undefined ||
        envelope.createdAt > held.created_at ||
        (envelope.createdAt === held.created_at && envelope.id > held.message_id);
      if (newer) {
        const row = {
          participant: decision.participant,
          message_id: envelope.id,
          created_at: envelope.createdAt,
          received_at: receivedAt,
          body_json: JSON.stringify(decision.body),
        };
        await t
          .insertInto('statistics_returns')
          .values({ authority: envelope.from, period: decision.body.period, ...row })
          .onConflict((oc) => oc.columns(['authority', 'period']).doUpdateSet(row))
          .execute();
      }
      ctx.logger.info(
        { messageId: envelope.id, from: envelope.from, period: decision.body.period, kept: newer },
        'statistics return received',
      );
    } else {
      ctx.logger.warn(
        {
          messageId: envelope.id,
          from: envelope.from,
          code: decision.code,
          detail: decision.detail,
        },
        'message refused',
      );
    }
    return { receipt, duplicate: false };
  });
}
