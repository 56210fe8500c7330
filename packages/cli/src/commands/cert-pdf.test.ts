// `kpx cert pdf`: the printable certificate and container label from a signed certificate file
// (offline, the QR signed with the issuer's key or given as made at issue) and from a real node
// on loopback — the same @kpx/print steps both ways, the same bytes for the same input, and a
// QR that scans back (pdftoppm + ZXing) to a payload `kpx verify` accepts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDraft } from '@kpx/domain';
import { silentLogger, startNetwork, type RunningNetwork } from '@kpx/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQrCodes } from '../../../print/src/testing/decode-qr.js';
import { pdfText, rasterise } from '../../../print/src/testing/poppler.js';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { kpx } from '../testing/run-kpx.js';

const sample = new URL('../../../../docs/examples/certificate.json', import.meta.url).pathname;
const now = '2026-11-21T10:00:00Z';

type PdfResult = {
  number: string;
  kind: string;
  bytes: number;
  sha256: string;
  qr?: { text: string; chars: number; version: number };
  error?: { code: string; message: string };
};

async function kpxJson(...args: string[]): Promise<{ code: number; result: PdfResult }> {
  const run = await kpx(...args, '--json');
  return { code: run.code, result: JSON.parse(run.stdout) as PdfResult };
}

const dir = tempDir('kpx-cli-pdf-');
const key = join(dir, 'ru.key.json');
const otherKey = join(dir, 'other.key.json');
const jwks = join(dir, 'ru.jwks.json');
const signed = join(dir, 'cert.jwt');
const signedLater = join(dir, 'cert-later.jwt');
const out = (name: string) => join(dir, name);

describe('kpx cert pdf from a signed certificate file (offline)', () => {
  beforeAll(async () => {
    const generated = await kpx(
      'keys',
      'generate',
      '--authority',
      'RU-MINFIN',
      '--out',
      key,
      '--jwks',
      jwks,
    );
    expect(generated.code).toBe(0);
    expect((await kpx('keys', 'generate', '--out', otherKey)).code).toBe(0);
    for (const [file, at] of [
      [signed, now],
      [signedLater, '2026-11-21T11:00:00Z'],
    ] as const) {
      const run = await kpx('cert', 'sign', sample, '--key', key, '--out', file, '--issued-at', at);
      expect(run.code).toBe(0);
    }
  });

  it('renders byte-identical PDFs for the same input, with a QR that scans and verifies', async () => {
    const first = await kpxJson('cert', 'pdf', signed, '--key', key, '--out', out('a.pdf'));
    const second = await kpxJson('cert', 'pdf', signed, '--key', key, '--out', out('b.pdf'));
    expect(first.code).toBe(0);
    expect(first.result.kind).toBe('certificate');
    expect(Buffer.compare(readFileSync(out('a.pdf')), readFileSync(out('b.pdf')))).toBe(0);
    expect(second.result.sha256).toBe(first.result.sha256);
    const qr = first.result.qr;
    if (qr === undefined) throw new Error('no QR in the result');
    expect(qr.chars).toBe(qr.text.length);

    const pdf = readFileSync(out('a.pdf'));
    expect(pdfText(pdf)).toContain(first.result.number);
    const scanned = (await Promise.all(rasterise(pdf).map((png) => readQrCodes(png)))).flat();
    expect(scanned.map((r) => r.text)).toContain(qr.text);
    expect(Number(scanned[0]?.version)).toBe(qr.version);

    const verified = await kpx('verify', qr.text, '--jwks', jwks, '--now', now, '--json');
    expect(verified.code).toBe(0);
  });

  it('the QR given as made at issue prints the same page as the QR signed here', async () => {
    const made = await kpxJson('cert', 'pdf', signed, '--key', key, '--out', out('key.pdf'));
    const qrFile = out('qr.txt');
    writeFileSync(qrFile, `${made.result.qr?.text ?? ''}\n`);
    const given = await kpxJson('cert', 'pdf', signed, '--qr', qrFile, '--out', out('qr.pdf'));
    expect(given.code).toBe(0);
    expect(given.result.sha256).toBe(made.result.sha256);
  });

  it('renders the container label with the same QR', async () => {
    const label = await kpxJson(
      'cert',
      'pdf',
      signed,
      '--key',
      key,
      '--label',
      '--lang',
      'en',
      '--out',
      out('label.pdf'),
    );
    expect(label.code).toBe(0);
    expect(label.result.kind).toBe('label');
    const scanned = (
      await Promise.all(rasterise(readFileSync(out('label.pdf'))).map((png) => readQrCodes(png)))
    ).flat();
    expect(scanned.map((r) => r.text)).toContain(label.result.qr?.text);
  });

  it('refuses a QR of another document, a key that did not sign it, a missing QR source, a bad language', async () => {
    const later = await kpxJson('cert', 'pdf', signedLater, '--key', key, '--out', out('l.pdf'));
    expect(later.code).toBe(0);
    const mismatch = await kpxJson(
      'cert',
      'pdf',
      signed,
      '--qr',
      later.result.qr?.text ?? '',
      '--out',
      out('x.pdf'),
    );
    expect(mismatch.code).toBe(1);
    expect(mismatch.result.error?.code).toBe('KPX_DIGEST_MISMATCH');

    const wrongKey = await kpxJson('cert', 'pdf', signed, '--key', otherKey, '--out', out('x.pdf'));
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.result.error?.code).toBe('KPX_KEY_AUTHORITY_MISMATCH');

    const noQr = await kpxJson('cert', 'pdf', signed, '--out', out('x.pdf'));
    expect(noQr.code).toBe(2);
    expect(noQr.result.error?.code).toBe('KPX_USAGE');

    const lang = await kpxJson(
      'cert',
      'pdf',
      signed,
      '--key',
      key,
      '--lang',
      'de',
      '--out',
      out('x.pdf'),
    );
    expect(lang.code).toBe(2);
    expect(lang.result.error?.code).toBe('KPX_USAGE');

    const notSigned = await kpxJson('cert', 'pdf', sample, '--key', key, '--out', out('x.pdf'));
    expect(notSigned.code).toBe(1);
    expect(notSigned.result.error?.code).toBe('KPX_JWS_MALFORMED');
  });
});

describe('kpx cert pdf from a node', () => {
  let net: RunningNetwork;
  let nodeUrl = '';
  let token = '';
  let number = '';
  let detailSigned = '';
  let storedQr = '';

  beforeAll(async () => {
    net = await startNetwork({
      dir: join(dir, 'network'),
      participants: ['RU'],
      basePort: 0,
      logger: silentLogger(),
      scryptCost: { N: 2 ** 10, r: 8, p: 1 },
    });
    const ru = net.nodes['RU'];
    if (ru === undefined) throw new Error('no RU node');
    nodeUrl = ru.url;
    token = ru.tokens['issuer'];
    const issued = await fetch(`${nodeUrl}/api/v1/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(sampleDraft),
    });
    expect(issued.status).toBe(201);
    number = ((await issued.json()) as { number: string }).number;
    const detail = (await (
      await fetch(`${nodeUrl}/api/v1/certificates/${number}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { signed: string };
    detailSigned = detail.signed;
    const row = await ru.node.context.storage.db
      .selectFrom('certificates')
      .select('qr_text')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    storedQr = row.qr_text ?? '';
  }, 120_000);

  afterAll(async () => {
    await net.stop();
  });

  it('writes exactly the node’s rendering, certificate and label', async () => {
    for (const [label, path] of [
      [false, 'pdf'],
      [true, 'label.pdf'],
    ] as const) {
      const file = out(`node-${path}`);
      const args = ['cert', 'pdf', number, '--node', nodeUrl, '--token', token, '--out', file];
      const run = await kpxJson(...(label ? [...args, '--label'] : args));
      expect(run.code).toBe(0);
      const direct = await fetch(`${nodeUrl}/api/v1/certificates/${number}/${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(direct.status).toBe(200);
      expect(Buffer.compare(readFileSync(file), Buffer.from(await direct.arrayBuffer()))).toBe(0);
    }
  });

  it('the node’s signed document and stored QR, printed offline, give the node’s bytes', async () => {
    const documentFile = out('node-cert.jwt');
    writeFileSync(documentFile, detailSigned);
    const offline = await kpxJson(
      'cert',
      'pdf',
      documentFile,
      '--qr',
      storedQr,
      '--out',
      out('o.pdf'),
    );
    expect(offline.code).toBe(0);
    expect(Buffer.compare(readFileSync(out('o.pdf')), readFileSync(out('node-pdf')))).toBe(0);
  });

  it('names the node’s problem for a certificate it does not hold, and a missing token', async () => {
    const unknown = await kpxJson(
      'cert',
      'pdf',
      'RU-2026-999999',
      '--node',
      nodeUrl,
      '--token',
      token,
      '--out',
      out('x.pdf'),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.result.error?.code).toBe('KPX_NOT_FOUND');
    const previous = process.env['KPX_TOKEN'];
    delete process.env['KPX_TOKEN'];
    const noToken = await kpxJson('cert', 'pdf', number, '--node', nodeUrl, '--out', out('x.pdf'));
    if (previous !== undefined) process.env['KPX_TOKEN'] = previous;
    expect(noToken.code).toBe(2);
    expect(noToken.result.error?.code).toBe('KPX_USAGE');
  });
});
