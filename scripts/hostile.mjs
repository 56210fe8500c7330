#!/usr/bin/env node
// `npm run hostile -- [--per-route N] [--seed S] [--json]`: the hostile-input run of issue 10
// against a freshly started node (built code, packages/*/dist): N seeded hostile requests per
// route of the OpenAPI document plus /exchange/v1/messages (default 10,000), then the node must
// still answer and its database must be unchanged. Prints per-route answer counts by status and
// every failure (with seed and index to replay it). Exit 0 all good, 1 a failure, 2 usage.
// The same generator runs 200 per route in CI (test/attacks/hostile-input.test.ts).
import { routesOf, runHostile } from '../test/support/hostile-input.mjs';
import { databaseDigest, startHostileTarget } from '../test/support/hostile-target.mjs';

const args = process.argv.slice(2);
let perRoute = 10_000;
let seed = Date.now() % 2 ** 31;
let json = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const value = () => {
    const v = args[++i];
    if (v === undefined || !/^[0-9]+$/.test(v)) {
      console.error(`${arg} needs a whole number`);
      process.exit(2);
    }
    return Number(v);
  };
  if (arg === '--per-route') perRoute = value();
  else if (arg === '--seed') seed = value();
  else if (arg === '--json') json = true;
  else {
    console.error(
      `unknown argument ${arg}; usage: node scripts/hostile.mjs [--per-route N] [--seed S] [--json]`,
    );
    process.exit(2);
  }
}
if (perRoute < 1) {
  console.error('--per-route must be at least 1');
  process.exit(2);
}

const target = await startHostileTarget();
let exitCode = 0;
try {
  const routes = routesOf(target.openApi);
  if (!json)
    console.log(`hostile: ${routes.length} routes × ${perRoute}, seed ${seed}, ${target.url}`);
  const started = performance.now();
  const before = await databaseDigest(target.node);
  const { report, failures } = await runHostile({
    baseUrl: target.url,
    routes,
    perRoute,
    seed,
    auth: target.auth,
    limits: target.limits,
    kids: target.kids,
    onRoute: (entry) => {
      if (json) return;
      const statuses = Object.entries(entry.statuses)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
      console.log(`${entry.route.padEnd(52)} ${String(entry.sent).padStart(6)}  ${statuses}`);
    },
  });
  const health = await fetch(`${target.url}/healthz`).then(
    (r) => r.status,
    () => 0,
  );
  const after = await databaseDigest(target.node);
  const problems = [...failures.map((f) => `${f.route} #${f.index}: ${f.reason}`)];
  if (health !== 200) problems.push(`the node no longer answers /healthz (${health})`);
  if (after.digest !== before.digest)
    problems.push(
      `the database changed: ${JSON.stringify(before.counts)} → ${JSON.stringify(after.counts)}`,
    );
  const seconds = (performance.now() - started) / 1000;
  const sent = report.reduce((n, r) => n + r.sent, 0);
  if (json) {
    console.log(JSON.stringify({ seed, perRoute, sent, seconds, report, failures, problems }));
  } else {
    for (const f of failures.slice(0, 50)) console.log(JSON.stringify(f));
    console.log(
      `${sent} requests in ${seconds.toFixed(1)} s; ${failures.length} failed, database ${after.digest === before.digest ? 'unchanged' : 'CHANGED'}, node ${health === 200 ? 'up' : 'DOWN'}`,
    );
  }
  if (problems.length > 0) exitCode = 1;
} finally {
  await target.stop();
}
process.exitCode = exitCode;
