/**
 * TEST ONLY: the bytes of a tiny, well-formed one-page PDF (ISO 32000: header, catalog, pages,
 * page, xref, trailer), with `label` in a comment so every document hashes differently.
 */
export function tinyPdf(label: string): Buffer {
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n',
  ];
  let body = `%PDF-1.7\n% ${label}\n`;
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += object;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** An application's documents as the API takes them: an invoice and a packing list, base64. */
export function pdfAttachments(label = 'shipment'): Array<{
  kind: 'invoice' | 'packing-list';
  filename: string;
  contentType: string;
  content: string;
}> {
  return [
    {
      kind: 'invoice',
      filename: `invoice-${label}.pdf`,
      contentType: 'application/pdf',
      content: tinyPdf(`invoice ${label}`).toString('base64'),
    },
    {
      kind: 'packing-list',
      filename: `packing-list-${label}.pdf`,
      contentType: 'application/pdf',
      content: tinyPdf(`packing list ${label}`).toString('base64'),
    },
  ];
}
