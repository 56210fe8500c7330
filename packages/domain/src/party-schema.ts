import * as z from 'zod';
import { text, textLimits } from './field-schemas.js';

/** Exporter or importer as identified on the certificate (KPCS Annex I). */
export type Party = { name: string; address: string; licence?: string };

/** Schema of a {@link Party}. */
export const partySchema = z
  .strictObject({
    name: text(textLimits.name, 'Legal name.'),
    address: text(textLimits.address, 'Full postal address.'),
    licence: text(
      textLimits.licence,
      'Licence or registration number, where the Participant issues one.',
    ).exactOptional(),
  })
  .meta({
    id: 'Party',
    description: 'Exporter or importer: name, address, licence number if any.',
  }) satisfies z.ZodType<Party>;
