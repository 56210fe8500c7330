import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toCanvas } from 'qrcode';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ApiError, problemsByPath, type FieldProblem } from '../api/problem.js';
import type { SessionUser } from '../api/types.js';
import { ErrorState } from '../components/error-state.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

/** The officer's own account: password and two-factor sign-in (TOTP). */
export default function AccountPage({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  useDocumentTitle(t('account.title'));
  return (
    <section>
      <h1>{t('account.title')}</h1>
      <dl className="facts card">
        <div>
          <dt>{t('users.username')}</dt>
          <dd>{user.username}</dd>
        </div>
        <div>
          <dt>{t('users.displayName')}</dt>
          <dd>{user.displayName}</dd>
        </div>
        <div>
          <dt>{t('users.role')}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
        </div>
        <div>
          <dt>{t('account.totp')}</dt>
          <dd data-testid="totp-state">
            {user.totpEnabled ? t('account.totpOn') : t('account.totpOff')}
          </dd>
        </div>
      </dl>
      <div className="grid-2">
        <ChangePassword />
        <EnrolTotp enabled={user.totpEnabled} />
      </div>
    </section>
  );
}

function ChangePassword() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api('/api/v1/session/password', { method: 'POST', json: body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['session'] });
      setCurrent('');
      setNew('');
      setRepeat('');
    },
  });
  // A wrong current password (403 KPX_PASSWORD_WRONG) belongs next to that field.
  const byPath =
    change.error instanceof ApiError && change.error.problem.problems
      ? problemsByPath(change.error.problem.problems)
      : change.error instanceof ApiError && change.error.code === 'KPX_PASSWORD_WRONG'
        ? problemsByPath([
            {
              code: change.error.code,
              path: '/currentPassword',
              message: change.error.problem.detail ?? change.error.problem.title,
            },
          ])
        : undefined;
  const repeatProblems: FieldProblem[] | undefined = mismatch
    ? [{ code: 'KPX_VALIDATION_FAILED', path: '/repeat', message: t('account.mismatch') }]
    : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ currentPassword, newPassword });
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="change-password">
      <h2>{t('account.changePassword')}</h2>
      {change.isSuccess && (
        <p className="alert alert-ok" role="status">
          {t('account.passwordChanged')}
        </p>
      )}
      {change.error && byPath === undefined && <ErrorState error={change.error} />}
      <Field
        path="/currentPassword"
        label={t('account.currentPassword')}
        problems={byPath?.get('/currentPassword')}
        required
      >
        {(a) => (
          <input
            {...a}
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <Field
        path="/newPassword"
        label={t('account.newPassword')}
        hint={t('account.newPasswordHint')}
        problems={byPath?.get('/newPassword')}
        required
      >
        {(a) => (
          <input
            {...a}
            type="password"
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
          />
        )}
      </Field>
      <Field path="/repeat" label={t('account.repeatPassword')} problems={repeatProblems} required>
        {(a) => (
          <input
            {...a}
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={change.isPending}>
          {t('account.changePasswordSubmit')}
        </button>
      </div>
    </form>
  );
}

function EnrolTotp({ enabled }: { enabled: boolean }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [code, setCode] = useState('');
  const start = useMutation({
    mutationFn: () =>
      api<{ secret: string; otpauthUri: string }>('/api/v1/session/totp', { method: 'POST' }),
  });
  const confirm = useMutation({
    mutationFn: (body: { code: string }) =>
      api('/api/v1/session/totp/confirm', { method: 'POST', json: body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['session'] }),
  });
  useEffect(() => {
    if (start.data && canvas.current) {
      void toCanvas(canvas.current, start.data.otpauthUri, {
        margin: 2,
        width: 200,
        errorCorrectionLevel: 'M',
      });
    }
  }, [start.data]);
  const byPath =
    confirm.error instanceof ApiError && confirm.error.problem.problems
      ? problemsByPath(confirm.error.problem.problems)
      : undefined;
  const codeProblems =
    byPath?.get('/code') ??
    (confirm.error instanceof ApiError && byPath === undefined
      ? [
          {
            code: confirm.error.code,
            path: '/code',
            message: confirm.error.problem.detail ?? confirm.error.problem.title,
          },
        ]
      : undefined);
  return (
    <div className="card form" data-testid="totp">
      <h2>{t('account.totp')}</h2>
      {confirm.isSuccess ? (
        <p className="alert alert-ok" role="status">
          {t('account.totpEnrolled')}
        </p>
      ) : (
        <>
          <p>{enabled ? t('account.totpEnabledIntro') : t('account.totpIntro')}</p>
          {start.error && <ErrorState error={start.error} />}
          {enabled ? null : !start.data ? (
            <div className="actions">
              <button
                type="button"
                className="button"
                onClick={() => start.mutate()}
                disabled={start.isPending}
              >
                {t('account.totpStart')}
              </button>
            </div>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                confirm.mutate({ code });
              }}
            >
              <canvas
                ref={canvas}
                className="totp-qr"
                role="img"
                aria-label={t('account.totpQr')}
              />
              <p>
                {t('account.totpSecret')}{' '}
                <code className="secret break" data-testid="totp-secret">
                  {start.data.secret}
                </code>
              </p>
              <Field path="/code" label={t('account.totpCode')} problems={codeProblems} required>
                {(a) => (
                  <input
                    {...a}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    value={code}
                    onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                  />
                )}
              </Field>
              <div className="actions">
                <button type="submit" className="button-primary" disabled={confirm.isPending}>
                  {t('account.totpConfirm')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </div>
  );
}
