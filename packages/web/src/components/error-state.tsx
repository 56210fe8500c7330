import { ApiError } from '../api/problem.js';
import { useI18n } from '../i18n/i18n.js';

/** A failed request explained: the problem's title, detail and code. */
export function ErrorState({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError) {
    return (
      <div className="alert alert-error" role="alert">
        <p className="alert-title">
          {error.code === 'KPX_FORBIDDEN' ? t('error.forbidden') : error.problem.title}
        </p>
        {error.problem.detail !== undefined && <p>{error.problem.detail}</p>}
        <p className="muted">
          <code>{error.problem.code}</code>
        </p>
      </div>
    );
  }
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{t('error.unexpected')}</p>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
