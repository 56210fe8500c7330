import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** TEST ONLY: one URL in front of several node processes, as a load balancer would be. */
export type RoundRobinProxy = {
  readonly url: string;
  /** The upstream base URLs (`http://127.0.0.1:port`), tried in turn. */
  setTargets(targets: readonly string[]): void;
  /** Requests each upstream answered (by its base URL). */
  readonly answered: ReadonlyMap<string, number>;
  close(): Promise<void>;
};

/**
 * TEST ONLY: a round-robin HTTP proxy on a free loopback port. A request an upstream does not
 * answer (refused, reset: a killed process) is sent to the next one — safe here because the
 * test's POSTs carry an Idempotency-Key — and an upstream that refuses connections is taken out
 * of the rotation. 502 when none answers.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let targets: string[] = [];
  const down = new Set<string>();
  const answered = new Map<string, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;

  const forward = (
    target: string,
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent },
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
      upstream.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let tried = 0; tried < targets.length; tried++) {
      const live = targets.filter((t) => !down.has(t));
      if (live.length === 0) break;
      const target = live[next++ % live.length]!;
      try {
        const answer = await forward(target, req, body);
        answered.set(target, (answered.get(target) ?? 0) + 1);
        const {
          connection: _c,
          'keep-alive': _k,
          'transfer-encoding': _t,
          ...headers
        } = answer.headers;
        res.writeHead(answer.status, headers).end(answer.body);
        return;
      } catch (error) {
        // Refused: the process is gone, take it out. Anything else (a reset keep-alive socket,
        // a request cut by a dying process) is only this request's: try the next upstream.
        if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') down.add(target);
      }
    }
    res.writeHead(502, { 'content-type': 'text/plain' }).end('no upstream answered');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTargets(list) {
      targets = [...list];
      down.clear();
    },
    answered,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
