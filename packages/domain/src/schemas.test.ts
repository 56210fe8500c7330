import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { certificateDraftSchema } from './certificate-draft-schema.js';
import { certificateSchema } from './certificate-schema.js';
import { confirmationInputSchema } from './confirmation-input-schema.js';
import { lineItemSchema } from './line-item-schema.js';
import { paperCertificateInputSchema } from './paper-certificate-input-schema.js';
import { partySchema } from './party-schema.js';
import { cancellationInputSchema, rejectionInputSchema } from './reason-input-schema.js';

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
};

const schemas = {
  CertificateDraft: certificateDraftSchema,
  Certificate: certificateSchema,
  Party: partySchema,
  LineItem: lineItemSchema,
  ConfirmationInput: confirmationInputSchema,
  RejectionInput: rejectionInputSchema,
  CancellationInput: cancellationInputSchema,
  PaperCertificateInput: paperCertificateInputSchema,
};

describe('schemas as JSON Schema', () => {
  it.each(Object.entries(schemas))('%s is named, described and closed', (id, schema) => {
    const json = z.toJSONSchema(schema) as JsonSchema;
    expect(json.$ref).toBe(`#/$defs/${id}`);
    const def = json.$defs?.[id];
    expect(def?.type).toBe('object');
    expect(def?.additionalProperties).toBe(false);
    expect(typeof def?.description).toBe('string');
    for (const [name, sub] of Object.entries(json.$defs ?? {})) {
      if (sub.type === 'object') expect(sub.additionalProperties, name).toBe(false);
    }
  });

  it('caps every string and array', () => {
    const json = z.toJSONSchema(certificateSchema) as JsonSchema;
    const walk = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'string' && !n.enum) expect(n.maxLength, where).toBeTypeOf('number');
      if (n.type === 'array') expect(n.maxItems, where).toBeTypeOf('number');
      for (const [k, v] of Object.entries(n)) walk(v, `${where}/${k}`);
    };
    walk(json, '');
  });

  it('lists the required certificate fields of KPCS Annex I', () => {
    const json = z.toJSONSchema(certificateSchema) as JsonSchema;
    expect(json.$defs?.Certificate?.required).toEqual([
      'number',
      'issuingAuthority',
      'exportingParticipant',
      'importingParticipant',
      'importingAuthority',
      'exporter',
      'importer',
      'origin',
      'items',
      'totals',
      'parcels',
      'issuedOn',
      'expiresOn',
      'transit',
      'seals',
    ]);
    const draft = z.toJSONSchema(certificateDraftSchema) as JsonSchema;
    expect(draft.$defs?.CertificateDraft?.required).toEqual([
      'importingParticipant',
      'exporter',
      'importer',
      'origin',
      'items',
      'parcels',
    ]);
  });
});
