import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { SessionUser } from '../api/types.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { permissions, useNodeInfo } from '../lib/session.js';
import { LanguageSwitch } from './language-switch.js';

type NavItem = { href: string; label: MessageKey; show: (user: SessionUser) => boolean };

const nav: NavItem[] = [
  { href: '/', label: 'nav.dashboard', show: (u) => permissions.officer(u.role) },
  { href: '/issue', label: 'nav.issue', show: (u) => permissions.issue(u.role) },
  {
    href: '/applications',
    label: 'nav.applications',
    show: (u) => permissions.readApplications(u.role),
  },
  { href: '/applications/new', label: 'nav.apply', show: (u) => permissions.apply(u.role) },
  { href: '/outgoing', label: 'nav.outgoing', show: (u) => permissions.officer(u.role) },
  { href: '/incoming', label: 'nav.incoming', show: (u) => permissions.officer(u.role) },
  { href: '/paper', label: 'nav.paper', show: (u) => permissions.recordPaper(u.role) },
  { href: '/statistics', label: 'nav.statistics', show: (u) => permissions.statistics(u.role) },
  { href: '/trust-list', label: 'nav.trustList', show: () => true },
  { href: '/users', label: 'nav.users', show: (u) => permissions.manageUsers(u.role) },
  { href: '/companies', label: 'nav.companies', show: (u) => permissions.manageCompanies(u.role) },
  { href: '/account', label: 'nav.account', show: () => true },
];

function isCurrent(location: string, href: string): boolean {
  return href === '/' ? location === '/' : location === href || location.startsWith(href + '/');
}

/** The console frame: skip link, header (node, language, officer, sign out), nav, main. */
export function Layout({
  user,
  onSignOut,
  children,
}: {
  user: SessionUser;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [location] = useLocation();
  const node = useNodeInfo();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <Link href="/" className="brand-link">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>{' '}
            kpx
          </Link>
          {node.data && <span className="brand-node">{node.data.authority}</span>}
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          <span className="officer" data-testid="officer">
            {user.displayName} <span className="muted">({t(`role.${user.role}`)})</span>
          </span>
          <button type="button" className="button-plain" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {nav
            .filter((item) => item.show(user))
            .map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={isCurrent(location, item.href) ? 'page' : undefined}
                  data-nav={item.href}
                >
                  {t(item.label)}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        {user.mustChangePassword === true && location !== '/account' && (
          <p className="alert alert-warn" role="status" data-testid="must-change-password">
            {t('account.mustChange')} <Link href="/account">{t('account.changePassword')}</Link>
          </p>
        )}
        {children}
      </main>
      <footer className="app-footer">
        <Link href="/verify">{t('nav.publicVerify')}</Link>
        <span className="muted">{t('footer.text')}</span>
      </footer>
    </div>
  );
}

/** The frame of public pages (verification, sign-in): no officer navigation. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="app app-public">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-link">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>{' '}
            kpx
          </span>
          <span className="brand-node">{t('public.tagline')}</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">
        <Link href="/verify">{t('nav.publicVerify')}</Link>
        <Link href="/">{t('nav.officerConsole')}</Link>
      </footer>
    </div>
  );
}
