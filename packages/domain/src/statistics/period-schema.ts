import * as z from 'zod';

/** Schema of a period id: a quarter, a half-year or a year. */
export const periodSchema = z
  .string()
  .max(7)
  .regex(/^[0-9]{4}(?:-(?:Q[1-4]|H[12]))?$/)
  .meta({
    id: 'Period',
    description:
      'A statistics period: a quarter "2026-Q3", a half-year "2026-H1" or a year "2026" (calendar dates, UTC).',
    examples: ['2026-Q3', '2026-H1', '2026'],
  });

/** Schema of a quarter id: trade statistics are quarterly (KPCS Annex III). */
export const quarterSchema = z
  .string()
  .max(7)
  .regex(/^[0-9]{4}-Q[1-4]$/)
  .meta({
    id: 'Quarter',
    description: 'A calendar quarter, e.g. "2026-Q3" (July to September 2026).',
    examples: ['2026-Q3'],
  });

/** Schema of a half-year id: production returns are semi-annual (KPCS Annex III). */
export const halfYearSchema = z
  .string()
  .max(7)
  .regex(/^[0-9]{4}-H[12]$/)
  .meta({
    id: 'HalfYear',
    description: 'A calendar half-year, e.g. "2026-H1" (January to June 2026).',
    examples: ['2026-H1'],
  });
