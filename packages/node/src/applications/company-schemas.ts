import { z } from 'zod';

// Request and response schemas of the company administration (docs/applications.md): the HTTP
// boundary's validation and the OpenAPI document come from the same objects.

const text = (max: number) => z.string().trim().min(1).max(max);
const dateTime = z.string().meta({ format: 'date-time' });

/** `active` companies' traders may apply; `suspended` ones may only read what they have. */
export const companyStatuses = ['active', 'suspended'] as const;
export type CompanyStatus = (typeof companyStatuses)[number];

export const companyRequestSchema = z
  .strictObject({
    name: text(200),
    address: text(500),
    licence: text(64).meta({ description: 'The licence number the authority gave the company.' }),
  })
  .meta({ id: 'CompanyRequest' });

export const companyChangeSchema = z
  .strictObject({
    name: text(200).optional(),
    address: text(500).optional(),
    status: z.enum(companyStatuses).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'name at least one of name, address, status')
  .meta({ id: 'CompanyChange' });

export const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.string(),
    licence: z.string(),
    status: z.enum(companyStatuses),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Company' });

export const companyListSchema = z
  .object({ items: z.array(companySchema) })
  .meta({ id: 'CompanyList' });

export type Company = z.infer<typeof companySchema>;
export type CompanyRequest = z.infer<typeof companyRequestSchema>;
