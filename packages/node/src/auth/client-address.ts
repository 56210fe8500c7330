import { isIP } from 'node:net';
import type { Context } from 'hono';

function normalise(address: string): string {
  return /^::ffff:([0-9.]+)$/i.exec(address)?.[1] ?? address;
}

/**
 * The address of the peer of the socket (@hono/node-server passes the Node request as the app's
 * `env`), or `undefined` in-process.
 */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  return typeof address === 'string' && address.length > 0 ? normalise(address) : undefined;
}

/**
 * The client's address: the socket's peer, or — only when that peer is one of
 * `trustedProxies` (config `console.trustedProxies`: the reverse proxies in front of the node) —
 * the right-most `X-Forwarded-For` entry that is not itself a trusted proxy. Anyone can send the
 * header, so it is never read from any other peer: the sign-in slow-down keyed on this address
 * must not be evaded (nor, behind a proxy, pinned on the proxy for everyone) by a header.
 */
export function clientAddress(
  c: Context,
  trustedProxies: readonly string[] = [],
): string | undefined {
  const peer = socketAddress(c);
  if (peer === undefined || !trustedProxies.includes(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => normalise(entry.trim()));
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i] ?? '';
    if (isIP(hop) === 0) return peer; // malformed: do not guess past it
    if (!trustedProxies.includes(hop)) return hop;
  }
  return peer;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((part) => part.replace(/^0+(?=.)/, ''));
}

/**
 * The key failed sign-ins are counted under for an address: the IPv4 address, or the /64 of an
 * IPv6 address (one subscriber usually holds a whole /64, so counting single addresses would
 * let one attacker rotate through 2^64 of them); `unknown` when the address is not known.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  if (isIP(address) === 6 && !address.includes('.'))
    return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
  return address;
}
