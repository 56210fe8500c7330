import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endorseListKey, signTrustList } from '@kpx/protocol';
import { createNodeSigner } from '@kpx/protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../runtime/clock.js';
import { buildTestTrustList, generateTestKey } from '../testing/test-trust-list.js';
import { createTrustFileSource } from './trust-file-source.js';

const clock = createManualClock('2026-03-02T09:00:00Z');
const node = generateTestKey();
const root = generateTestKey();
const listKey = generateTestKey();
const list = buildTestTrustList({ 'RU-MINFIN': node.publicJwk });
let dir: string;
let signed: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpx-trust-'));
  const endorsement = await endorseListKey(
    { jwk: listKey.publicJwk, validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z' },
    createNodeSigner(root.privateJwk),
  );
  signed = await signTrustList(list, createNodeSigner(listKey.privateJwk), endorsement);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('createTrustFileSource', () => {
  it('reads the bare JSON payload (unsigned)', async () => {
    const doc = await createTrustFileSource({
      path: file('list.json', JSON.stringify(list)),
      clock,
    }).load();
    expect(doc).toMatchObject({ verification: 'unsigned', list: { version: 1 } });
    expect(doc.signed).toBeUndefined();
  });

  it('verifies a signed list against the pinned root key', async () => {
    const doc = await createTrustFileSource({
      path: file('list.jwt', signed),
      clock,
      rootKey: root.publicJwk,
    }).load();
    expect(doc).toMatchObject({ verification: 'signature', signed });
    expect(doc.list.keys[0]?.kid).toBe(node.kid);
  });

  it('refuses a signed list that does not verify against the pinned root', async () => {
    const other = generateTestKey();
    await expect(
      createTrustFileSource({
        path: file('list2.jwt', signed),
        clock,
        rootKey: other.publicJwk,
      }).load(),
    ).rejects.toMatchObject({
      code: 'KPX_TRUST_LIST_INVALID',
    });
  });

  it('loads a signed list past its nextUpdate: the grace of the trust holder decides', async () => {
    const old = buildTestTrustList(
      { 'RU-MINFIN': node.publicJwk },
      { issuedAt: '2026-02-28T00:00:00Z', nextUpdate: '2026-03-01T00:00:00Z' },
    );
    const endorsement = await endorseListKey(
      {
        jwk: listKey.publicJwk,
        validFrom: '2026-01-01T00:00:00Z',
        validTo: '2027-01-01T00:00:00Z',
      },
      createNodeSigner(root.privateJwk),
    );
    const jws = await signTrustList(old, createNodeSigner(listKey.privateJwk), endorsement);
    const doc = await createTrustFileSource({
      path: file('old.jwt', jws),
      clock,
      rootKey: root.publicJwk,
    }).load();
    expect(doc).toMatchObject({ verification: 'signature', list: { nextUpdate: old.nextUpdate } });
  });

  it('reads a signed list without a pinned root as unchecked-signature', async () => {
    const doc = await createTrustFileSource({ path: file('list3.jwt', signed), clock }).load();
    expect(doc.verification).toBe('unchecked-signature');
  });

  it('refuses anything else with KPX_TRUST_LIST_INVALID', async () => {
    await expect(
      createTrustFileSource({ path: file('bad.json', '{"version":1}'), clock }).load(),
    ).rejects.toMatchObject({
      code: 'KPX_TRUST_LIST_INVALID',
    });
    await expect(
      createTrustFileSource({ path: file('bad.txt', 'hello'), clock }).load(),
    ).rejects.toMatchObject({
      code: 'KPX_TRUST_LIST_INVALID',
    });
  });
});
