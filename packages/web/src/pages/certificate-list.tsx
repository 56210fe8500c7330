import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { api, withQuery } from '../api/client.js';
import { statuses, type CertificatePage, type Direction } from '../api/types.js';
import { Amount } from '../components/amount.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { StatusBadge } from '../components/status-badge.js';
import { collatorOf, todayUtc } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { inPeriod, recentQuarters } from '../lib/periods.js';
import { useTrustList } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

const pageSize = 25;

/** Outgoing or incoming certificates: filters, search by number, cursor paging. */
export default function CertificateListPage({ direction }: { direction: Direction }) {
  const { t, date, locale, name } = useI18n();
  useDocumentTitle(t(`nav.${direction}`));
  const [, navigate] = useLocation();
  const trust = useTrustList();
  const [status, setStatus] = useState('');
  const [partner, setPartner] = useState('');
  const [period, setPeriod] = useState('');
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const query = useQuery({
    queryKey: ['certificates', direction, status, partner, cursor ?? ''],
    queryFn: () =>
      api<CertificatePage>(
        withQuery('/api/v1/certificates', {
          direction,
          status,
          partner,
          limit: String(pageSize),
          cursor,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const participants = useMemo(() => {
    const collator = collatorOf(locale);
    return [...(trust.data?.trustList.participants ?? [])].sort((a, b) =>
      collator.compare(name(a.names, a.code), name(b.names, b.code)),
    );
  }, [trust.data, locale, name]);
  const quarters = recentQuarters(todayUtc(), 8);
  const rows = (query.data?.items ?? []).filter(
    (c) => period === '' || inPeriod(c.issuedOn, period),
  );
  const filterChanged = () => setCursors([]);

  const find = (event: FormEvent) => {
    event.preventDefault();
    const number = search.trim();
    if (number !== '') navigate(`/certificates/${encodeURIComponent(number)}`);
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t(`nav.${direction}`)}</h1>
        <form className="search" role="search" onSubmit={find}>
          <label htmlFor="find-number" className="visually-hidden">
            {t('list.searchLabel')}
          </label>
          <input
            id="find-number"
            type="search"
            placeholder={t('list.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <button type="submit" className="button">
            {t('list.find')}
          </button>
        </form>
      </div>
      <form className="filters" aria-label={t('list.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-status">{t('field.status')}</label>
          <select
            id="filter-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              filterChanged();
            }}
          >
            <option value="">{t('list.any')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-partner">{t('list.partner')}</label>
          <select
            id="filter-partner"
            value={partner}
            onChange={(e) => {
              setPartner(e.target.value);
              filterChanged();
            }}
          >
            <option value="">{t('list.any')}</option>
            {participants.map((p) => (
              <option key={p.code} value={p.code}>
                {name(p.names, p.code)} ({p.code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-period">{t('list.period')}</label>
          <select id="filter-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            <option value="">{t('list.any')}</option>
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </div>
      </form>
      {query.isPending && <Loading />}
      {query.error && <ErrorState error={query.error} />}
      {query.data && (
        <>
          {rows.length === 0 ? (
            <p className="empty" data-testid="empty-list">
              {t('list.empty')}
            </p>
          ) : (
            <table className="responsive-table" data-testid="certificate-table">
              <caption className="visually-hidden">{t(`nav.${direction}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('field.number')}</th>
                  <th scope="col">{t('list.partner')}</th>
                  <th scope="col">{t('field.status')}</th>
                  <th scope="col">{t('field.delivery')}</th>
                  <th scope="col">{t('field.issuedOn')}</th>
                  <th scope="col">{t('field.expiresOn')}</th>
                  <th scope="col" className="num">
                    {t('field.carats')}
                  </th>
                  <th scope="col" className="num">
                    {t('field.valueUsd')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.number} data-number={c.number}>
                    <th scope="row" data-label={t('field.number')}>
                      <Link href={`/certificates/${encodeURIComponent(c.number)}`}>{c.number}</Link>
                    </th>
                    <td data-label={t('list.partner')}>
                      {c.partner.participant}
                      {c.partner.authority !== null && (
                        <span className="muted"> {c.partner.authority}</span>
                      )}
                    </td>
                    <td data-label={t('field.status')}>
                      <StatusBadge status={c.status} />
                    </td>
                    <td data-label={t('field.delivery')}>{t(`delivery.${c.delivery}`)}</td>
                    <td data-label={t('field.issuedOn')}>{date(c.issuedOn)}</td>
                    <td data-label={t('field.expiresOn')}>{date(c.expiresOn)}</td>
                    <td data-label={t('field.carats')} className="num">
                      <Amount value={c.totals.carats} />
                    </td>
                    <td data-label={t('field.valueUsd')} className="num">
                      <Amount value={c.totals.valueUsd} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav className="pager" aria-label={t('list.paging')}>
            <button
              type="button"
              className="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              {t('list.previous')}
            </button>
            <span className="muted">{t('list.page', { n: cursors.length + 1 })}</span>
            <button
              type="button"
              className="button"
              disabled={query.data.nextCursor === null}
              onClick={() => {
                const next = query.data.nextCursor;
                if (next !== null) setCursors((c) => [...c, next]);
              }}
            >
              {t('list.next')}
            </button>
          </nav>
          {period !== '' && <p className="muted">{t('list.periodNote')}</p>}
        </>
      )}
    </section>
  );
}
