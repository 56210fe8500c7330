// One node process of the multi-process test (test/federation/multi-process.test.ts): the
// built @kpx/node (`tsc -b` first) serving the configuration in KPX_MP_NODE with
// createNode + startNodeServer on a free loopback port. Its deliveries carry the header
// `x-kpx-test-worker: <tag>` so the receiving test can count each process's work. Prints one
// JSON line `{ "ready": { "url", "pid" } }`; SIGTERM shuts it down gracefully.
import { createLogger, createNode, createUndiciTransport, startNodeServer } from '@kpx/node';

const { config, tag } = JSON.parse(process.env.KPX_MP_NODE ?? '{}');
const send = createUndiciTransport();
const node = await createNode(config, {
  transport: (request) =>
    send({ ...request, headers: { ...request.headers, 'x-kpx-test-worker': tag } }),
  logger: createLogger({ level: 'warn', name: `kpx-node-${tag}` }),
});
const server = await startNodeServer(node, { host: '127.0.0.1', port: 0, shutdownGraceMs: 2000 });
process.stdout.write(JSON.stringify({ ready: { url: server.url, pid: process.pid, tag } }) + '\n');
process.once('SIGTERM', () => {
  void server.close();
});
