import { certificateStatuses, type CertificateStatus } from '@kpx/domain';
import { z } from 'zod';
import { apiRoute } from '../http/api-route.js';
import { officers } from '../tokens/roles.js';
import { readDashboard } from './dashboard.js';

const statusCounts = z
  .object(
    Object.fromEntries(certificateStatuses.map((s) => [s, z.int().nonnegative()])) as Record<
      CertificateStatus,
      z.ZodInt
    >,
  )
  .meta({ id: 'StatusCounts', description: 'Certificates per status; every status is present.' });

export const dashboardSchema = z
  .object({
    certificates: z.object({ outgoing: statusCounts, incoming: statusCounts }),
    overdueDeliveries: z.int().nonnegative().meta({
      description: 'Outgoing messages still undelivered past the overdue age (still retrying).',
    }),
    overdueConfirmations: z.int().nonnegative().meta({
      description:
        'Incoming certificates delivered (or issued) and not confirmed N days after issue (config `console.overdueConfirmationDays`, default 30).',
    }),
    deadLetters: z.int().nonnegative(),
    recentActivity: z
      .array(
        z.object({
          number: z.string(),
          type: z.string(),
          at: z.string().meta({ format: 'date-time' }),
          actor: z.string(),
        }),
      )
      .meta({ description: 'The last 20 certificate events, newest first.' }),
    trustList: z.object({ version: z.int(), ageSeconds: z.int().nonnegative() }),
  })
  .meta({ id: 'Dashboard' });

export const dashboardRoute = apiRoute({
  access: officers,
  config: {
    method: 'get',
    path: '/api/v1/dashboard',
    tags: ['console'],
    summary: 'Figures for the console’s home page',
    responses: {
      200: {
        description: 'The figures.',
        content: { 'application/json': { schema: dashboardSchema } },
      },
    },
  },
  async handle(ctx, c) {
    return c.json(await readDashboard(ctx));
  },
});
