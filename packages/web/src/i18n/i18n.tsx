import catalog from '@tiemeng/api/record-catalog.json';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en.ts';
import { type MessageKey, zh } from './zh.ts';

/** Record statuses as their record types declare them (the catalog's JSON copy). */
const STATUS_LABELS: Readonly<Record<string, { zh: string; en: string }>> = Object.assign(
  {},
  ...Object.values(catalog).map((type) => type.statusLabels),
);

export type Lang = 'zh' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'tiemeng.lang';
const tables: Record<Lang, Record<MessageKey, string>> = { zh, en };

/** `?lang=en` wins, then the officer's last choice, then Chinese. */
function initialLang(): Lang {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked === 'en' || asked === 'zh') {
    // Kept like the header switch, so a reload stays in the language the link asked for.
    window.localStorage.setItem(STORAGE_KEY, asked);
    return asked;
  }
  return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

/** Fills `{name}` placeholders. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  t: Translate;
  /**
   * A label for an API value (`status`/`filed`, `category`/`other`…), the raw value when unknown;
   * statuses as their record types declare them.
   */
  label: (group: string, value: string) => string;
  setLang: (lang: Lang) => void;
  /** A date-time as officers read it: local time, 24 h. */
  dateTime: (iso: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const table = tables[lang];
    const dtf = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    return {
      lang,
      setLang,
      t: (key, params) => format(table[key], params),
      label: (group, value) =>
        group === 'status'
          ? (STATUS_LABELS[value]?.[lang] ?? value)
          : ((table as Record<string, string>)[`${group}.${value}`] ?? value),
      dateTime: (iso) => (iso ? dtf.format(new Date(iso)) : '—'),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
