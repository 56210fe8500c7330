import {
  anomalySchema,
  periodSchema,
  productionReturnSchema,
  quarterSchema,
  reconciliationGroupSchema,
  tradeRowSchema,
  tradeTotalsSchema,
  type TradeFlow,
} from '@kpx/domain';
import type { Context } from 'hono';
import { z } from 'zod';
import { apiRoute, problemReply, type ApiRoute } from '../http/api-route.js';
import type { HttpEnv } from '../http/http-env.js';
import { actorOf } from '../http/principal.js';
import { problem } from '../http/problem.js';
import { isJsonMediaType, readJson } from '../http/read-body.js';
import type { Role } from '../tokens/roles.js';
import { getAnomalies } from './get-anomalies.js';
import { getReconciliation } from './get-reconciliation.js';
import { getStatistics } from './get-statistics.js';
import { listProductionReturns, recordProductionReturn } from './record-production-return.js';
import { sendStatisticsReturn } from './send-statistics-return.js';
import { statisticsCsv } from './statistics-csv.js';
import { statisticsXlsx } from './statistics-xlsx.js';

const tags = ['statistics'];
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
/** Analysts produce statistics; an admin may read them too. */
const readers: readonly Role[] = ['analyst', 'admin'];
const writers: readonly Role[] = ['analyst'];

/** The media type of an Office Open XML workbook. */
export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const flowTotalsSchema = z.object({
  export: tradeTotalsSchema.optional(),
  import: tradeTotalsSchema.optional(),
});

export const statisticsReportSchema = z
  .object({
    period: periodSchema,
    start: z.string().meta({ format: 'date' }),
    end: z.string().meta({ format: 'date' }),
    participant: z.string(),
    authority: z.string(),
    flows: z.array(z.enum(['export', 'import'])),
    rows: z.array(tradeRowSchema),
    totals: flowTotalsSchema.meta({
      description: 'Per flow; certificates counted once each (not the sum of the rows).',
    }),
  })
  .meta({ id: 'StatisticsReport' });

const periodQuery = (description: string, optional: boolean) => {
  const s = z.string().meta({ description, example: '2026-Q3' });
  return optional ? s.optional() : s;
};

function query(c: Context<HttpEnv>, name: string): string | undefined {
  const value = c.req.query(name);
  return value === undefined || value === '' ? undefined : value;
}

function requiredPeriod(c: Context<HttpEnv>): string {
  const period = query(c, 'period');
  if (period === undefined) {
    throw problem(
      'KPX_PERIOD_INVALID',
      'Give ?period= a quarter (2026-Q3), half-year (2026-H1) or year (2026)',
    );
  }
  return period;
}

export const statisticsRoute = apiRoute({
  access: readers,
  config: {
    method: 'get',
    path: '/api/v1/statistics',
    tags,
    summary: 'Trade statistics of a period (KPCS Annex III): JSON, CSV or XLSX',
    description:
      'Exports by date of issue and imports by date of receipt (UTC), by partner × HS × origin × provenance: certificates, carats, US$ (exact decimals), with totals per flow that count each certificate once. Read from aggregates maintained with every certificate change. `format=csv`: the rows then a `TOTAL` line per flow. `format=xlsx`: a sheet per flow laid out like the KP statistical tables, numeric cells with two decimals and the exact figures as text beside them.',
    request: {
      query: z.object({
        period: periodQuery('A quarter (2026-Q3), half-year (2026-H1) or year (2026).', false),
        flow: z.enum(['export', 'import']).optional(),
        format: z.enum(['json', 'csv', 'xlsx']).optional(),
      }),
    },
    responses: {
      200: {
        description: 'The statistics.',
        content: {
          ...json(statisticsReportSchema),
          'text/csv': { schema: z.string() },
          [xlsxMediaType]: { schema: z.string().meta({ format: 'binary' }) },
        },
      },
      422: problemReply('Bad period, flow or format (KPX_PERIOD_INVALID, KPX_VALIDATION_FAILED).'),
    },
  },
  async handle(ctx, c) {
    const flow = query(c, 'flow');
    if (flow !== undefined && flow !== 'export' && flow !== 'import') {
      throw problem('KPX_VALIDATION_FAILED', 'flow is export or import');
    }
    const format = query(c, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'xlsx') {
      throw problem('KPX_VALIDATION_FAILED', 'format is json, csv or xlsx');
    }
    const report = await getStatistics(ctx, {
      period: requiredPeriod(c),
      ...(flow === undefined ? {} : { flow: flow as TradeFlow }),
    });
    const name = `kpx-statistics-${report.authority}-${report.period}${flow === undefined ? '' : `-${flow}`}`;
    if (format === 'csv') {
      return c.body(statisticsCsv(report), 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${name}.csv"`,
      });
    }
    if (format === 'xlsx') {
      return new Response(await statisticsXlsx(report), {
        status: 200,
        headers: {
          'content-type': xlsxMediaType,
          'content-disposition': `attachment; filename="${name}.xlsx"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    }
    return c.json(report);
  },
});

const returnRequestSchema = z
  .object({ period: quarterSchema })
  .meta({ id: 'StatisticsReturnRequest' });
const queuedReturnSchema = z
  .object({
    messageId: z.string(),
    period: quarterSchema,
    to: z.literal('KP-REGISTRY'),
    endpoint: z.string().meta({ format: 'uri' }),
    rows: z.int(),
    totals: z.object({ export: tradeTotalsSchema, import: tradeTotalsSchema }),
  })
  .meta({ id: 'QueuedStatisticsReturn' });

export const sendReturnRoute = apiRoute({
  access: writers,
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/statistics/returns',
    tags,
    summary: 'Send the quarterly return to the registry (signed statistics.return)',
    description:
      'Builds the quarter’s return from the aggregates (every row of both flows and the totals) and queues it as a signed `statistics.return` envelope to `KP-REGISTRY` at `statistics.registryUrl` (default `trustList.registryUrl`); delivered like any message, until the registry’s signed receipt. The registry keeps the latest return per authority and quarter.',
    request: { body: { content: json(returnRequestSchema), required: true } },
    responses: {
      202: { description: 'Queued.', content: json(queuedReturnSchema) },
      422: problemReply('Not a quarter (KPX_PERIOD_INVALID).'),
      500: problemReply('No registry configured (KPX_CONFIG_INVALID), or unexpected.'),
    },
  },
  async handle(ctx, c) {
    const body = await readJson(c);
    const period =
      typeof body === 'object' && body !== null ? (body as { period?: unknown }).period : undefined;
    return c.json(await sendStatisticsReturn(ctx, { period, actor: actorOf(c) }), 202);
  },
});

const rowResultSchema = z.object({
  row: z.int().meta({ description: 'As a spreadsheet numbers it: the header is row 1.' }),
  ok: z.boolean(),
  problems: z.array(z.object({ code: z.string(), column: z.string(), message: z.string() })),
});
const storedProductionSchema = productionReturnSchema.extend({
  source: z.enum(['json', 'csv']),
  recordedAt: z.string().meta({ format: 'date-time' }),
  recordedBy: z.string(),
});
const recordedProductionSchema = z
  .object({ results: z.array(rowResultSchema), returns: z.array(storedProductionSchema) })
  .meta({ id: 'RecordedProduction' });

export const productionRoute = apiRoute({
  access: writers,
  body: 'api',
  config: {
    method: 'post',
    path: '/api/v1/production',
    tags,
    summary: 'Record half-year production returns (JSON, or CSV from a spreadsheet)',
    description:
      '`application/json`: one return `{ period: "2026-H1", entries }`; any problem → 422 `KPX_VALIDATION_FAILED` with every problem (JSON pointers). `text/csv`: header `period,carats,valueUsd[,notes]`, one row per half-year; the answer lists every row `{ row, ok, problems[{ code, column, message }] }` — any bad row → 422 `KPX_CSV_INVALID` with those `results`. All or nothing: on 422 nothing is stored. A period returned again replaces the earlier return.',
    request: {
      body: {
        content: { ...json(productionReturnSchema), 'text/csv': { schema: z.string() } },
        required: true,
      },
    },
    responses: {
      201: { description: 'Stored.', content: json(recordedProductionSchema) },
      422: problemReply(
        'Invalid return (KPX_VALIDATION_FAILED with problems) or CSV rows (KPX_CSV_INVALID with results).',
      ),
    },
  },
  async handle(ctx, c) {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    const actor = actorOf(c);
    if (type === 'text/csv') {
      return c.json(
        await recordProductionReturn(ctx, { kind: 'csv', text: await c.req.text(), actor }),
        201,
      );
    }
    if (!isJsonMediaType(type)) {
      throw problem(
        'KPX_UNSUPPORTED_MEDIA_TYPE',
        'Send the return as application/json or text/csv',
      );
    }
    const body = await readJson(c);
    return c.json(await recordProductionReturn(ctx, { kind: 'json', body, actor }), 201);
  },
});

export const productionListRoute = apiRoute({
  access: readers,
  config: {
    method: 'get',
    path: '/api/v1/production',
    tags,
    summary: 'The production returns recorded, all or of one half-year',
    request: { query: z.object({ period: periodQuery('A half-year (2026-H1).', true) }) },
    responses: {
      200: {
        description: 'Returns by period.',
        content: json(z.object({ returns: z.array(storedProductionSchema) })),
      },
    },
  },
  async handle(ctx, c) {
    return c.json({ returns: await listProductionReturns(ctx, query(c, 'period')) });
  },
});

const reconciliationReportSchema = z
  .object({
    period: periodSchema.optional(),
    today: z.string().meta({ format: 'date' }),
    overdueDays: z.int(),
    groups: z.array(reconciliationGroupSchema),
  })
  .meta({ id: 'ReconciliationReport' });

export const reconciliationRoute = apiRoute({
  access: readers,
  config: {
    method: 'get',
    path: '/api/v1/reconciliation',
    tags,
    summary: 'Mirror reconciliation per partner and certificate',
    description:
      'Per quarter of issue and route (exporter → importer): our exports against the confirmations partners sent, partners’ certificates against the confirmations we sent — totals of both sides, every certificate whose figures differ, exports unconfirmed after `statistics.overdueDays` (default 30), confirmations of unknown, cancelled or superseded certificates. Without `period`: the whole history.',
    request: {
      query: z.object({
        period: periodQuery('A quarter, half-year or year; left out: the whole history.', true),
      }),
    },
    responses: {
      200: { description: 'The reconciliation.', content: json(reconciliationReportSchema) },
      422: problemReply('Bad period (KPX_PERIOD_INVALID).'),
    },
  },
  async handle(ctx, c) {
    const period = query(c, 'period');
    return c.json(await getReconciliation(ctx, period === undefined ? {} : { period }));
  },
});

const anomalyReportSchema = z
  .object({
    period: periodSchema,
    today: z.string().meta({ format: 'date' }),
    anomalies: z.array(anomalySchema),
  })
  .meta({ id: 'AnomalyReport' });

export const anomaliesRoute = apiRoute({
  access: readers,
  config: {
    method: 'get',
    path: '/api/v1/anomalies',
    tags,
    summary: 'Anomalies of a period: value per carat, reuse, expired unconfirmed, volume jumps',
    request: { query: z.object({ period: periodQuery('A quarter, half-year or year.', false) }) },
    responses: {
      200: { description: 'Most severe first.', content: json(anomalyReportSchema) },
      422: problemReply('Bad period (KPX_PERIOD_INVALID).'),
    },
  },
  async handle(ctx, c) {
    return c.json(await getAnomalies(ctx, { period: requiredPeriod(c) }));
  },
});

/** The statistics routes (ARCHITECTURE.md HTTP table). */
export const statisticsRoutes: readonly ApiRoute[] = Object.freeze([
  statisticsRoute,
  sendReturnRoute,
  productionRoute,
  productionListRoute,
  reconciliationRoute,
  anomaliesRoute,
]);
