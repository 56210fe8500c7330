import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ApiError, problemsByPath, type FieldProblem } from '../api/problem.js';
import type { Company } from '../api/application-types.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

const problemsOf = (error: unknown): Map<string, FieldProblem[]> =>
  error instanceof ApiError && error.problem.problems !== undefined
    ? problemsByPath(error.problem.problems)
    : new Map();

/** Admin: the companies registered with the authority, and their trader accounts. */
export default function CompaniesPage() {
  const { t, dateTime } = useI18n();
  useDocumentTitle(t('company.title'));
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['companies'],
    queryFn: () => api<{ items: Company[] }>('/api/v1/companies'),
  });
  const [company, setCompany] = useState({ name: '', address: '', licence: '' });
  const [trader, setTrader] = useState({ username: '', displayName: '', company: '' });
  const [notice, setNotice] = useState<{ text: string; secret?: string } | undefined>();
  const refresh = () => void client.invalidateQueries({ queryKey: ['companies'] });
  const create = useMutation({
    mutationFn: () => api<Company>('/api/v1/companies', { method: 'POST', json: company }),
    onSuccess: (c) => {
      setNotice({ text: t('company.created', { name: c.name }) });
      setCompany({ name: '', address: '', licence: '' });
      refresh();
    },
  });
  const setStatus = useMutation({
    mutationFn: (c: Company) =>
      api<Company>(`/api/v1/companies/${encodeURIComponent(c.id)}`, {
        method: 'PATCH',
        json: { status: c.status === 'active' ? 'suspended' : 'active' },
      }),
    onSuccess: refresh,
  });
  const createTrader = useMutation({
    mutationFn: () =>
      api<{ user: { username: string }; initialPassword?: string }>('/api/v1/users', {
        method: 'POST',
        json: { ...trader, role: 'trader' },
      }),
    onSuccess: (created) => {
      setNotice({
        text: t('company.traderCreated', { username: created.user.username }),
        ...(created.initialPassword === undefined ? {} : { secret: created.initialPassword }),
      });
      setTrader({ username: '', displayName: '', company: '' });
    },
  });
  const companyProblems = problemsOf(create.error);
  const traderProblems = problemsOf(createTrader.error);
  const submitCompany = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const submitTrader = (e: FormEvent) => {
    e.preventDefault();
    createTrader.mutate();
  };
  return (
    <section>
      <h1>{t('company.title')}</h1>
      {notice !== undefined && (
        <div className="alert" role="status" data-testid="company-notice">
          <p>{notice.text}</p>
          {notice.secret !== undefined && (
            <p>
              {t('company.initialPassword')}{' '}
              <code data-testid="trader-password">{notice.secret}</code>
            </p>
          )}
        </div>
      )}
      {query.isPending && <Loading />}
      {query.error && <ErrorState error={query.error} />}
      {query.data && (
        <div className="table-wrap">
          <table className="table" data-testid="companies-table">
            <thead>
              <tr>
                <th>{t('company.name')}</th>
                <th>{t('company.licence')}</th>
                <th>{t('company.address')}</th>
                <th>{t('field.status')}</th>
                <th>{t('company.since')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((c) => (
                <tr key={c.id} data-testid="company-row">
                  <td>{c.name}</td>
                  <td>{c.licence}</td>
                  <td>{c.address}</td>
                  <td>{t(`company.status.${c.status}`)}</td>
                  <td>{dateTime(c.createdAt)}</td>
                  <td>
                    <button type="button" className="button" onClick={() => setStatus.mutate(c)}>
                      {c.status === 'active' ? t('company.suspend') : t('company.activate')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="form card" onSubmit={submitCompany} noValidate data-testid="company-form">
        <h2>{t('company.add')}</h2>
        {create.error !== null && companyProblems.size === 0 && <ErrorState error={create.error} />}
        {(['name', 'address', 'licence'] as const).map((key) => (
          <Field
            key={key}
            path={`/${key}`}
            label={t(`company.${key}`)}
            problems={companyProblems.get(`/${key}`)}
            required
          >
            {(a) => (
              <input
                {...a}
                name={key}
                value={company[key]}
                onChange={(e) => setCompany({ ...company, [key]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {t('company.add')}
          </button>
        </div>
      </form>
      <form className="form card" onSubmit={submitTrader} noValidate data-testid="trader-form">
        <h2>{t('company.addTrader')}</h2>
        {createTrader.error !== null && traderProblems.size === 0 && (
          <ErrorState error={createTrader.error} />
        )}
        <Field
          path="/company"
          label={t('company.company')}
          problems={traderProblems.get('/company')}
          required
        >
          {(a) => (
            <select
              {...a}
              name="company"
              value={trader.company}
              onChange={(e) => setTrader({ ...trader, company: e.target.value })}
            >
              <option value="">—</option>
              {query.data?.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.licence})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          path="/username"
          label={t('users.username')}
          problems={traderProblems.get('/username')}
          required
        >
          {(a) => (
            <input
              {...a}
              name="username"
              value={trader.username}
              onChange={(e) => setTrader({ ...trader, username: e.target.value })}
            />
          )}
        </Field>
        <Field
          path="/displayName"
          label={t('users.displayName')}
          problems={traderProblems.get('/displayName')}
          required
        >
          {(a) => (
            <input
              {...a}
              name="displayName"
              value={trader.displayName}
              onChange={(e) => setTrader({ ...trader, displayName: e.target.value })}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button-primary" disabled={createTrader.isPending}>
            {t('company.addTrader')}
          </button>
        </div>
      </form>
    </section>
  );
}
