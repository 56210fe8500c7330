import { useMemo } from 'react';
import type { TrustListData } from '../api/types.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { collatorOf } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useTrustList } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

type KeyState = 'valid' | 'revoked' | 'expired' | 'pending';

function keyState(key: TrustListData['keys'][number], now: number): KeyState {
  if (key.revokedAt !== undefined && Date.parse(key.revokedAt) <= now) return 'revoked';
  if (Date.parse(key.validFrom) > now) return 'pending';
  if (key.validTo !== undefined && Date.parse(key.validTo) < now) return 'expired';
  return 'valid';
}

/** The trust list this node uses: freshness, Participants, authorities and keys. */
export default function TrustListPage() {
  const { t, dateTime, duration, name, locale } = useI18n();
  useDocumentTitle(t('trust.title'));
  const query = useTrustList();
  const now = Date.now();
  const participants = useMemo(() => {
    const collator = collatorOf(locale);
    return [...(query.data?.trustList.participants ?? [])].sort((a, b) =>
      collator.compare(name(a.names, a.code), name(b.names, b.code)),
    );
  }, [query.data, locale, name]);
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} />;
  const view = query.data;
  const list = view.trustList;
  const stale = Date.parse(list.nextUpdate) < now;
  const withEndpoint = list.authorities.filter((a) => a.endpoint !== undefined);
  return (
    <section>
      <h1>{t('trust.title')}</h1>
      <div className={stale ? 'alert alert-error' : 'alert alert-ok'} data-testid="trust-freshness">
        <p className="alert-title">
          {stale ? t('trust.stale') : t('trust.fresh')} —{' '}
          {t('trust.version', { version: list.version })}
        </p>
        <p>
          {t('trust.loaded', { age: duration(view.ageSeconds) })} ·{' '}
          {t('trust.issuedAt', { at: dateTime(list.issuedAt) })} ·{' '}
          {t('trust.nextUpdate', { at: dateTime(list.nextUpdate) })}
        </p>
        <p className="muted">
          {t(`trust.verification.${view.verification}`)} · <code>{view.source}</code>
        </p>
      </div>

      <div className="card">
        <h2>{t('trust.keys')}</h2>
        <table className="responsive-table" data-testid="trust-keys">
          <caption className="visually-hidden">{t('trust.keys')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('trust.authority')}</th>
              <th scope="col">{t('trust.kid')}</th>
              <th scope="col">{t('trust.alg')}</th>
              <th scope="col">{t('trust.validFrom')}</th>
              <th scope="col">{t('trust.validTo')}</th>
              <th scope="col">{t('trust.state')}</th>
            </tr>
          </thead>
          <tbody>
            {list.keys.map((k) => {
              const state = keyState(k, now);
              return (
                <tr key={k.kid}>
                  <td data-label={t('trust.authority')}>{k.authority}</td>
                  <td data-label={t('trust.kid')}>
                    <code className="break">{k.kid}</code>
                  </td>
                  <td data-label={t('trust.alg')}>{k.alg}</td>
                  <td data-label={t('trust.validFrom')}>{dateTime(k.validFrom)}</td>
                  <td data-label={t('trust.validTo')}>
                    {k.validTo === undefined ? '—' : dateTime(k.validTo)}
                  </td>
                  <td data-label={t('trust.state')}>
                    <span className={`badge key-${state}`}>{t(`trust.keyState.${state}`)}</span>
                    {k.revokedAt !== undefined && (
                      <span className="muted">
                        {' '}
                        {dateTime(k.revokedAt)} {k.revocationReason ?? ''}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="card">
        <h2>{t('trust.nodes', { n: withEndpoint.length })}</h2>
        <table className="responsive-table" data-testid="trust-authorities">
          <caption className="visually-hidden">{t('trust.authorities')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('trust.authority')}</th>
              <th scope="col">{t('trust.name')}</th>
              <th scope="col">{t('trust.roles')}</th>
              <th scope="col">{t('trust.endpoint')}</th>
            </tr>
          </thead>
          <tbody>
            {withEndpoint.map((a) => (
              <tr key={a.id}>
                <td data-label={t('trust.authority')}>{a.id}</td>
                <td data-label={t('trust.name')}>{name(a.names, a.id)}</td>
                <td data-label={t('trust.roles')}>{authorityRoles(t, a)}</td>
                <td data-label={t('trust.endpoint')}>
                  <code className="break">{a.endpoint}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <details>
          <summary>{t('trust.allAuthorities', { n: list.authorities.length })}</summary>
          <table className="responsive-table">
            <caption className="visually-hidden">{t('trust.authorities')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('trust.authority')}</th>
                <th scope="col">{t('trust.name')}</th>
                <th scope="col">{t('trust.roles')}</th>
                <th scope="col">{t('trust.pattern')}</th>
              </tr>
            </thead>
            <tbody>
              {list.authorities.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('trust.authority')}>{a.id}</td>
                  <td data-label={t('trust.name')}>{name(a.names, a.id)}</td>
                  <td data-label={t('trust.roles')}>{authorityRoles(t, a)}</td>
                  <td data-label={t('trust.pattern')}>
                    <code>{a.numberPattern}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>

      <div className="card">
        <h2>{t('trust.participants', { n: participants.length })}</h2>
        <ul className="participant-list" data-testid="trust-participants">
          {participants.map((p) => (
            <li key={p.code} className={p.status === 'suspended' ? 'suspended' : undefined}>
              <code>{p.code}</code> {name(p.names, p.code)}
              {p.status === 'suspended' && (
                <span className="badge badge-bad"> {t('trust.suspended')}</span>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function authorityRoles(
  t: ReturnType<typeof useI18n>['t'],
  a: { mayIssue: boolean; mayImport: boolean; defaultImporting: boolean },
): string {
  return [
    a.mayIssue ? t('trust.issues') : '',
    a.mayImport ? t('trust.imports') : '',
    a.defaultImporting ? t('trust.default') : '',
  ]
    .filter(Boolean)
    .join(', ');
}
