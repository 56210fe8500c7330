import { acceptedProtocolVersion, protocolVersionHeader } from '@kpx/protocol';
import { z } from 'zod';
import { receiveMessage } from '../../exchange/receive-message.js';
import { apiRoute, problemReply } from '../api-route.js';
import { readEnvelope } from '../read-body.js';

export const exchangeRoute = apiRoute({
  access: 'partner-node',
  body: 'exchange',
  config: {
    method: 'post',
    path: '/exchange/v1/messages',
    tags: ['exchange'],
    summary: 'Receive a signed envelope from a partner node; answer a signed receipt',
    description:
      'Body: the kpx-message+jwt compact JWS as `application/jose` (what nodes send), or `application/json` `{ "envelope": "<JWS>" }`. Authenticated by the envelope signature, not a token. 200 with a signed kpx-receipt+jwt for every envelope that could be authenticated (accepted, or rejected with a code); the same message again gets the same receipt; an id reused with other bytes is 409 KPX_REPLAY_CONFLICT; an envelope that cannot be authenticated is 4xx problem+json; 5xx means try again. The sender announces its protocol version in the `Kpx-Protocol-Version` request header (absent = 1, what releases before the header spoke); a version this node does not speak is 400 KPX_PROTOCOL_VERSION_UNSUPPORTED naming both versions. Every answer carries this node\'s `Kpx-Protocol-Version`.',
    request: {
      headers: z.object({
        [protocolVersionHeader.toLowerCase()]: z
          .string()
          .optional()
          .meta({ description: 'The kpx protocol version the sender speaks (absent: 1).' }),
      }),
      body: {
        content: {
          'application/jose': {
            schema: z.string().meta({ description: 'Compact JWS (kpx-message+jwt).' }),
          },
          'application/json': {
            schema: z.object({ envelope: z.string() }).meta({ id: 'EnvelopeWrapper' }),
          },
        },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'The signed receipt (kpx-receipt+jwt).',
        content: { 'application/jose': { schema: z.string() } },
      },
      400: problemReply(
        'Malformed envelope (KPX_JWS_MALFORMED, …), or a protocol version this node does not speak (KPX_PROTOCOL_VERSION_UNSUPPORTED, with `received` and `supported`).',
      ),
      401: problemReply(
        'Signature or key not acceptable (KPX_SIGNATURE_INVALID, KPX_KEY_UNKNOWN, …).',
      ),
      409: problemReply('Message id already received with other content (KPX_REPLAY_CONFLICT).'),
      429: problemReply(
        'Past the flood budget of the sending partner (or, for envelopes naming no listed key, of the client): KPX_RATE_LIMITED with Retry-After (config rateLimit.exchange).',
      ),
      503: problemReply(
        'The trust list held is past nextUpdate + grace (KPX_TRUST_LIST_STALE): try again later.',
      ),
    },
  },
  async handle(ctx, c) {
    // Checked before the body is read: a partner on another major version may send envelopes
    // this node would misread, so none of it is interpreted.
    acceptedProtocolVersion(c.req.header(protocolVersionHeader));
    const envelope = await readEnvelope(c);
    const outcome = await receiveMessage(ctx, envelope);
    return c.body(outcome.receipt, 200, { 'content-type': 'application/jose' });
  },
});
