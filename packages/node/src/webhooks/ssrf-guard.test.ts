import { describe, expect, it } from 'vitest';
import { checkTarget, createTargetGuard } from './ssrf-guard.js';

// The SSRF guard of traders' webhooks (docs/applications.md): every special-purpose range,
// IPv4 inside IPv6, names checked by what they resolve to, and the admin's allow-list.

describe('createTargetGuard', () => {
  const guard = createTargetGuard([]);

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
  ])('refuses %s (%s)', (address, why) => {
    expect(guard(address)).toContain(why);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('lets %s through', (address) => {
    expect(guard(address)).toBeUndefined();
  });

  it('lets through what the admin allowed, addresses or ranges, and nothing next to it', () => {
    const allowing = createTargetGuard(['127.0.0.1', '10.20.0.0/16', 'fd00::/8']);
    expect(allowing('127.0.0.1')).toBeUndefined();
    expect(allowing('::ffff:127.0.0.1')).toBeUndefined();
    expect(allowing('127.0.0.2')).toContain('loopback');
    expect(allowing('10.20.3.4')).toBeUndefined();
    expect(allowing('10.21.0.1')).toContain('private');
    expect(allowing('fd00::5')).toBeUndefined();
    expect(allowing('::1')).toContain('loopback');
  });
});

describe('checkTarget', () => {
  it('judges a name by every address it resolves to', async () => {
    const guard = createTargetGuard([]);
    expect(await checkTarget(guard, 'localhost')).toMatch(/^localhost resolves to .* loopback/);
    expect(await checkTarget(guard, '169.254.169.254')).toContain('link-local');
    expect(await checkTarget(guard, 'no-such-host.invalid')).toMatch(/does not resolve/);
  });
});
