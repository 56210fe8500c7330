import { KpxError } from '@kpx/domain';
import { describe, expect, it } from 'vitest';
import {
  ProtocolVersionError,
  acceptedProtocolVersion,
  protocolVersion,
  supportedProtocolVersions,
} from './protocol-version.js';

describe('acceptedProtocolVersion', () => {
  it('speaks a version inside its own supported range', () => {
    expect(protocolVersion).toBeGreaterThanOrEqual(supportedProtocolVersions.min);
    expect(protocolVersion).toBeLessThanOrEqual(supportedProtocolVersions.max);
  });

  it('reads an absent header as version 1 and a supported one as itself', () => {
    expect(acceptedProtocolVersion(undefined)).toBe(1);
    expect(acceptedProtocolVersion(null)).toBe(1);
    expect(acceptedProtocolVersion('1')).toBe(1);
    expect(acceptedProtocolVersion(' 1 ')).toBe(1);
  });

  it.each(['2', '0', '01', '1.0', '-1', 'one', '', '1,2'])('refuses %j', (value) => {
    let thrown: unknown;
    try {
      acceptedProtocolVersion(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtocolVersionError);
    expect(thrown).toBeInstanceOf(KpxError);
    expect(thrown).toMatchObject({
      code: 'KPX_PROTOCOL_VERSION_UNSUPPORTED',
      status: 400,
      supported: { min: 1, max: 1 },
    });
  });

  it('names both versions in the detail', () => {
    expect(() => acceptedProtocolVersion('2')).toThrow(
      'The sender speaks kpx protocol version 2; this node speaks 1. One side must upgrade (Kpx-Protocol-Version).',
    );
    expect(() => acceptedProtocolVersion('x'.repeat(100))).toThrow(
      `The sender speaks kpx protocol version "${'x'.repeat(20)}"; this node speaks 1.`,
    );
  });
});
