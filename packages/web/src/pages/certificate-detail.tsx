import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type { CertificateDetail, SessionUser, VerificationReport } from '../api/types.js';
import { Amount } from '../components/amount.js';
import { CertificateView } from '../components/certificate-view.js';
import { ChecksList } from '../components/checks-list.js';
import { ConfirmImportDialog } from '../components/confirm-import-dialog.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { ReasonDialog } from '../components/reason-dialog.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { eventLabel } from '../lib/event-label.js';
import { permissions, useTrustList } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

const open = new Set(['issued', 'delivered']);

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export default function CertificateDetailPage({
  number: raw,
  user,
}: {
  number: string;
  user: SessionUser;
}) {
  const number = decodeParam(raw);
  const { t, date, dateTime, count, locale } = useI18n();
  useDocumentTitle(number);
  const trust = useTrustList();
  const [dialog, setDialog] = useState<'confirm' | 'reject' | 'cancel' | undefined>();
  const query = useQuery({
    queryKey: ['certificate', number],
    queryFn: () => api<CertificateDetail>(`/api/v1/certificates/${encodeURIComponent(number)}`),
  });
  const signed = query.data?.signed ?? null;
  const verification = useQuery({
    queryKey: ['verify-document', number, signed],
    queryFn: () =>
      api<VerificationReport>('/api/v1/verify', { method: 'POST', json: { document: signed } }),
    enabled: signed !== null,
    staleTime: 60_000,
  });

  if (query.isPending) return <Loading />;
  if (query.error) {
    return (
      <section>
        <h1>{number}</h1>
        {query.error instanceof ApiError && query.error.status === 404 ? (
          <p className="alert alert-error" role="alert">
            {t('detail.notFound', { number })}
          </p>
        ) : (
          <ErrorState error={query.error} />
        )}
      </section>
    );
  }
  const d = query.data;
  const isOpen = open.has(d.status);
  // An expired certificate may still be confirmed for a shipment received on or before its
  // expiry date (decision D16); the node refuses a later receipt date with KPX_CERTIFICATE_EXPIRED.
  const canConfirm =
    d.direction === 'incoming' &&
    (isOpen || d.status === 'expired') &&
    permissions.confirm(user.role);
  const canReject = d.direction === 'incoming' && isOpen && permissions.reject(user.role);
  const canCancel = d.direction === 'outgoing' && isOpen && permissions.cancel(user.role);
  const canAmend = d.direction === 'outgoing' && isOpen && permissions.amend(user.role);
  // English is always on the form (KPCS Annex I); the officer's language is added beside it.
  const lang = locale === 'en' ? 'en' : `en,${locale}`;
  const pdfUrl = `/api/v1/certificates/${encodeURIComponent(d.number)}/pdf?lang=${lang}`;
  const labelUrl = `/api/v1/certificates/${encodeURIComponent(d.number)}/label.pdf?lang=${lang}`;
  const discrepancies = d.confirmation?.discrepancies ?? [];
  const differs = (field: string) => discrepancies.find((x) => x.field === field);

  return (
    <section data-testid="certificate-detail">
      <div className="page-head">
        <div>
          <h1>
            {d.number} <StatusBadge status={d.status} />
          </h1>
          <p className="muted">
            {t(`direction.${d.direction}`)} · {t(`delivery.${d.delivery}`)} · {t('detail.partner')}{' '}
            {d.partner.participant}
            {d.partner.authority !== null ? ` (${d.partner.authority})` : ''}
          </p>
        </div>
        <div className="actions" data-testid="detail-actions">
          {canConfirm && (
            <button
              type="button"
              className="button-primary"
              onClick={() => setDialog('confirm')}
              data-testid="action-confirm"
            >
              {t('detail.confirm')}
            </button>
          )}
          {canReject && (
            <button
              type="button"
              className="button-danger"
              onClick={() => setDialog('reject')}
              data-testid="action-reject"
            >
              {t('detail.reject')}
            </button>
          )}
          {canAmend && (
            <Link
              href={`/issue?replaces=${encodeURIComponent(d.number)}`}
              className="button"
              data-testid="action-amend"
            >
              {t('detail.amend')}
            </Link>
          )}
          {canCancel && (
            <button
              type="button"
              className="button-danger"
              onClick={() => setDialog('cancel')}
              data-testid="action-cancel"
            >
              {t('detail.cancel')}
            </button>
          )}
          {d.signed !== null && (
            <a
              className="button"
              href={pdfUrl}
              download={`${d.number.replace(/[^A-Za-z0-9.-]/g, '_')}.pdf`}
              data-testid="action-pdf"
            >
              {t('detail.downloadPdf')}
            </a>
          )}
          {d.signed !== null && (
            <a
              className="button"
              href={labelUrl}
              download={`${d.number.replace(/[^A-Za-z0-9.-]/g, '_')}-label.pdf`}
            >
              {t('detail.downloadLabel')}
            </a>
          )}
        </div>
      </div>

      {(d.replaces !== null || d.replacedBy !== null) && (
        <p className="alert alert-info">
          {d.replaces !== null && (
            <>
              {t('detail.replaces')}{' '}
              <Link href={`/certificates/${encodeURIComponent(d.replaces)}`}>
                {d.replaces}
              </Link>{' '}
            </>
          )}
          {d.replacedBy !== null && (
            <>
              {t('detail.replacedBy')}{' '}
              <Link href={`/certificates/${encodeURIComponent(d.replacedBy)}`}>{d.replacedBy}</Link>
            </>
          )}
        </p>
      )}

      <div className="card">
        <h2>{t('detail.verification')}</h2>
        {signed === null ? (
          <p className="muted">{t('detail.paperNoSignature')}</p>
        ) : verification.isPending ? (
          <Loading />
        ) : verification.error ? (
          <ErrorState error={verification.error} />
        ) : (
          <>
            <p
              className={verification.data.valid ? 'verdict verdict-ok' : 'verdict verdict-bad'}
              data-testid="detail-verdict"
            >
              {verification.data.valid ? t('detail.signatureValid') : t('detail.signatureInvalid')}
            </p>
            <ChecksList checks={verification.data.checks} />
          </>
        )}
      </div>

      <div className="card">
        <h2>{t('detail.certificate')}</h2>
        <CertificateView
          certificate={d.certificate}
          trustList={trust.data?.trustList}
          discrepancies={discrepancies}
        />
      </div>

      <div className="card" data-testid="confirmation">
        <h2>{t('detail.confirmation')}</h2>
        {d.confirmation === null ? (
          <p className="muted">{t('detail.noConfirmation')}</p>
        ) : (
          <>
            <p>
              {t('detail.confirmedBy', {
                who: d.confirmation.confirmedBy,
                at: dateTime(d.confirmation.confirmedAt),
              })}
            </p>
            <div className="table-wrap">
              <table className="compare-table">
                <caption className="visually-hidden">{t('detail.confirmation')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detail.figure')}</th>
                    <th scope="col" className="num">
                      {t('detail.certified')}
                    </th>
                    <th scope="col" className="num">
                      {t('detail.received')}
                    </th>
                    <th scope="col" className="num">
                      {t('detail.difference')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <CompareRow
                    label={t('field.parcels')}
                    expected={String(d.certificate.parcels)}
                    actual={String(d.confirmation.parcels)}
                    diff={differs('parcels')?.difference}
                    plain
                  />
                  <CompareRow
                    label={t('field.carats')}
                    expected={d.certificate.totals.carats}
                    actual={d.confirmation.carats}
                    diff={differs('carats')?.difference}
                  />
                  <CompareRow
                    label={t('field.valueUsd')}
                    expected={d.certificate.totals.valueUsd}
                    actual={d.confirmation.valueUsd}
                    diff={differs('valueUsd')?.difference}
                  />
                  {discrepancies
                    .filter((x) => x.field.startsWith('items/'))
                    .map((x) => (
                      <CompareRow
                        key={x.field}
                        label={x.field.replace(/^items\//, '').replace('/', ' · ')}
                        expected={x.expected}
                        actual={x.actual}
                        diff={x.difference}
                      />
                    ))}
                </tbody>
              </table>
            </div>
            <dl className="facts">
              <div>
                <dt>{t('field.receivedOn')}</dt>
                <dd>{date(d.confirmation.receivedOn)}</dd>
              </div>
              <div>
                <dt>{t('field.sealsIntact')}</dt>
                <dd className={d.confirmation.sealsIntact ? '' : 'diff'}>
                  {d.confirmation.sealsIntact ? t('common.yes') : t('common.no')}
                </dd>
              </div>
              {d.confirmation.remarks !== undefined && (
                <div>
                  <dt>{t('field.remarks')}</dt>
                  <dd>{d.confirmation.remarks}</dd>
                </div>
              )}
            </dl>
            <p
              className={discrepancies.length === 0 ? 'ok-text' : 'warn-text'}
              data-testid="discrepancy-count"
            >
              {discrepancies.length === 0
                ? t('confirm.noDiscrepancies')
                : t('confirm.discrepancies', { count: count(discrepancies.length) })}
            </p>
          </>
        )}
      </div>

      <div className="grid-2">
        <div className="card">
          <h2>{t('detail.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {d.events.map((e, i) => (
              <li key={i} data-event={e.type}>
                <time dateTime={e.at}>{dateTime(e.at)}</time>
                <span className="timeline-event">{eventLabel(t, e.type)}</span>
                <span className="muted">{e.actor}</span>
              </li>
            ))}
          </ol>
        </div>
        <div className="card">
          <h2>{t('detail.receipts')}</h2>
          {d.receipts.length === 0 ? (
            <p className="muted">{t('detail.noReceipts')}</p>
          ) : (
            <ul className="receipts" data-testid="receipts">
              {d.receipts.map((r) => (
                <li key={`${r.messageId}-${r.role}`}>
                  <span className={r.result === 'accepted' ? 'badge badge-ok' : 'badge badge-bad'}>
                    {t(`receipt.${r.result}`)}
                  </span>{' '}
                  <code>{r.messageType}</code>{' '}
                  {r.role === 'received'
                    ? t('receipt.fromPartner', { signer: r.signer })
                    : t('receipt.byUs', { signer: r.signer })}
                  {r.code !== undefined && <code> {r.code}</code>}
                  <br />
                  <time className="muted" dateTime={r.receivedAt}>
                    {dateTime(r.receivedAt)}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>

      {canConfirm && (
        <ConfirmImportDialog
          open={dialog === 'confirm'}
          onClose={() => setDialog(undefined)}
          certificate={d.certificate}
        />
      )}
      {canReject && (
        <ReasonDialog
          open={dialog === 'reject'}
          onClose={() => setDialog(undefined)}
          number={d.number}
          kind="rejection"
        />
      )}
      {canCancel && (
        <ReasonDialog
          open={dialog === 'cancel'}
          onClose={() => setDialog(undefined)}
          number={d.number}
          kind="cancellation"
        />
      )}
    </section>
  );
}

function CompareRow({
  label,
  expected,
  actual,
  diff,
  plain,
}: {
  label: string;
  expected: string;
  actual: string;
  diff: string | undefined;
  plain?: boolean;
}) {
  const { t } = useI18n();
  const show = (v: string) => (plain === true ? v : <Amount value={v} />);
  return (
    <tr
      className={diff !== undefined ? 'diff-row' : undefined}
      data-differs={diff !== undefined ? 'yes' : 'no'}
    >
      <th scope="row">{label}</th>
      <td className="num">{show(expected)}</td>
      <td className="num">{show(actual)}</td>
      <td className="num">
        {diff === undefined ? (
          <span className="muted">{t('detail.same')}</span>
        ) : (
          <strong>
            {show(diff)}
            <span className="visually-hidden"> {t('detail.differs')}</span>
          </strong>
        )}
      </td>
    </tr>
  );
}
