import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api/client.js';
import { statuses, type Dashboard, type SessionUser } from '../api/types.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { useI18n } from '../i18n/i18n.js';
import { eventLabel } from '../lib/event-label.js';
import { permissions } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

/** A trust list older than this is shown as a warning (nodes refresh it at least daily). */
const staleAfterSeconds = 36 * 3600;

export default function DashboardPage({ user }: { user: SessionUser }) {
  const { t, count, dateTime, duration } = useI18n();
  useDocumentTitle(t('dashboard.title'));
  const query = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => api<Dashboard>('/api/v1/dashboard'),
    refetchInterval: 30_000,
  });
  return (
    <section>
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <div className="actions">
          {permissions.issue(user.role) && (
            <Link href="/issue" className="button button-primary" data-testid="issue-button">
              {t('dashboard.issue')}
            </Link>
          )}
          {permissions.recordPaper(user.role) && (
            <Link href="/paper" className="button">
              {t('nav.paper')}
            </Link>
          )}
        </div>
      </div>
      <p className="muted">{t('dashboard.welcome', { name: user.displayName })}</p>
      {query.isPending && <Loading />}
      {query.error && <ErrorState error={query.error} />}
      {query.data && (
        <>
          <div className="tiles">
            <Tile
              label={t('dashboard.overdueDeliveries')}
              value={count(query.data.overdueDeliveries)}
              warn={query.data.overdueDeliveries > 0}
            />
            <Tile
              label={t('dashboard.overdueConfirmations')}
              value={count(query.data.overdueConfirmations)}
              warn={query.data.overdueConfirmations > 0}
            />
            <Tile
              label={t('dashboard.deadLetters')}
              value={count(query.data.deadLetters)}
              warn={query.data.deadLetters > 0}
            />
            <Tile
              label={t('dashboard.trustList')}
              value={t('dashboard.trustListValue', {
                version: query.data.trustList.version,
                age: duration(query.data.trustList.ageSeconds),
              })}
              warn={query.data.trustList.ageSeconds > staleAfterSeconds}
            />
          </div>
          <div className="grid-2">
            {(['outgoing', 'incoming'] as const).map((direction) => (
              <div className="card" key={direction}>
                <h2>
                  <Link href={`/${direction}`}>{t(`nav.${direction}`)}</Link>
                </h2>
                <table className="compact">
                  <caption className="visually-hidden">
                    {t(`dashboard.byStatus.${direction}`)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('field.status')}</th>
                      <th scope="col" className="num">
                        {t('dashboard.count')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {statuses.map((s) => (
                      <tr key={s} data-testid={`${direction}-${s}`}>
                        <th scope="row">{t(`status.${s}`)}</th>
                        <td className="num">{count(query.data.certificates[direction][s] ?? 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </div>
          <div className="card">
            <h2>{t('dashboard.recentActivity')}</h2>
            {query.data.recentActivity.length === 0 ? (
              <p className="muted">{t('dashboard.noActivity')}</p>
            ) : (
              <ul className="activity">
                {query.data.recentActivity.map((a, i) => (
                  <li key={i}>
                    <time dateTime={a.at}>{dateTime(a.at)}</time>{' '}
                    <Link href={`/certificates/${encodeURIComponent(a.number)}`}>{a.number}</Link>{' '}
                    <span>{eventLabel(t, a.type)}</span> <span className="muted">{a.actor}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function Tile({ label, value, warn }: { label: string; value: string; warn: boolean }) {
  return (
    <div className={warn ? 'tile tile-warn' : 'tile'}>
      <p className="tile-value">{value}</p>
      <p className="tile-label">{label}</p>
    </div>
  );
}
