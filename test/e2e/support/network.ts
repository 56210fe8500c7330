import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startNetwork, silentLogger, type RunningNetwork } from '@kpx/node';
import { tempDir } from '../../support/temp-dir.js';

export type Role = 'admin' | 'issuer' | 'importer' | 'analyst' | 'auditor';
export type Officer = { username: string; password: string; role: Role };

const webDist = join(process.cwd(), 'packages', 'web', 'dist', 'index.html');

/** The demo accounts network.json lists for a node, once the network harness writes them. */
function manifestUsers(net: RunningNetwork, code: string): Officer[] {
  const node = (net.manifest.nodes as Record<string, { users?: unknown }>)[code];
  return Array.isArray(node?.users) ? (node.users as Officer[]) : [];
}

/**
 * Two real nodes (RU-MINFIN, EU-BE-ANTWERP) on loopback serving the built console, and one
 * officer per role on each: network.json's demo users when it has them, else accounts made
 * with `node.createUser`.
 */
export async function startConsoleNetwork(): Promise<{
  net: RunningNetwork;
  officer: (code: 'RU' | 'EU', role: Role) => Officer;
  url: (code: 'RU' | 'EU') => string;
}> {
  if (!existsSync(webDist)) {
    throw new Error(`${webDist} is missing: build the console first (npm run build -w @kpx/web)`);
  }
  const net = await startNetwork({
    dir: tempDir('kpx-e2e-'),
    participants: ['RU', 'EU'],
    basePort: 0,
    logger: silentLogger(),
    scryptCost: { N: 2 ** 10, r: 8, p: 1 },
  });
  const officers = new Map<string, Officer>();
  for (const code of ['RU', 'EU'] as const) {
    const listed = manifestUsers(net, code);
    const roles: Role[] = ['admin', 'issuer', 'importer', 'analyst', 'auditor'];
    for (const role of roles) {
      const found = listed.find((u) => u.role === role);
      if (found !== undefined) {
        officers.set(`${code}/${role}`, found);
        continue;
      }
      const node = net.nodes[code]?.node;
      if (node === undefined) throw new Error(`no ${code} node`);
      const username = `${code.toLowerCase()}-${role}`;
      const password = `e2e-${role}-password-${code}`;
      await node.createUser({ username, role, displayName: `${code} ${role} officer`, password });
      officers.set(`${code}/${role}`, { username, password, role });
    }
  }
  const url = (code: 'RU' | 'EU') => {
    const u = net.nodes[code]?.url;
    if (u === undefined) throw new Error(`no ${code} node`);
    return u;
  };
  const home = await fetch(`${url('RU')}/`);
  const html = await home.text();
  if (!html.includes('<div id="root">')) {
    await net.stop();
    throw new Error(`the RU node does not serve the console at / (got ${String(home.status)})`);
  }
  return {
    net,
    url,
    officer: (code, role) => {
      const o = officers.get(`${code}/${role}`);
      if (o === undefined) throw new Error(`no ${code} ${role}`);
      return o;
    },
  };
}
