import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, withQuery } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import { listOf, type Anomaly, type ReconciliationGroup, type TradeRow } from '../api/types.js';
import { Amount } from '../components/amount.js';
import { BarChartView } from '../components/chart.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { todayUtc } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { addAmounts, plotValue, subtractAmount } from '../lib/decimal.js';
import { recentQuarters } from '../lib/periods.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

type Flow = 'export' | 'import';

const notAvailable = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 501);

type Group = { key: string; certificates: number; carats: string; valueUsd: string };

/** Rows summed by one dimension (exact decimals; certificate counts add up across rows). */
function groupBy(rows: readonly TradeRow[], key: (r: TradeRow) => string): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k) ?? { key: k, certificates: 0, carats: '0.00', valueUsd: '0.00' };
    g.certificates += r.certificates;
    g.carats = addAmounts(g.carats, r.carats);
    g.valueUsd = addAmounts(g.valueUsd, r.valueUsd);
    groups.set(k, g);
  }
  return [...groups.values()];
}

function NotAvailable({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <p className="alert alert-info" data-testid="not-available">
      {t('stats.notAvailable', { what })}
    </p>
  );
}

/** KP statistics (KPCS section V): trade by partner, HS and quarter; mirror reconciliation; anomalies. */
export default function StatisticsPage() {
  const { t, amount, count } = useI18n();
  useDocumentTitle(t('stats.title'));
  const quarters = recentQuarters(todayUtc(), 8);
  const [period, setPeriod] = useState(quarters[0] ?? '');
  const [flow, setFlow] = useState<Flow>('export');
  const year = period.slice(0, 4);

  const rowsQuery = useQuery({
    queryKey: ['statistics', period, flow],
    queryFn: async () =>
      listOf<TradeRow>(
        await api<unknown>(withQuery('/api/v1/statistics', { period, flow, format: 'json' })),
        'rows',
      ),
  });
  const yearQueries = useQueries({
    queries: ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => ({
      queryKey: ['statistics', `${year}-${q}`, flow],
      queryFn: async () =>
        listOf<TradeRow>(
          await api<unknown>(
            withQuery('/api/v1/statistics', { period: `${year}-${q}`, flow, format: 'json' }),
          ),
          'rows',
        ),
      enabled: rowsQuery.isSuccess,
    })),
  });
  const reconciliation = useQuery({
    queryKey: ['reconciliation', period],
    queryFn: async () =>
      listOf<ReconciliationGroup>(
        await api<unknown>(withQuery('/api/v1/reconciliation', { period })),
        'groups',
      ),
  });
  const anomalies = useQuery({
    queryKey: ['anomalies', period],
    queryFn: async () =>
      listOf<Anomaly>(await api<unknown>(withQuery('/api/v1/anomalies', { period })), 'anomalies'),
  });

  const rows = useMemo(() => rowsQuery.data ?? [], [rowsQuery.data]);
  const byPartner = useMemo(() => groupBy(rows, (r) => r.partner), [rows]);
  const byHs = useMemo(() => groupBy(rows, (r) => r.hs), [rows]);
  const byQuarter = useMemo(
    () =>
      yearQueries.map((q, i) => {
        const g = groupBy(q.data ?? [], () => `${year}-Q${String(i + 1)}`)[0];
        return (
          g ?? {
            key: `${year}-Q${String(i + 1)}`,
            certificates: 0,
            carats: '0.00',
            valueUsd: '0.00',
          }
        );
      }),
    [yearQueries.map((q) => q.dataUpdatedAt).join(','), year],
  );
  const chartSeries = (groups: Group[]) => [
    {
      name: t('stats.carats'),
      values: groups.map((g) => plotValue(g.carats)),
      labels: groups.map((g) => amount(g.carats)),
    },
    {
      name: t('stats.valueUsd'),
      values: groups.map((g) => plotValue(g.valueUsd)),
      labels: groups.map((g) => amount(g.valueUsd)),
    },
  ];
  const download = (format: 'csv' | 'xlsx') =>
    withQuery('/api/v1/statistics', { period, flow, format });

  return (
    <section>
      <h1>{t('stats.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('list.filters')}>
        <div className="field">
          <label htmlFor="stats-period">{t('list.period')}</label>
          <select id="stats-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="stats-flow">{t('stats.flow')}</label>
          <select id="stats-flow" value={flow} onChange={(e) => setFlow(e.target.value as Flow)}>
            <option value="export">{t('stats.exports')}</option>
            <option value="import">{t('stats.imports')}</option>
          </select>
        </div>
        <div className="field downloads">
          <span className="label-like">{t('stats.download')}</span>
          <span className="actions">
            <a className="button" href={download('csv')} download data-testid="download-csv">
              CSV
            </a>
            <a className="button" href={download('xlsx')} download data-testid="download-xlsx">
              XLSX
            </a>
          </span>
        </div>
      </form>

      <div className="card">
        <h2>
          {flow === 'export' ? t('stats.exportsIn', { period }) : t('stats.importsIn', { period })}
        </h2>
        {rowsQuery.isPending && <Loading />}
        {rowsQuery.error &&
          (notAvailable(rowsQuery.error) ? (
            <NotAvailable what={t('stats.trade')} />
          ) : (
            <ErrorState error={rowsQuery.error} />
          ))}
        {rowsQuery.data &&
          (rows.length === 0 ? (
            <p className="empty">{t('stats.noRows')}</p>
          ) : (
            <>
              <div className="grid-2">
                <div>
                  <h3>{t('stats.byPartner')}</h3>
                  <BarChartView
                    categories={byPartner.map((g) => g.key)}
                    series={chartSeries(byPartner)}
                    summary={t('stats.chartSummary', {
                      what: t('stats.byPartner'),
                      n: byPartner.length,
                    })}
                    testId="chart-partner"
                  />
                </div>
                <div>
                  <h3>{t('stats.byHs')}</h3>
                  <BarChartView
                    categories={byHs.map((g) => g.key)}
                    series={chartSeries(byHs)}
                    summary={t('stats.chartSummary', { what: t('stats.byHs'), n: byHs.length })}
                    testId="chart-hs"
                  />
                </div>
              </div>
              <h3>{t('stats.byQuarter', { year })}</h3>
              <BarChartView
                categories={byQuarter.map((g) => g.key)}
                series={chartSeries(byQuarter)}
                summary={t('stats.chartSummary', { what: t('stats.byQuarter', { year }), n: 4 })}
                testId="chart-quarter"
              />
              <table className="responsive-table" data-testid="stats-table">
                <caption>{t('stats.rows')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('list.period')}</th>
                    <th scope="col">{t('list.partner')}</th>
                    <th scope="col">{t('field.hs')}</th>
                    <th scope="col">{t('field.origin')}</th>
                    <th scope="col" className="num">
                      {t('stats.certificates')}
                    </th>
                    <th scope="col" className="num">
                      {t('field.carats')}
                    </th>
                    <th scope="col" className="num">
                      {t('field.valueUsd')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={i}>
                      <td data-label={t('list.period')}>{r.period}</td>
                      <td data-label={t('list.partner')}>{r.partner}</td>
                      <td data-label={t('field.hs')}>{r.hs}</td>
                      <td data-label={t('field.origin')}>{r.origin}</td>
                      <td data-label={t('stats.certificates')} className="num">
                        {count(r.certificates)}
                      </td>
                      <td data-label={t('field.carats')} className="num">
                        <Amount value={r.carats} />
                      </td>
                      <td data-label={t('field.valueUsd')} className="num">
                        <Amount value={r.valueUsd} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ))}
      </div>

      <div className="card">
        <h2>{t('stats.reconciliation', { period })}</h2>
        {reconciliation.isPending && <Loading />}
        {reconciliation.error &&
          (notAvailable(reconciliation.error) ? (
            <NotAvailable what={t('stats.reconciliationShort')} />
          ) : (
            <ErrorState error={reconciliation.error} />
          ))}
        {reconciliation.data &&
          (reconciliation.data.length === 0 ? (
            <p className="empty">{t('stats.noRows')}</p>
          ) : (
            reconciliation.data.map((g, i) => <MirrorGroup key={i} group={g} />)
          ))}
      </div>

      <div className="card">
        <h2>{t('stats.anomalies', { period })}</h2>
        {anomalies.isPending && <Loading />}
        {anomalies.error &&
          (notAvailable(anomalies.error) ? (
            <NotAvailable what={t('stats.anomaliesShort')} />
          ) : (
            <ErrorState error={anomalies.error} />
          ))}
        {anomalies.data &&
          (anomalies.data.length === 0 ? (
            <p className="empty">{t('stats.noAnomalies')}</p>
          ) : (
            <ul className="anomalies" data-testid="anomalies">
              {anomalies.data.map((a, i) => (
                <li key={i} className={`anomaly severity-${a.severity}`}>
                  <span className={`badge severity-badge-${a.severity}`}>
                    {t(`severity.${a.severity}`)}
                  </span>{' '}
                  <strong>{t(`anomaly.${a.kind}`)}</strong> {a.number ?? ''} {a.partner ?? ''}{' '}
                  {a.period ?? ''}
                  <br />
                  <span className="muted">{a.detail}</span>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </section>
  );
}

function MirrorGroup({ group: g }: { group: ReconciliationGroup }) {
  const { t, count, amount } = useI18n();
  const rows: { label: string; exp: string; imp: string; amount: boolean }[] = [
    {
      label: t('stats.certificates'),
      exp: String(g.exports.certificates),
      imp: String(g.imports.certificates),
      amount: false,
    },
    {
      label: t('field.parcels'),
      exp: String(g.exports.parcels),
      imp: String(g.imports.parcels),
      amount: false,
    },
    { label: t('field.carats'), exp: g.exports.carats, imp: g.imports.carats, amount: true },
    { label: t('field.valueUsd'), exp: g.exports.valueUsd, imp: g.imports.valueUsd, amount: true },
  ];
  return (
    <div className="mirror-group" data-testid="mirror-group">
      <h3>
        {g.period}: {g.exporter} → {g.importer}{' '}
        <span className="muted">{t('stats.matched', { n: count(g.matched) })}</span>
      </h3>
      <div className="table-wrap">
        <table className="compare-table">
          <caption className="visually-hidden">
            {g.exporter} → {g.importer}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('detail.figure')}</th>
              <th scope="col" className="num">
                {t('stats.exportSide')}
              </th>
              <th scope="col" className="num">
                {t('stats.importSide')}
              </th>
              <th scope="col" className="num">
                {t('detail.difference')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const diff = r.amount
                ? subtractAmount(r.imp, r.exp)
                : String(Number(r.imp) - Number(r.exp));
              const differs = !/^-?0(\.00)?$/.test(diff);
              return (
                <tr key={r.label} className={differs ? 'diff-row' : undefined}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{r.amount ? <Amount value={r.exp} /> : r.exp}</td>
                  <td className="num">{r.amount ? <Amount value={r.imp} /> : r.imp}</td>
                  <td className="num">
                    {differs ? <strong>{r.amount ? <Amount value={diff} /> : diff}</strong> : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {g.discrepancies.length > 0 && (
        <ul className="mirror-list">
          {g.discrepancies.map((d) => (
            <li key={d.number} className="diff">
              <strong>{d.number}</strong>:{' '}
              {d.differences
                .map((x) =>
                  x.field === 'carats' || x.field === 'valueUsd'
                    ? `${x.field} ${amount(x.expected)} → ${amount(x.actual)} (${amount(x.difference)})`
                    : `${x.field} ${x.expected} → ${x.actual} (${x.difference})`,
                )
                .join('; ')}
            </li>
          ))}
        </ul>
      )}
      {g.overdue.length > 0 && (
        <p className="warn-text">
          {t('stats.overdue')}:{' '}
          {g.overdue.map((o) => `${o.number} (${String(o.daysOpen)})`).join(', ')}
        </p>
      )}
      {g.notMirrored.length > 0 && (
        <p className="warn-text">
          {t('stats.notMirrored')}: {g.notMirrored.join(', ')}
        </p>
      )}
      {g.unknownConfirmations.length > 0 && (
        <p className="warn-text">
          {t('stats.unknownConfirmations')}:{' '}
          {g.unknownConfirmations.map((u) => `${u.number} (${u.reason})`).join(', ')}
        </p>
      )}
    </div>
  );
}
