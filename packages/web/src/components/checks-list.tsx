import type { Check } from '../api/types.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';

const known = new Set([
  'format',
  'header',
  'key-known',
  'key-authority',
  'key-valid-at-signing',
  'key-not-revoked',
  'signature',
  'payload',
  'schema',
  'claims',
  'document',
]);

/** Every verification check, in order, with its outcome, code and message. */
export function ChecksList({ checks }: { checks: readonly Check[] }) {
  const { t } = useI18n();
  return (
    <ol className="checks" data-testid="checks">
      {checks.map((c) => (
        <li
          key={c.check}
          className={c.ok ? 'check check-ok' : 'check check-failed'}
          data-check={c.check}
        >
          <span className="check-mark" aria-hidden="true">
            {c.ok ? '✓' : '✗'}
          </span>
          <span className="check-name">
            {known.has(c.check) ? t(`check.${c.check}` as MessageKey) : c.check}
            <span className="visually-hidden">
              {': '}
              {c.ok ? t('verify.checkPassed') : t('verify.checkFailed')}
            </span>
          </span>
          <span className="check-message">
            {c.message}
            {c.code !== undefined && (
              <>
                {' '}
                <code>{c.code}</code>
              </>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
