import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import * as domain from '../index.js';

const statisticsSchemas = {
  periodSchema: 'Period',
  quarterSchema: 'Quarter',
  halfYearSchema: 'HalfYear',
  tradeRowSchema: 'TradeRow',
  tradeTotalsSchema: 'TradeTotals',
  productionEntrySchema: 'ProductionEntry',
  productionReturnSchema: 'ProductionReturn',
  reconciliationGroupSchema: 'ReconciliationGroup',
  anomalySchema: 'Anomaly',
} as const;

describe('statistics schemas', () => {
  it.each(Object.entries(statisticsSchemas))(
    '%s is exported with id %s, a description, and a JSON Schema',
    (name, id) => {
      const schema = (domain as Record<string, unknown>)[name];
      expect(schema).toBeInstanceOf(z.ZodType);
      const meta = (schema as z.ZodType).meta();
      expect(meta?.id).toBe(id);
      expect(String(meta?.description).length).toBeGreaterThan(20);
      const json = z.toJSONSchema(schema as z.ZodType, {
        target: 'draft-2020-12',
        unrepresentable: 'any',
      });
      expect(json).toBeTruthy();
    },
  );

  it('statistics codes are registered', () => {
    for (const code of ['KPX_PERIOD_INVALID', 'KPX_CSV_INVALID', 'KPX_STATISTICS_INCONSISTENT']) {
      expect(domain.isKpxCode(code), code).toBe(true);
    }
    expect(domain.errorCodes.KPX_PERIOD_INVALID.status).toBe(422);
    expect(domain.errorCodes.KPX_STATISTICS_INCONSISTENT.status).toBe(500);
  });

  it('the functions are exported from the package', () => {
    for (const name of [
      'quarterOf',
      'halfOf',
      'parsePeriod',
      'tradeFactsOf',
      'tradeFactChanges',
      'applyFact',
      'aggregateTrade',
      'totalsOf',
      'parseProductionCsv',
      'validateProductionReturn',
      'reconcile',
      'valuePerCaratBands',
      'detectAnomalies',
      'toCsv',
      'parseCsv',
    ]) {
      expect(typeof (domain as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
