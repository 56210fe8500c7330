import { isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * The client's address as the socket saw it (@hono/node-server passes the Node request as the
 * app's `env`), or `undefined` in-process. Forwarded-for headers are not read: anyone can send
 * them, and the slow-down keyed on this address must not be evaded by a header.
 */
export function clientAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  if (typeof address !== 'string' || address.length === 0) return undefined;
  const mapped = /^::ffff:([0-9.]+)$/i.exec(address);
  return mapped?.[1] ?? address;
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
