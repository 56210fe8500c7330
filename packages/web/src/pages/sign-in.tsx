import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/problem.js';
import type { SessionUser } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import type { SignInInput } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

/** Sign-in: username and password, then a TOTP code when the account has one enrolled. */
export function SignInPage({
  onSignIn,
}: {
  onSignIn: (input: SignInInput) => Promise<SessionUser>;
}) {
  const { t } = useI18n();
  useDocumentTitle(t('signIn.title'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn({ username, password, ...(needTotp ? { totp } : {}) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'KPX_TOTP_REQUIRED') {
        if (needTotp) setError(t('signIn.totpWrong'));
        setNeedTotp(true);
        setTotp('');
        setTimeout(() => totpRef.current?.focus(), 0);
      } else if (e instanceof ApiError && e.code === 'KPX_SIGN_IN_FAILED') {
        setError(needTotp ? t('signIn.totpWrong') : t('signIn.failed'));
      } else if (e instanceof ApiError) {
        setError(e.problem.detail ?? e.problem.title);
      } else {
        setError(t('error.unexpected'));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      <p className="muted">{t('signIn.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="card form" data-testid="sign-in">
        {error !== undefined && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="sign-in-username">{t('signIn.username')}</label>
          <input
            id="sign-in-username"
            name="username"
            autoComplete="username"
            required
            value={username}
            disabled={needTotp}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">{t('signIn.password')}</label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            disabled={needTotp}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {needTotp && (
          <div className="field">
            <label htmlFor="sign-in-totp">{t('signIn.totp')}</label>
            <p className="hint" id="sign-in-totp-hint">
              {t('signIn.totpHint')}
            </p>
            <input
              id="sign-in-totp"
              ref={totpRef}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              aria-describedby="sign-in-totp-hint"
              value={totp}
              onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
            />
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {needTotp ? t('signIn.verifyCode') : t('signIn.submit')}
          </button>
          {needTotp && (
            <button
              type="button"
              className="button-plain"
              onClick={() => {
                setNeedTotp(false);
                setError(undefined);
              }}
            >
              {t('common.back')}
            </button>
          )}
        </div>
      </form>
      <p>
        <a href="/verify">{t('signIn.verifyLink')}</a>
      </p>
    </section>
  );
}
