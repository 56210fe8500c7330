import { useI18n } from '../i18n/i18n.js';

/** An exact amount, formatted by text for the current language. */
export function Amount({ value, unit }: { value: string; unit?: 'ct' | 'usd' }) {
  const { amount, t } = useI18n();
  const text = amount(value);
  if (unit === 'usd') return <span className="amount">{t('unit.usd', { amount: text })}</span>;
  if (unit === 'ct') return <span className="amount">{t('unit.carats', { amount: text })}</span>;
  return <span className="amount">{text}</span>;
}
