import { useId } from 'react';
import { useI18n, type Locale } from '../i18n/i18n.js';
import { locales } from '../i18n/format.js';

const labels: Record<Locale, string> = { en: 'English', ru: 'Русский', fr: 'Français' };

/** Language picker: each option named in its own language. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('common.language')}
      </label>
      <select
        id={id}
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
        data-testid="language"
      >
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {labels[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
