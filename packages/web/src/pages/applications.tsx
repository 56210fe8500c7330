import { parseCsv } from '@kpx/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api, withQuery } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import {
  applicationStatuses,
  fileToBase64,
  type ApplicationPage,
  type ApplicationStatus,
  type BulkResult,
  type Company,
} from '../api/application-types.js';
import type { SessionUser } from '../api/types.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { useI18n } from '../i18n/i18n.js';
import { permissions } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';
import { WebhooksCard } from './applications-webhooks.js';

/**
 * A trader's own applications (and its bulk CSV upload), or for officers the review queue:
 * longest waiting first, filtered by state, with the time each has waited.
 */
export default function ApplicationsPage({ user }: { user: SessionUser }) {
  const { t, amount, dateTime, duration } = useI18n();
  const trader = permissions.apply(user.role);
  useDocumentTitle(trader ? t('app.myTitle') : t('app.queueTitle'));
  const [status, setStatus] = useState<ApplicationStatus | ''>(trader ? '' : 'submitted');
  const [company, setCompany] = useState('');
  const query = useQuery({
    queryKey: ['applications', status, company],
    queryFn: () =>
      api<ApplicationPage>(
        withQuery('/api/v1/applications', {
          status: status === '' ? undefined : status,
          company: company === '' ? undefined : company,
          order: trader ? 'desc' : 'asc',
          limit: '200',
        }),
      ),
  });
  return (
    <section>
      <h1>{trader ? t('app.myTitle') : t('app.queueTitle')}</h1>
      <div className="toolbar">
        <label>
          {t('app.filterStatus')}{' '}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as ApplicationStatus | '')}
            data-testid="application-status-filter"
          >
            <option value="">{t('app.allStatuses')}</option>
            {applicationStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`app.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {!trader && <CompanyFilter value={company} onChange={setCompany} />}
        {trader && (
          <Link href="/applications/new" className="button button-primary">
            {t('nav.apply')}
          </Link>
        )}
      </div>
      {query.isPending && <Loading />}
      {query.error && <ErrorState error={query.error} />}
      {query.data && query.data.items.length === 0 && <p className="muted">{t('app.none')}</p>}
      {query.data && query.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="applications-table">
            <thead>
              <tr>
                <th>{t('app.submittedAt')}</th>
                {!trader && <th>{t('app.company')}</th>}
                <th>{t('field.importingParticipant')}</th>
                <th>{t('field.carats')}</th>
                <th>{t('field.valueUsd')}</th>
                <th>{t('field.status')}</th>
                <th>{t('app.waiting')}</th>
                <th>{t('field.number')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((a) => (
                <tr key={a.id} data-testid="application-row" data-status={a.status}>
                  <td>
                    <Link href={`/applications/${a.id}`}>{dateTime(a.submittedAt)}</Link>
                  </td>
                  {!trader && <td>{a.company.name}</td>}
                  <td>{a.importingParticipant}</td>
                  <td className="num">{amount(a.carats)}</td>
                  <td className="num">{amount(a.valueUsd)}</td>
                  <td>
                    <span className={`badge app-${a.status}`}>{t(`app.status.${a.status}`)}</span>
                  </td>
                  <td data-testid="waiting">
                    {a.waitingSeconds === null ? '—' : duration(a.waitingSeconds)}
                  </td>
                  <td>
                    {a.certificateNumber === null
                      ? '—'
                      : `${a.certificateNumber} (${a.certificateStatus ?? ''})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {trader && <BulkUpload />}
      {trader && <WebhooksCard />}
    </section>
  );
}

/** The officers' company filter: every registered company by name, suspended ones included. */
function CompanyFilter({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const companies = useQuery({
    queryKey: ['companies'],
    queryFn: () => api<{ items: Company[] }>('/api/v1/companies'),
    staleTime: 60_000,
  });
  return (
    <label>
      {t('app.company')}{' '}
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="application-company-filter"
      >
        <option value="">{t('app.allCompanies')}</option>
        {(companies.data?.items ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Rows per request: progress moves, and no request outgrows the node's upload limit. */
const chunkRows = 25;

/** The CSV bulk upload: chunks of rows with the PDFs they name, progress, a result per row. */
function BulkUpload() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [csvFile, setCsvFile] = useState<File | undefined>();
  const [documents, setDocuments] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [result, setResult] = useState<BulkResult | undefined>();
  const [error, setError] = useState<unknown>();

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (csvFile === undefined) return;
    setError(undefined);
    setResult(undefined);
    const text = await csvFile.text();
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
    const records = parseCsv(text);
    const header = records[0];
    if (header === undefined) return;
    const rawOf = (i: number) =>
      lines
        .slice(records[i]!.line - 1, (records[i + 1]?.line ?? lines.length + 1) - 1)
        .join('\r\n');
    const byName = new Map(documents.map((f) => [f.name, f] as const));
    const total = records.length - 1;
    const all: BulkResult = { accepted: 0, refused: 0, results: [] };
    setProgress({ done: 0, total });
    try {
      for (let start = 1; start <= total; start += chunkRows) {
        const indexes = Array.from(
          { length: Math.min(chunkRows, total - start + 1) },
          (_, k) => start + k,
        );
        const csv = [rawOf(0), ...indexes.map(rawOf)].join('\r\n') + '\r\n';
        const docs: Record<string, string> = {};
        for (const i of indexes)
          for (const cell of records[i]!.fields) {
            const file = byName.get(cell.trim());
            if (file !== undefined) docs[file.name] = await fileToBase64(file);
          }
        const answer = await api<BulkResult>('/api/v1/applications/bulk', {
          method: 'POST',
          json: { csv, documents: docs },
        });
        answer.results.forEach((r, k) => {
          const record = records[indexes[k] ?? 0];
          all.results.push({ ...r, row: record?.row ?? r.row, line: record?.line ?? r.line });
        });
        all.accepted += answer.accepted;
        all.refused += answer.refused;
        setProgress({ done: indexes.at(-1) ?? total, total });
      }
      setResult(all);
    } catch (caught) {
      setError(caught);
    } finally {
      void client.invalidateQueries({ queryKey: ['applications'] });
    }
  };

  return (
    <section className="card" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('app.bulkTitle')}</h2>
      <p className="muted">{t('app.bulkIntro')}</p>
      <form className="form" onSubmit={(e) => void upload(e)} data-testid="bulk-form">
        <label>
          {t('app.bulkCsv')}{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setCsvFile(e.target.files?.[0])}
            data-testid="bulk-csv"
          />
        </label>
        <label>
          {t('app.bulkDocuments')}{' '}
          <input
            type="file"
            accept="application/pdf,.pdf"
            multiple
            onChange={(e) => setDocuments([...(e.target.files ?? [])])}
            data-testid="bulk-documents"
          />
        </label>
        <div className="actions">
          <button type="submit" className="button-primary" disabled={csvFile === undefined}>
            {t('app.bulkSubmit')}
          </button>
        </div>
      </form>
      {progress !== undefined && (
        <p>
          <progress value={progress.done} max={progress.total} />{' '}
          <span data-testid="bulk-progress">
            {t('app.bulkProgress', { done: progress.done, total: progress.total })}
          </span>
        </p>
      )}
      {error !== undefined && error instanceof ApiError && <ErrorState error={error} />}
      {result !== undefined && (
        <div role="status" data-testid="bulk-result">
          <p>{t('app.bulkDone', { accepted: result.accepted, refused: result.refused })}</p>
          <ul>
            {result.results
              .filter((r) => !r.ok)
              .flatMap((r) =>
                r.problems.map((p, k) => (
                  <li key={`${r.row}-${k}`}>
                    {t('app.bulkRow', { row: r.row })}
                    {p.column === '' ? '' : ` [${p.column}]`}: {p.message} ({p.code})
                  </li>
                )),
              )}
          </ul>
        </div>
      )}
    </section>
  );
}
