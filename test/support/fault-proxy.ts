import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
// The node's seeded generator: the same seed replays the same fault decisions.
import { seededRandom } from '../../packages/node/src/runtime/seeded-random.js';
export { seededRandom };

/** What the proxy can do to one request besides passing it through. */
export const faultKinds = [
  'dropRequest',
  'delay',
  'duplicate',
  'reorder',
  'truncateRequest',
  'truncateResponse',
  'dropResponse',
] as const;
export type FaultKind = (typeof faultKinds)[number];
export type FaultCounts = Record<FaultKind | 'pass', number>;

export type FaultProxyOptions = {
  /** The upstream base URL, e.g. `http://127.0.0.1:8081`. */
  target: string;
  seed: number;
  /** Share of requests that get a fault (default 0.5), the rest pass untouched. */
  faultRate?: number;
  /** The faults to choose from (default all of {@link faultKinds}). */
  kinds?: readonly FaultKind[];
  /** Longest added delay of a `delay` fault (default 200 ms). */
  maxDelayMs?: number;
  /** A `reorder` request waits for a later request, or at most this long (default 250 ms). */
  reorderHoldMs?: number;
  /**
   * Names the request a body carries (e.g. the envelope's message id): successful upstream
   * answers are counted by it, so a test sees how often the upstream answered the same thing.
   */
  identify?: (body: Buffer) => string | undefined;
};

/** TEST ONLY: an HTTP proxy that injects seeded network faults between two nodes. */
export type FaultProxy = {
  readonly url: string;
  /** Requests by what was done to them. */
  counts(): FaultCounts;
  /** Forwards that found the upstream down (connection refused): the client's socket is closed. */
  readonly unreachable: number;
  /** 2xx answers of the upstream by {@link FaultProxyOptions.identify} (duplicates included). */
  readonly answeredById: ReadonlyMap<string, number>;
  /** Complete upstream answers by HTTP status. */
  readonly upstreamStatuses: ReadonlyMap<number, number>;
  /** Off: every request passes (the network has healed). */
  setFaults(on: boolean): void;
  close(): Promise<void>;
};

type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/** Hop-by-hop and framing headers are the proxy's own business, not forwarded. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const {
    connection: _c,
    'keep-alive': _k,
    'transfer-encoding': _t,
    'content-length': _l,
    ...rest
  } = headers;
  return rest;
}

/**
 * TEST ONLY: starts a fault proxy on a free loopback port in front of `options.target`. Each
 * request gets one seeded decision: pass, or one of {@link faultKinds} —
 * drop the request (close the client's socket, nothing forwarded), delay it, forward it twice
 * at once, hold it until a later request has gone out (reorder), forward half its body and cut
 * the connection, forward it and cut the answer half-way, or forward it and close the client's
 * socket without an answer (the upstream did the work; the client cannot know).
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const faultRate = options.faultRate ?? 0.5;
  const kinds = options.kinds ?? faultKinds;
  const maxDelayMs = options.maxDelayMs ?? 200;
  const reorderHoldMs = options.reorderHoldMs ?? 250;
  const counts: FaultCounts = {
    pass: 0,
    dropRequest: 0,
    delay: 0,
    duplicate: 0,
    reorder: 0,
    truncateRequest: 0,
    truncateResponse: 0,
    dropResponse: 0,
  };
  const answeredById = new Map<string, number>();
  const upstreamStatuses = new Map<number, number>();
  let unreachable = 0;
  let faultsOn = true;
  // Requests held back by `reorder`, released as soon as a later request has been sent.
  const held: Array<() => void> = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(options.target);

  const decide = (): { kind: FaultKind | 'pass'; delayMs: number } => {
    if (!faultsOn || random() >= faultRate) return { kind: 'pass', delayMs: 0 };
    const kind = kinds[Math.floor(random() * kinds.length)] ?? 'delay';
    return { kind, delayMs: Math.floor(random() * maxDelayMs) };
  };

  /** Sends the request upstream; with `cutAfter` only that many body bytes, then the connection is cut. */
  const forward = (req: IncomingMessage, body: Buffer, cutAfter?: number): Promise<Answer> =>
    new Promise<Answer>((resolve, reject) => {
      const upstream = httpRequest(
        new URL(req.url ?? '/', target),
        {
          method: req.method,
          headers: { ...endToEnd(req.headers), host: target.host, 'content-length': body.length },
          agent: cutAfter === undefined ? agent : false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 502,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      if (cutAfter === undefined) upstream.end(body);
      else {
        upstream.write(body.subarray(0, cutAfter));
        // Let the partial body reach the upstream before the connection goes.
        setTimeout(() => upstream.destroy(new Error('request truncated by the fault proxy')), 20);
      }
      for (const release of held.splice(0)) release();
    }).then((answer) => {
      upstreamStatuses.set(answer.status, (upstreamStatuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 200 && answer.status < 300) {
        const id = options.identify?.(body);
        if (id !== undefined) answeredById.set(id, (answeredById.get(id) ?? 0) + 1);
      }
      return answer;
    });

  const reply = (res: ServerResponse, answer: Answer, truncate: boolean): void => {
    if (!truncate) {
      res.writeHead(answer.status, endToEnd(answer.headers)).end(answer.body);
      return;
    }
    // Announce the whole body, send half, cut: the client sees a premature end.
    res.writeHead(answer.status, {
      ...endToEnd(answer.headers),
      'content-length': answer.body.length,
    });
    res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
    setTimeout(() => res.destroy(), 20);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { kind, delayMs } = decide();
    counts[kind] += 1;
    switch (kind) {
      case 'dropRequest':
        res.destroy();
        return;
      case 'truncateRequest':
        await forward(req, body, Math.floor(body.length / 2)).catch(() => undefined);
        res.destroy();
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        break;
      case 'reorder':
        await new Promise<void>((resolve) => {
          held.push(resolve);
          setTimeout(resolve, reorderHoldMs);
        });
        break;
      case 'duplicate': {
        const [first, second] = await Promise.allSettled([forward(req, body), forward(req, body)]);
        const answer =
          first.status === 'fulfilled'
            ? first.value
            : second.status === 'fulfilled'
              ? second.value
              : undefined;
        if (answer === undefined) res.destroy();
        else reply(res, answer, false);
        return;
      }
      default:
        break;
    }
    let answer: Answer;
    try {
      answer = await forward(req, body);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') unreachable += 1;
      res.destroy();
      return;
    }
    if (kind === 'dropResponse') res.destroy();
    else reply(res, answer, kind === 'truncateResponse');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    get unreachable() {
      return unreachable;
    },
    answeredById,
    upstreamStatuses,
    setFaults(on) {
      faultsOn = on;
    },
    async close() {
      for (const release of held.splice(0)) release();
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
