import { createHash } from 'node:crypto';
import { hsCodes, participantByCode, type CertificateDraft } from '@kpx/domain';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { labels } from './labels.js';
import type { PrintLanguages } from './print-languages.js';
import {
  certificatePdfFileName,
  renderCertificate,
  renderCertificatePdf,
} from './render-certificate-pdf.js';
import { compact, pdfFonts, pdfInfo, pdfText, wordBoxes } from './testing/poppler.js';
import {
  cyrillicDraft,
  printInput,
  signedFixture,
  type SignedFixture,
} from './testing/print-fixture.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** True when every value appears in the text, however the lines were wrapped. */
function missing(text: string, values: readonly string[]): string[] {
  const flat = compact(text);
  return values.filter((v) => !flat.includes(compact(v)));
}

describe('renderCertificatePdf', () => {
  let fixture: SignedFixture;
  beforeAll(async () => {
    fixture = await signedFixture();
  });

  it('gives byte-identical output for identical input', async () => {
    const one = await renderCertificatePdf(printInput(fixture, ['en', 'ru']));
    const two = await renderCertificatePdf(printInput(fixture, ['en', 'ru']));
    const rebuilt = await renderCertificatePdf(printInput(await signedFixture(), ['en', 'ru']));
    expect(Buffer.from(two).equals(Buffer.from(one))).toBe(true);
    expect(sha(rebuilt)).toBe(sha(one));
    const other = await renderCertificatePdf(printInput(fixture, ['en', 'fr']));
    expect(sha(other)).not.toBe(sha(one));
  });

  it('does not depend on the clock', async () => {
    const now = await renderCertificatePdf(printInput(fixture, ['en', 'ru']));
    vi.useFakeTimers({ now: new Date('2031-07-15T13:45:10.123Z'), toFake: ['Date'] });
    try {
      expect(sha(await renderCertificatePdf(printInput(fixture, ['en', 'ru'])))).toBe(sha(now));
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes A4, dated the day of issue, with DejaVu embedded as subsets', async () => {
    const pdf = await renderCertificatePdf(printInput(fixture, ['en', 'ru']));
    const info = pdfInfo(pdf);
    expect(info['Page size']).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
    expect(info.Pages).toBe('1');
    expect(info.CreationDate).toMatch(/Mar\s+2 00:00:00 2026 UTC/);
    expect(info.ModDate).toBe(info.CreationDate);
    expect(info.Title).toBe('Kimberley Process Certificate RU-2026-000123');
    const fonts = pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toStrictEqual([
      'DejaVuSans',
      'DejaVuSans-Bold',
    ]);
    expect(fonts.every((f) => f.embedded && f.subset && f.unicode)).toBe(true);
    // No standard (non-embedded) font slipped in, and the file stays small.
    expect(pdf.length).toBeLessThan(80_000);
  });

  const annexIValues = (languages: PrintLanguages): string[] => {
    const c = fixture.certificate;
    const ru = languages.includes('ru' as never);
    return [
      // title and fixed statement (Annex I A), in each language
      ...languages.flatMap((l) => [labels.title[l], labels.statement[l]]),
      c.number,
      // origin, export, destination (names from the directory)
      `${participantByCode('RU')?.names.en ?? ''} (RU)`,
      `${participantByCode('EU')?.names.en ?? ''} (EU)`,
      c.issuedOn,
      c.expiresOn,
      'Ministry of Finance of the Russian Federation',
      'RU-MINFIN',
      'EU-BE-ANTWERP',
      c.exporter.name,
      c.exporter.address,
      c.exporter.licence ?? '',
      c.importer.name,
      c.importer.address,
      c.importer.licence ?? '',
      ...c.items.flatMap((i) => [i.hs, i.carats, i.valueUsd]),
      ...hsCodes.map((h) => h.descriptions.en),
      ...(ru ? hsCodes.map((h) => h.descriptions.ru) : []),
      c.totals.carats,
      c.totals.valueUsd,
      String(c.parcels),
      `${participantByCode('AE')?.names.en ?? ''} (AE)`,
      ...c.seals,
      c.replaces ?? '',
      fixture.kid,
      fixture.digest,
    ];
  };

  const labelKeys = [
    'number',
    'origin',
    'exportingParticipant',
    'importingParticipant',
    'issuedOn',
    'expiresOn',
    'issuingAuthority',
    'importingAuthority',
    'exporter',
    'importer',
    'licence',
    'hs',
    'description',
    'carats',
    'value',
    'total',
    'parcels',
    'transit',
    'seals',
    'replaces',
    'validation',
    'kid',
    'digest',
  ] as const;

  it.each([[['en', 'ru']], [['en', 'fr']], [['en']]] as const)(
    'prints every Annex I field with its labels in %j',
    async (languages) => {
      const text = pdfText(await renderCertificatePdf(printInput(fixture, languages)));
      expect(missing(text, annexIValues(languages))).toStrictEqual([]);
      const wanted = labelKeys.flatMap((k) => languages.map((l) => labels[k][l]));
      expect(missing(text, wanted)).toStrictEqual([]);
      const absent = (['ru', 'fr'] as const).filter((l) => !languages.includes(l as never));
      for (const l of absent) expect(compact(text)).not.toContain(compact(labels.title[l]));
    },
  );

  it('prints the unique number large: over twice the height of the field values', async () => {
    const words = wordBoxes(await renderCertificatePdf(printInput(fixture, ['en', 'ru'])));
    const number = words.filter((w) => w.text === fixture.certificate.number);
    const issued = words.find((w) => w.text === fixture.certificate.issuedOn);
    expect(number.length).toBeGreaterThanOrEqual(2); // the heading, and the footer
    const heights = number.map((w) => w.height).sort((a, b) => b - a);
    expect(heights[0]).toBeGreaterThan(2.5 * (issued?.height ?? Infinity));
    expect(number[0]?.page).toBe(0);
  });

  it('prints the Cyrillic names exactly (extractable as Unicode)', async () => {
    const text = pdfText(await renderCertificatePdf(printInput(fixture, ['en', 'ru'])));
    expect(compact(text)).toContain(compact(cyrillicDraft.importer.name));
    expect(text).toContain('Министерство финансов Российской Федерации');
    expect(text).toContain('Алмазы несортированные');
  });

  it('prints MIXED origin, no transit, no seals, no replaced certificate, no licence', async () => {
    const draft: CertificateDraft = {
      importingParticipant: 'AE',
      exporter: { name: 'Lena Rough Diamonds JSC', address: '12 Lenina Avenue, Yakutsk' },
      importer: { name: 'Gulf Rough DMCC', address: 'Almas Tower, Dubai' },
      origin: 'MIXED',
      items: [{ hs: '7102.31', carats: '1.00', valueUsd: '0.50' }],
      parcels: 1,
    };
    const mixed = await signedFixture(draft, 'RU-2026-000124');
    const text = pdfText(await renderCertificatePdf(printInput(mixed, ['en', 'fr'])));
    expect(
      missing(text, ['MIXED', labels.mixed.en, labels.mixed.fr, 'none / aucun', '—']),
    ).toStrictEqual([]);
    expect(text).not.toContain('RU-2026-000101');
  });

  it('uses the authority name the caller gives', async () => {
    const text = pdfText(
      await renderCertificatePdf({
        ...printInput(fixture, ['en']),
        authorityName: 'Gokhran Export Office',
      }),
    );
    expect(text).toContain('Gokhran Export Office');
    expect(text).not.toContain('Ministry of Finance of the Russian Federation');
  });

  it('keeps the XMP metadata well-formed when a name has XML characters', async () => {
    const pdf = await renderCertificatePdf({
      ...printInput(fixture, ['en']),
      authorityName: 'Gem & Jewellery <Export> Council',
    });
    expect(pdfText(pdf)).toContain('Gem & Jewellery <Export> Council');
    expect(pdfInfo(pdf).Author).toBe('Gem and Jewellery Export Council');
    const latin1 = Buffer.from(pdf).toString('latin1');
    const xmp = latin1.slice(latin1.indexOf('<x:xmpmeta'), latin1.indexOf('</x:xmpmeta>'));
    expect(xmp).toContain('<rdf:li>Gem and Jewellery Export Council</rdf:li>');
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });

  it('continues on a second page when the fields are at their longest', async () => {
    const long = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    const draft: CertificateDraft = {
      ...cyrillicDraft,
      exporter: {
        name: long('Алмазэкспорт Якутия ', 200),
        address: long('проспект Ленина 12, Якутск ', 500),
        licence: 'RU-EXP-2026-0042',
      },
      importer: {
        name: long('Antwerp Rough Trading ', 200),
        address: long('Hoveniersstraat 2, Antwerpen ', 500),
      },
      seals: Array.from({ length: 50 }, (_, i) => `RU-S-${String(i).padStart(6, '0')}`),
    };
    const big = await signedFixture(draft, 'RU-2026-000125');
    const rendered = await renderCertificate(printInput(big, ['en', 'ru']));
    expect(rendered.pages).toBe(2);
    expect(pdfInfo(rendered.pdf).Pages).toBe('2');
    const text = pdfText(rendered.pdf);
    expect(
      missing(text, [...(draft.seals ?? []), 'Page / Страница 2 / 2', big.digest]),
    ).toStrictEqual([]);
    expect(rendered.qr.page).toBe(0);
  });

  it('refuses parts that do not belong together', async () => {
    const input = printInput(fixture, ['en']);
    const other = await signedFixture(cyrillicDraft, 'RU-2026-000999');
    await expect(renderCertificatePdf({ ...input, digest: other.digest })).rejects.toThrow(
      'digest is not the SHA-256 of signedJws',
    );
    await expect(renderCertificatePdf({ ...input, kid: 'x' })).rejects.toThrow(
      'kid is not the kid of signedJws',
    );
    await expect(
      renderCertificatePdf({ ...input, certificate: other.certificate }),
    ).rejects.toThrow('signedJws does not carry this certificate');
    await expect(renderCertificatePdf({ ...input, qrText: other.qrText })).rejects.toThrow(
      'qrText names another certificate number',
    );
    await expect(renderCertificatePdf({ ...input, qrText: 'KP1:NOPE' })).rejects.toThrow(
      /^qrText is not a KP1 payload/,
    );
  });

  it('names the file after the number', () => {
    expect(certificatePdfFileName('RU-2026-000123')).toBe('KP-RU-2026-000123.pdf');
    expect(certificatePdfFileName('IN/2026/77')).toBe('KP-IN-2026-77.pdf');
  });
});
