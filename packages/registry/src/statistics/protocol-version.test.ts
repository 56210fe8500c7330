import { protocolVersionHeader } from '@kpx/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRegistry, type TestRegistry } from '../testing/test-registry.js';

// The registry receives statistical returns on /exchange like a node, so it checks the
// sender's protocol version the same way (docs/protocol.md "Versioning").

const open: TestRegistry[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.registry.stop();
});

describe('registry: Kpx-Protocol-Version', () => {
  it('announces its version and refuses a sender on an unsupported major before reading the body', async () => {
    const t = await createTestRegistry({});
    open.push(t);
    const health = await t.registry.app.request('/healthz');
    expect(health.headers.get(protocolVersionHeader)).toBe('1');

    const res = await t.registry.app.request('/exchange/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/jose', [protocolVersionHeader]: '3' },
      body: 'not even a JWS',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get(protocolVersionHeader)).toBe('1');
    expect(await res.json()).toMatchObject({
      code: 'KPX_PROTOCOL_VERSION_UNSUPPORTED',
      detail:
        'The sender speaks kpx protocol version 3; this node speaks 1. One side must upgrade (Kpx-Protocol-Version).',
    });

    // Without the header (an older release) the envelope is read as version 1: this one is
    // then refused for what it is, not for its version.
    const old = await t.registry.app.request('/exchange/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: 'not even a JWS',
    });
    expect(((await old.json()) as { code: string }).code).not.toBe(
      'KPX_PROTOCOL_VERSION_UNSUPPORTED',
    );
  });
});
