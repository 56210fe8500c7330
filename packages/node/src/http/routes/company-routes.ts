import { z } from 'zod';
import { createCompany, listCompanies, updateCompany } from '../../applications/companies.js';
import {
  companyChangeSchema,
  companyListSchema,
  companyRequestSchema,
  companySchema,
} from '../../applications/company-schemas.js';
import { apiRoute, problemReply } from '../api-route.js';
import { actorOf } from '../principal.js';
import { readJson } from '../read-body.js';

// Companies registered with the authority (docs/applications.md). Their trader accounts are
// made with `POST /api/v1/users` (role `trader`, `company`), their tokens with
// `POST /api/v1/tokens` — both admin only, like registering and changing companies. The list is
// also readable by the officers who read applications (the issuer's review queue filters by
// company), never by a trader: one company does not learn of the others.

const tags = ['applications'];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const companyParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'id', in: 'path' } }),
});

export const listCompaniesRoute = apiRoute({
  access: ['admin', 'issuer', 'auditor'],
  config: {
    method: 'get',
    path: '/api/v1/companies',
    tags,
    summary: 'Companies registered with the authority',
    responses: { 200: { description: 'By name.', content: json(companyListSchema) } },
  },
  async handle(ctx, c) {
    return c.json({ items: await listCompanies(ctx) });
  },
});

export const createCompanyRoute = apiRoute({
  access: ['admin'],
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/companies',
    tags,
    summary: 'Register a company (active at once)',
    request: { body: { content: json(companyRequestSchema), required: true } },
    responses: {
      201: { description: 'Registered.', content: json(companySchema) },
      409: problemReply('The licence number is registered already (KPX_CONFLICT).'),
    },
  },
  async handle(ctx, c) {
    const company = await createCompany(ctx, await readJson(c), actorOf(c));
    c.header('location', `/api/v1/companies/${encodeURIComponent(company.id)}`);
    return c.json(company, 201);
  },
});

export const updateCompanyRoute = apiRoute({
  access: ['admin'],
  body: 'api',
  config: {
    method: 'patch',
    path: '/api/v1/companies/{id}',
    tags,
    summary: 'Change a company’s name, address or status (suspended: its traders cannot apply)',
    request: {
      params: companyParams,
      body: { content: json(companyChangeSchema), required: true },
    },
    responses: {
      200: { description: 'Changed.', content: json(companySchema) },
      404: problemReply('No such company (KPX_NOT_FOUND).'),
    },
  },
  async handle(ctx, c) {
    return c.json(await updateCompany(ctx, c.req.param('id') ?? '', await readJson(c), actorOf(c)));
  },
});

export const companyRoutes = [listCompaniesRoute, createCompanyRoute, updateCompanyRoute] as const;
