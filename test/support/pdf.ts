// The demo's own tiny, well-formed PDF (a label in a comment, so every document hashes
// differently): the node only checks the `%PDF-` header and keeps the bytes.
import { tinyPdf } from '../../packages/cli/src/commands/demo-applications.js';

export { tinyPdf };

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
