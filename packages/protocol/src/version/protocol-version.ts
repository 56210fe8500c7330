import { KpxError } from '@kpx/domain';

/**
 * The kpx node-to-node protocol version this implementation speaks: the major version of the
 * wire formats in spec/ (envelope, receipt, trust list, message bodies). It changes only when a
 * partner on the previous version could no longer understand what is sent; additions that old
 * receivers ignore safely keep the number.
 */
export const protocolVersion = 1;

/** The protocol versions this implementation accepts from partners (inclusive). */
export const supportedProtocolVersions: Readonly<{ min: number; max: number }> = Object.freeze({
  min: 1,
  max: 1,
});

/**
 * The HTTP header a sender puts on `POST /exchange/v1/messages` and every kpx service puts on
 * its answers. A header rather than an envelope field: the signed bytes of version 1 (and the
 * published test vectors) stay exactly as they were.
 */
export const protocolVersionHeader = 'Kpx-Protocol-Version';

/**
 * The version a request without the header is taken to speak. Releases before the header
 * existed spoke version 1 and never sent it; refusing them would cut off every partner that has
 * not upgraded yet, for no wire difference at all.
 */
export const unannouncedProtocolVersion = 1;

const versionText = /^[1-9][0-9]{0,5}$/;

/**
 * A partner announced a protocol version outside {@link supportedProtocolVersions}. Carries
 * both sides' versions as RFC 9457 extension members, so the sender's operator sees at once
 * who has to upgrade.
 */
export class ProtocolVersionError extends KpxError {
  readonly received: string;
  readonly supported: { min: number; max: number };

  constructor(received: string) {
    const range =
      supportedProtocolVersions.min === supportedProtocolVersions.max
        ? `${supportedProtocolVersions.min}`
        : `${supportedProtocolVersions.min} to ${supportedProtocolVersions.max}`;
    super('KPX_PROTOCOL_VERSION_UNSUPPORTED', {
      detail: `The sender speaks kpx protocol version ${received}; this node speaks ${range}. One side must upgrade (${protocolVersionHeader}).`,
    });
    this.received = received;
    this.supported = { ...supportedProtocolVersions };
  }
}

/**
 * The protocol version a partner's request speaks, from its {@link protocolVersionHeader}
 * value: absent → {@link unannouncedProtocolVersion}; a supported major → that number.
 * Throws {@link ProtocolVersionError} (`KPX_PROTOCOL_VERSION_UNSUPPORTED`) for a version outside
 * the supported range or a value that is not a version at all.
 *
 * @example
 * ```ts
 * acceptedProtocolVersion(undefined); // 1
 * acceptedProtocolVersion('1'); // 1
 * acceptedProtocolVersion('2'); // throws KPX_PROTOCOL_VERSION_UNSUPPORTED
 * ```
 */
export function acceptedProtocolVersion(header: string | undefined | null): number {
  if (header === undefined || header === null) return unannouncedProtocolVersion;
  const text = header.trim();
  if (!versionText.test(text)) throw new ProtocolVersionError(JSON.stringify(text.slice(0, 20)));
  const version = Number(text);
  if (version < supportedProtocolVersions.min || version > supportedProtocolVersions.max)
    throw new ProtocolVersionError(text);
  return version;
}
