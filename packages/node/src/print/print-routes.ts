import { pdfMediaType } from '@kpx/print';
import { z } from 'zod';
import { apiRoute, problemReply } from '../http/api-route.js';
import { numberParams } from '../http/schemas.js';
import { officers } from '../tokens/roles.js';
import { certificatePdf, containerLabelPdf, type PrintedPdf } from './print-certificate.js';

const tags = ['certificates'];
const query = z.object({
  lang: z.string().optional().meta({
    description: '`en`, `ru`, `fr`, `en,ru` or `en,fr`; default by the issuing Participant.',
  }),
});
const pdfContent = { [pdfMediaType]: { schema: z.string().meta({ format: 'binary' }) } };
const notPrintable = problemReply(
  'No QR payload (KPX_QR_UNAVAILABLE): recorded from paper, or received without one.',
);

function pdfResponse(printed: PrintedPdf): Response {
  return new Response(new Uint8Array(printed.pdf), {
    status: 200,
    headers: {
      'content-type': pdfMediaType,
      'content-disposition': `inline; filename="${printed.fileName}"`,
    },
  });
}

export const certificatePdfRoute = apiRoute({
  access: officers,
  config: {
    method: 'get',
    path: '/api/v1/certificates/{number}/pdf',
    tags,
    summary: 'The printable certificate (PDF, KPCS Annex I A, with its KP1 QR code)',
    request: { params: numberParams, query },
    responses: {
      200: { description: 'The PDF.', content: pdfContent },
      404: problemReply('Not held (KPX_NOT_FOUND).'),
      409: notPrintable,
      422: problemReply('Unknown language (KPX_VALIDATION_FAILED).'),
    },
  },
  async handle(ctx, c) {
    return pdfResponse(await certificatePdf(ctx, c.req.param('number') ?? '', c.req.query('lang')));
  },
});

export const containerLabelRoute = apiRoute({
  access: officers,
  config: {
    method: 'get',
    path: '/api/v1/certificates/{number}/label.pdf',
    tags,
    summary: 'The container label (PDF, KPCS Annex I C: the number and the QR code)',
    request: { params: numberParams, query },
    responses: {
      200: { description: 'The PDF.', content: pdfContent },
      404: problemReply('Not held (KPX_NOT_FOUND).'),
      409: notPrintable,
      422: problemReply('Unknown language (KPX_VALIDATION_FAILED).'),
    },
  },
  async handle(ctx, c) {
    return pdfResponse(
      await containerLabelPdf(ctx, c.req.param('number') ?? '', c.req.query('lang')),
    );
  },
});

export const printRoutes = [certificatePdfRoute, containerLabelRoute];
