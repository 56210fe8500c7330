import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';
import { ru } from './ru.js';
import {
  formatAmount,
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  locales,
  type Locale,
} from './format.js';

export type { Locale, MessageKey };

/** The three catalogues; `ru` and `fr` are typed against `en`'s keys (and tested for extras). */
export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, ru, fr };

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; a missing parameter stays visible as `{name}`. */
export function interpolate(template: string, params?: Params): string {
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return interpolate(catalogues[locale][key], params);
}

type I18n = {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Params): string;
  amount(value: string): string;
  count(value: number): string;
  date(value: string): string;
  dateTime(value: string): string;
  duration(seconds: number): string;
  /** A name in the current language from an `{ en, ru, fr }` record. */
  name(names: { en: string; ru: string; fr: string } | undefined, fallback: string): string;
};

const storageKey = 'kpx.locale';
const I18nContext = createContext<I18n | undefined>(undefined);

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored !== null && (locales as readonly string[]).includes(stored)) return stored as Locale;
  } catch {
    // no storage: fall through
  }
  for (const language of navigator.languages) {
    const base = language.slice(0, 2).toLowerCase();
    if ((locales as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // ignore
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      amount: (v) => formatAmount(v, locale),
      count: (v) => formatCount(v, locale),
      date: (v) => formatDate(v, locale),
      dateTime: (v) => formatDateTime(v, locale),
      duration: (s) => formatDuration(s, locale),
      name: (names, fallback) => names?.[locale] ?? fallback,
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === undefined) throw new Error('useI18n outside I18nProvider');
  return value;
}
