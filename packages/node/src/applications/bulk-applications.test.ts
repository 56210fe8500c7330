import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDialect } from '../../../../test/support/dialects.js';
import { tinyPdf } from '../../../../test/support/pdf.js';
import { createTestNetwork, type TestNetwork, type TestNode } from '../testing/test-network.js';

// The CSV bulk upload of applications (docs/applications.md): every kind of bad row gets its
// code and column, good rows become applications, a bad header or too many rows stores nothing.

type Json = Record<string, unknown>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

const header =
  'reference,importingParticipant,importingAuthority,importerName,importerAddress,origin,parcels,hs,carats,valueUsd,hs2,carats2,valueUsd2,transit,invoice,packingList';
const good = (ref: string) =>
  `${ref},EU,EU-BE-ANTWERP,Schupstraat BV,"Schupstraat 1, Antwerp",RU,4,7102.31,1520.35,245000,,,,AE,inv.pdf,pack.pdf`;
const documents = {
  'inv.pdf': tinyPdf('invoice').toString('base64'),
  'pack.pdf': tinyPdf('packing list').toString('base64'),
  'notes.txt': Buffer.from('hello').toString('base64'),
};

let net: TestNetwork;
let ru: TestNode;

function upload(body: unknown): Promise<Response> {
  return ru.request('/api/v1/applications/bulk', { method: 'POST', role: 'trader', json: body });
}

forEachDialect((d) => {
  beforeAll(async () => {
    net = await createTestNetwork(['RU-MINFIN', 'EU-BE-ANTWERP'], { database: () => d.database() });
    ru = net.nodes['RU-MINFIN']!;
  });
  afterAll(async () => {
    await net.stop();
  });

  describe('bulk upload', () => {
    it('answers every row: accepted, or each problem with its code and column', async () => {
      const csv = [
        header,
        good('A1'),
        'A2,EU,EU-BE-ANTWERP,Stray "quote BV,Antwerp,RU,4,7102.31,1.00,1.00,,,,,inv.pdf,pack.pdf',
        'A3,EU,EU-BE-ANTWERP,Importer,Addr,RU,4,7102.31,"1,520.35",245000,,,,,inv.pdf,pack.pdf',
        'A4,EU,EU-BE-ANTWERP,Importer,Addr,RU,four,7102.31,1.00,1.00,,,,,inv.pdf,pack.pdf',
        'A5,XX,,Importer,Addr,RU,4,7102.31,1.00,1.00,,,,,inv.pdf,pack.pdf',
        'A6,EU,EU-BE-ANTWERP,Importer,Addr,RU,4,7102.99,1.00,1.00,,,,,inv.pdf,pack.pdf',
        'A7,EU,EU-BE-ANTWERP,Importer,Addr,RU,4,7102.31,1.00,1.00,7102.77,2.00,2.00,,inv.pdf,pack.pdf',
        'A8,EU,EU-BE-ANTWERP,Importer,Addr,RU,4,7102.31,1.00,1.00,,,,,,pack.pdf',
        'A9,EU,EU-BE-ANTWERP,Importer,Addr,RU,4,7102.31,1.00,1.00,,,,,missing.pdf,pack.pdf',
        'A10,EU,EU-BE-ANTWERP,Importer,Addr,RU,4,7102.31,1.00,1.00,,,,,notes.txt,pack.pdf',
        'A11,EU,EU-BE-ANTWERP,,Addr,RU,4,7102.31,1.00,1.00,,,,,inv.pdf,pack.pdf',
        'A12,EU,EU-BE-ANTWERP,Importer,Addr,RU,4,7102.31,1.00,1.00,,,,ZZZ,inv.pdf,pack.pdf',
        '',
        good('A14'),
      ].join('\r\n');
      const res = await upload({ csv, documents });
      expect(res.status).toBe(200);
      const body = await json(res);
      const results = body['results'] as Array<{
        row: number;
        reference?: string;
        ok: boolean;
        id?: string;
        problems: Array<{ code: string; column: string }>;
      }>;
      const summary = results.map((r) => [
        r.row,
        r.reference,
        r.ok,
        r.problems.map((p) => `${p.code}@${p.column}`),
      ]);
      expect(summary).toEqual([
        [2, 'A1', true, []],
        [3, 'A2', false, ['KPX_CSV_INVALID@importerName']],
        [4, 'A3', false, ['KPX_AMOUNT_INVALID@carats']],
        [5, 'A4', false, ['KPX_TYPE_INVALID@parcels']],
        [6, 'A5', false, ['KPX_PARTICIPANT_UNKNOWN@importingParticipant']],
        [7, 'A6', false, ['KPX_HS_UNKNOWN@hs']],
        [8, 'A7', false, ['KPX_HS_UNKNOWN@hs2']],
        [9, 'A8', false, ['KPX_FIELD_REQUIRED@invoice']],
        [10, 'A9', false, ['KPX_ATTACHMENT_INVALID@invoice']],
        [11, 'A10', false, ['KPX_ATTACHMENT_INVALID@invoice', 'KPX_ATTACHMENT_INVALID@invoice']],
        [12, 'A11', false, ['KPX_FIELD_REQUIRED@importerName']],
        [13, 'A12', false, ['KPX_TRANSIT_INVALID@transit']],
        [15, 'A14', true, []],
      ]);
      expect(body).toMatchObject({ accepted: 2, refused: 11 });
      for (const r of results.filter((x) => x.ok)) {
        const stored = await json(
          await ru.request(`/api/v1/applications/${r.id!}`, { role: 'trader' }),
        );
        expect(stored).toMatchObject({
          status: 'submitted',
          exporter: 'Lena Rough Diamonds JSC',
          draft: {
            transit: ['AE'],
            items: [{ hs: '7102.31', carats: '1520.35', valueUsd: '245000.00' }],
          },
          events: [{ type: 'submitted', data: { via: 'csv' } }],
        });
      }
    });

    it('stores nothing when the header cannot be read, naming each wrong column', async () => {
      const before = await json(await ru.request('/api/v1/applications', { role: 'trader' }));
      const res = await upload({
        csv: 'importingParticipant,colour,importerName\r\nEU,red,X\r\n',
        documents,
      });
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body).toMatchObject({ code: 'KPX_CSV_INVALID' });
      const problems = (
        body['results'] as Array<{ problems: Array<{ code: string; column: string }> }>
      )[0]!.problems;
      expect(problems.map((p) => `${p.code}@${p.column}`)).toEqual([
        'KPX_FIELD_UNKNOWN@colour',
        'KPX_FIELD_REQUIRED@importerAddress',
        'KPX_FIELD_REQUIRED@origin',
        'KPX_FIELD_REQUIRED@parcels',
        'KPX_FIELD_REQUIRED@hs',
        'KPX_FIELD_REQUIRED@carats',
        'KPX_FIELD_REQUIRED@valueUsd',
        'KPX_FIELD_REQUIRED@invoice',
        'KPX_FIELD_REQUIRED@packingList',
      ]);
      const after = await json(await ru.request('/api/v1/applications', { role: 'trader' }));
      expect(after['items']).toEqual(before['items']);
    });

    it('refuses more rows than applications.maxBulkRows at once', async () => {
      const rows = Array.from({ length: 1001 }, (_, i) => good(`R${i}`));
      const res = await upload({ csv: [header, ...rows].join('\n'), documents });
      expect(res.status).toBe(422);
      expect(await json(res)).toMatchObject({ code: 'KPX_CSV_INVALID', results: [] });
    });

    it('is for traders only', async () => {
      const res = await ru.request('/api/v1/applications/bulk', {
        method: 'POST',
        role: 'issuer',
        json: { csv: header },
      });
      expect(res.status).toBe(403);
    });
  });
});
