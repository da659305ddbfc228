import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh.ts';
import { mayUse, navPages } from './access.ts';
import { useFeed } from './feed.tsx';
import { useOfficer, useSession } from './session.tsx';
import { useStationName } from './stations.ts';

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className="link-button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t('app.language')}
    </button>
  );
}

export function FeedStatus() {
  const { state } = useFeed();
  const { t } = useI18n();
  if (state === 'off') return null;
  const shown = state === 'live' ? 'live' : 'reconnecting';
  return (
    <span className={`feed-status feed-${state}`} data-testid="feed-status" data-state={shown} role="status">
      <span className="dot" aria-hidden="true" />
      {state === 'live'
        ? t('feed.live')
        : state === 'connecting'
          ? t('feed.connecting')
          : t('feed.reconnecting')}
    </span>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, label } = useI18n();
  const officer = useOfficer();
  const { signOut } = useSession();
  const stationName = useStationName();
  const [location] = useLocation();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            盟
          </span>
          <span>
            {t('app.brand')} · {t('app.title')}
          </span>
        </div>
        <div className="topbar-right">
          <FeedStatus />
          <span className="who">
            {officer.username} · {stationName(officer.station)} ·{' '}
            {officer.roles.map((r) => label('role', r)).join('/')}
            <span className="muted">
              {' '}
              · {t('app.node')} {officer.node}
            </span>
          </span>
          <LanguageSwitch />
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('app.title')}>
        <ul>
          {navPages
            .filter((p) => mayUse(p.page, officer.roles))
            .map((p) => (
              <li key={p.page}>
                <Link
                  href={p.path}
                  className={location === p.path ? 'active' : ''}
                  aria-current={location === p.path ? 'page' : undefined}
                >
                  {t(`nav.${p.page}` as MessageKey)}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
