import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client.js';
import { ApiError, problemsByPath } from '../api/problem.js';
import type { ApplicationDetail, TimelineEvent } from '../api/application-types.js';
import type { SessionUser } from '../api/types.js';
import { Dialog } from '../components/dialog.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n.js';
import { eventLabel } from '../lib/event-label.js';
import { permissions } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

type Action = 'review' | 'request-changes' | 'refuse' | 'approve';

/**
 * One application: the draft's key facts, its documents (downloads, never shown inline), its
 * timeline, and once approved the certificate's own timeline to the import confirmation and its
 * discrepancies. An issuer takes the decisions here.
 */
export default function ApplicationDetailPage({ id, user }: { id: string; user: SessionUser }) {
  const { t, amount, dateTime, date, duration } = useI18n();
  useDocumentTitle(t('app.detailTitle'));
  const query = useQuery({
    queryKey: ['application', id],
    queryFn: () => api<ApplicationDetail>(`/api/v1/applications/${encodeURIComponent(id)}`),
  });
  const [dialog, setDialog] = useState<Action | undefined>();
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} />;
  const a = query.data;
  const decide = permissions.decideApplications(user.role);
  const timeline = (events: TimelineEvent[], label: (type: string) => string) => (
    <ol className="timeline">
      {events.map((e, i) => (
        <li key={i} data-event={e.type}>
          <time dateTime={e.at}>{dateTime(e.at)}</time> {label(e.type)}{' '}
          <span className="muted">{e.actor}</span>
        </li>
      ))}
    </ol>
  );
  return (
    <section>
      <p>
        <Link href="/applications">{t('app.back')}</Link>
      </p>
      <h1>
        {t('app.detailTitle')}{' '}
        <span className={`badge app-${a.status}`} data-testid="application-status">
          {t(`app.status.${a.status}`)}
        </span>
      </h1>
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t('app.company')}</dt>
            <dd>{a.company.name}</dd>
          </div>
          <div>
            <dt>{t('field.importingParticipant')}</dt>
            <dd>{a.draft.importingParticipant}</dd>
          </div>
          <div>
            <dt>{t('field.carats')}</dt>
            <dd>{amount(a.carats)}</dd>
          </div>
          <div>
            <dt>{t('field.valueUsd')}</dt>
            <dd>{amount(a.valueUsd)}</dd>
          </div>
          <div>
            <dt>{t('app.submittedAt')}</dt>
            <dd>{dateTime(a.submittedAt)}</dd>
          </div>
          {a.waitingSeconds !== null && (
            <div>
              <dt>{t('app.waiting')}</dt>
              <dd data-testid="waiting">{duration(a.waitingSeconds)}</dd>
            </div>
          )}
          {a.reason !== null && (
            <div>
              <dt>{t('app.reason')}</dt>
              <dd data-testid="application-reason">{a.reason}</dd>
            </div>
          )}
          {a.seals !== null && (
            <div>
              <dt>{t('field.seals')}</dt>
              <dd>{a.seals.join(', ')}</dd>
            </div>
          )}
          {a.check !== null && (
            <div>
              <dt>{t('app.check')}</dt>
              <dd>{a.check}</dd>
            </div>
          )}
        </dl>
      </div>
      {user.role === 'trader' && a.status === 'changes_requested' && (
        <div className="actions">
          <Link
            href={`/applications/new?revise=${encodeURIComponent(a.id)}`}
            className="button button-primary"
            data-testid="revise-link"
          >
            {t('app.revise')}
          </Link>
        </div>
      )}
      {decide && (
        <div className="actions" data-testid="decision-actions">
          {a.status === 'submitted' && (
            <button type="button" className="button-primary" onClick={() => setDialog('review')}>
              {t('app.action.review')}
            </button>
          )}
          {a.status === 'under_review' && (
            <>
              <button type="button" className="button-primary" onClick={() => setDialog('approve')}>
                {t('app.action.approve')}
              </button>
              <button type="button" className="button" onClick={() => setDialog('request-changes')}>
                {t('app.action.request-changes')}
              </button>
            </>
          )}
          {(a.status === 'submitted' || a.status === 'under_review') && (
            <button type="button" className="button" onClick={() => setDialog('refuse')}>
              {t('app.action.refuse')}
            </button>
          )}
        </div>
      )}
      <h2>{t('app.documents')}</h2>
      <ul data-testid="application-documents">
        {a.attachments.map((d) => (
          <li key={d.id}>
            <a href={`/api/v1/applications/${a.id}/attachments/${d.id}`} download={d.filename}>
              {d.filename}
            </a>{' '}
            <span className="muted">
              {t(`app.kind.${d.kind}` as 'app.kind.invoice')} · {d.size} B · SHA-256{' '}
              <code>{d.sha256.slice(0, 16)}…</code>
            </span>
          </li>
        ))}
      </ul>
      <h2>{t('app.timeline')}</h2>
      {timeline(a.events, (type) => t(`app.status.${type}` as 'app.status.submitted'))}
      {a.certificate !== null && (
        <section aria-labelledby="certificate-title" data-testid="application-certificate">
          <h2 id="certificate-title">
            {t('field.number')} {a.certificate.number}{' '}
            <span className={`badge status-${a.certificate.status}`}>
              {t(`status.${a.certificate.status}` as 'status.issued')}
            </span>
          </h2>
          <p className="muted">
            {date(a.certificate.issuedOn)} – {date(a.certificate.expiresOn)}
          </p>
          {user.role !== 'trader' && (
            <p>
              <Link href={`/certificates/${encodeURIComponent(a.certificate.number)}`}>
                {t('issue.viewCertificate')}
              </Link>
            </p>
          )}
          {timeline(a.certificate.events, (type) => eventLabel(t, type))}
          {a.certificate.confirmation !== null &&
            a.certificate.confirmation.discrepancies.length > 0 && (
              <div className="table-wrap">
                <table className="table" data-testid="discrepancies">
                  <thead>
                    <tr>
                      <th>{t('app.discrepancyField')}</th>
                      <th>{t('app.expected')}</th>
                      <th>{t('app.actual')}</th>
                      <th>{t('app.difference')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.certificate.confirmation.discrepancies.map((d) => (
                      <tr key={d.field}>
                        <td>{d.field}</td>
                        <td>{d.expected}</td>
                        <td>{d.actual}</td>
                        <td>{d.difference}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
        </section>
      )}
      {dialog !== undefined && (
        <DecisionDialog id={a.id} action={dialog} onClose={() => setDialog(undefined)} />
      )}
    </section>
  );
}

/** A decision: a reason for changes or refusal; the seals and the check for approval. */
function DecisionDialog({
  id,
  action,
  onClose,
}: {
  id: string;
  action: Action;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [seals, setSeals] = useState('');
  const [check, setCheck] = useState('');
  const decide = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<ApplicationDetail>(`/api/v1/applications/${encodeURIComponent(id)}/decision`, {
        method: 'POST',
        json: body,
      }),
    onSuccess: (data) => {
      client.setQueryData(['application', id], data);
      void client.invalidateQueries({ queryKey: ['applications'] });
      onClose();
    },
  });
  const problems =
    decide.error instanceof ApiError && decide.error.problem.problems !== undefined
      ? problemsByPath(decide.error.problem.problems)
      : new Map();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { action };
    if (action === 'refuse' || action === 'request-changes') body['reason'] = reason;
    if (action === 'approve') {
      body['seals'] = seals
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      body['check'] = check;
    }
    decide.mutate(body);
  };
  return (
    <Dialog open title={t(`app.action.${action}`)} onClose={onClose} testId="decision-dialog">
      <form className="form" onSubmit={submit} noValidate>
        {decide.error !== null && !(problems.size > 0) && <ErrorState error={decide.error} />}
        {(action === 'refuse' || action === 'request-changes') && (
          <Field path="/reason" label={t('app.reason')} problems={problems.get('/reason')} required>
            {(a) => (
              <textarea
                {...a}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
        )}
        {action === 'approve' && (
          <>
            <Field
              path="/seals"
              label={t('field.seals')}
              hint={t('field.sealsHint')}
              problems={[...problems.entries()]
                .filter(([path]) => String(path).startsWith('/seals'))
                .flatMap(([, list]) => list as never[])}
              required
            >
              {(a) => (
                <textarea
                  {...a}
                  rows={2}
                  value={seals}
                  onChange={(e) => setSeals(e.target.value)}
                />
              )}
            </Field>
            <Field
              path="/check"
              label={t('app.check')}
              hint={t('app.checkHint')}
              problems={problems.get('/check')}
              required
            >
              {(a) => (
                <textarea
                  {...a}
                  rows={3}
                  value={check}
                  onChange={(e) => setCheck(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
        <div className="actions">
          <button
            type="submit"
            className="button-primary"
            disabled={decide.isPending}
            data-testid="decision-submit"
          >
            {t(`app.action.${action}`)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
