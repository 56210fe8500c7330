import { buildTestTrustList, createManualClock, createNode, generateTestKey, getReconciliation, silentLogger, staticTrustSource } from '@kpx/node';
import { refusedConfirmations } from '../packages/node/dist/statistics/get-reconciliation.js';
const key = generateTestKey();
const node = await createNode({ authority: 'RU-MINFIN', signingKey: key.privateJwk, database: { kind: 'sqlite', path: '/tmp/kpx-bench-50k.sqlite', synchronous: 'normal' } },
  { clock: createManualClock('2027-01-05T09:00:00.000Z'), logger: silentLogger(), trustSource: staticTrustSource(buildTestTrustList({ 'RU-MINFIN': key.publicJwk })) });
for (let i = 0; i < 20; i++) { const t = performance.now(); const cpu = process.cpuUsage(); const r = await getReconciliation(node.context); const c = process.cpuUsage(cpu); console.log('recon ms', (performance.now()-t).toFixed(0), 'cpu ms', ((c.user+c.system)/1000).toFixed(0), r.groups.length); }
await node.stop();
