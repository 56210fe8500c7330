import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

// Where a webhook may not point (SSRF, OWASP Server-Side Request Forgery Prevention Cheat Sheet):
// the node itself, its private networks and cloud metadata endpoints. IANA special-purpose
// registries (RFC 6890): IPv4 and IPv6 ranges that are not globally reachable.
const refusedV4: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved and broadcast'],
];
const refusedV6: ReadonlyArray<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['fc00::', 7, 'unique-local'],
  ['ff00::', 8, 'multicast'],
  ['2001:db8::', 32, 'documentation'],
  ['100::', 64, 'discard-only'],
];

function embeddedV4(address: string): string | undefined {
  // IPv4-mapped (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), IPv4-compatible (::a.b.c.d) and NAT64
  // (64:ff9b::/96, RFC 6052): the packet goes to the IPv4 address, so that is what is judged.
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted !== null) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex === null) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Why an address is refused as a webhook target, or undefined when it is globally reachable. */
export type TargetGuard = (address: string) => string | undefined;

/**
 * The SSRF guard: refuses private, loopback, link-local, unique-local, CGNAT, multicast,
 * reserved and unspecified addresses, IPv4 or IPv6, including IPv4 embedded in IPv6 — except
 * what the admin allowed (`webhooks.allowedTargets`: addresses or CIDR ranges).
 */
export function createTargetGuard(allowed: readonly string[]): TargetGuard {
  const rules = [
    ...refusedV4.map(([net, prefix, why]) => ({ family: 'ipv4' as const, net, prefix, why })),
    ...refusedV6.map(([net, prefix, why]) => ({ family: 'ipv6' as const, net, prefix, why })),
  ].map((rule) => {
    const list = new BlockList();
    list.addSubnet(rule.net, rule.prefix, rule.family);
    return { ...rule, list };
  });
  const allow = new BlockList();
  for (const entry of allowed) {
    const [net = '', prefix] = entry.split('/');
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) allow.addAddress(net, family);
    else allow.addSubnet(net, Number(prefix), family);
  }
  const reason = (address: string, family: 'ipv4' | 'ipv6'): string | undefined => {
    const rule = rules.find((r) => r.family === family && r.list.check(address, family));
    return rule === undefined ? undefined : `${address} is ${rule.why}`;
  };
  return (address) => {
    const version = isIP(address);
    if (version === 0) return `${address} is not an IP address`;
    const family = version === 6 ? 'ipv6' : 'ipv4';
    if (allow.check(address, family)) return undefined;
    const inner = family === 'ipv6' ? embeddedV4(address) : undefined;
    if (inner !== undefined) {
      if (allow.check(inner, 'ipv4')) return undefined;
      const why = reason(inner, 'ipv4');
      if (why !== undefined) return `${address} embeds ${why}`;
    }
    return reason(address, family);
  };
}

/** The addresses a host name resolves to (all of them: every one is checked). */
export function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => {
      if (error !== null) reject(error);
      else resolve(addresses);
    });
  });
}

/** A URL host without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks a target host: an IP literal directly, a name by resolving it and checking every
 * address (one refused address refuses the target: DNS may hand out any of them). Returns the
 * reason for refusal, or undefined.
 */
export async function checkTarget(guard: TargetGuard, host: string): Promise<string | undefined> {
  if (isIP(host) !== 0) return guard(host);
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch (error) {
    return `${host} does not resolve (${error instanceof Error ? error.message : String(error)})`;
  }
  if (addresses.length === 0) return `${host} does not resolve`;
  for (const a of addresses) {
    const why = guard(a.address);
    if (why !== undefined) return `${host} resolves to ${why}`;
  }
  return undefined;
}

/**
 * A `lookup` for the socket that connects (net/tls `connect` options): resolves, refuses the
 * connection when any address is refused, and connects only to the addresses it checked — so a
 * name that resolved to a public address when the webhook was registered and to 127.0.0.1 now
 * (DNS rebinding) is refused at delivery.
 */
export function guardedLookup(guard: TargetGuard) {
  return (
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    resolveAll(hostname).then(
      (addresses) => {
        for (const a of addresses) {
          const why = guard(a.address);
          if (why !== undefined) {
            const error: NodeJS.ErrnoException = new Error(
              `webhook target refused: ${hostname} resolves to ${why}`,
            );
            error.code = 'KPX_WEBHOOK_TARGET_REFUSED';
            callback(error, '', 0);
            return;
          }
        }
        const first = addresses[0];
        if (first === undefined) {
          callback(
            Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
          return;
        }
        if (options.all === true) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
