import { existsSync } from 'node:fs';
import { buildTestTrustList, createManualClock, createNode, generateTestKey, getReconciliation, loadSyntheticTrade, silentLogger, staticTrustSource } from '@kpx/node';
const path = process.argv[2] ?? '/tmp/kpx-bench-50k.sqlite';
const count = Number(process.argv[3] ?? 50000);
const fresh = !existsSync(path);
const key = generateTestKey();
const node = await createNode({ authority: 'RU-MINFIN', signingKey: key.privateJwk, database: { kind: 'sqlite', path, synchronous: 'normal' } },
  { clock: createManualClock('2027-01-05T09:00:00.000Z'), logger: silentLogger(), trustSource: staticTrustSource(buildTestTrustList({ 'RU-MINFIN': key.publicJwk })) });
if (fresh) { const t = performance.now(); await loadSyntheticTrade(node.context, { count, start: '2025-01-01', days: 730, batch: 2000 }); console.log('load s', ((performance.now()-t)/1000).toFixed(1)); }
for (let i = 0; i < 3; i++) { const t = performance.now(); const cpu = process.cpuUsage(); const r = await getReconciliation(node.context); const c = process.cpuUsage(cpu); console.log('recon ms', (performance.now()-t).toFixed(0), 'cpu ms', ((c.user+c.system)/1000).toFixed(0), r.groups.length); }
await node.stop();
