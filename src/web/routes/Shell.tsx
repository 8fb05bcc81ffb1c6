import { useEffect, useState } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Brand';
import { useMe, useSession } from '../features/auth/session';
import { PublicUrlWarning } from '../features/config/PublicUrlWarning';
import { RegionsProvider } from '../features/regions/regions-context';
import { roleLabel } from '../lib/labels';
import { ACCOUNT_PATH, HOME_PATH, visibleRoutes } from './nav';
import { NotificationBell } from '../features/notifications/NotificationBell';

/** Header, navigation and the current page, for signed-in users. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);

  // Close the (narrow-screen) menu after navigating, and on Escape.
  useEffect(() => setMenuOpen(false), [location.pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  async function onLogout() {
    setLoggingOut(true);
    await logout();
    void navigate('/login', { replace: true });
  }

  // Two-step verification is mandatory for a role held and not yet on: the server answers every other page 403 until
  // it is, so only the account page (where it is set up) is offered.
  const enrolmentOnly = me.twoFactor.required && me.twoFactor.status !== 'active';
  const routes = visibleRoutes(
    me.permissions,
    me.assignments.map((a) => a.role),
  ).filter((r) => !enrolmentOnly || r.path === ACCOUNT_PATH);

  return (
    <div className={menuOpen ? 'shell shell--menu-open' : 'shell'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link to={HOME_PATH} className="brand">
          <Logo />
          <span>{t('app.name')}</span>
        </Link>
        <div className="header-user" data-testid="header-user">
          <span className="user-name" data-testid="user-display-name">
            {me.displayName}
          </span>
          {me.assignments.length > 0 ? (
            <ul className="user-roles" aria-label={t('shell.roles')} data-testid="user-roles">
              {me.assignments.map((a) => (
                <li key={a.id}>
                  <span className="user-role">{roleLabel(a.role, t)}</span>
                  <span className="user-region">{a.regionName}</span>
                </li>
              ))}
            </ul>
          ) : (
            <span className="user-roles user-roles--none">{t('shell.noRoles')}</span>
          )}
        </div>
        <NotificationBell />
        <div className="header-lang">
          <LanguageSwitch />
        </div>
        <button
          type="button"
          className="btn btn--ghost header-logout"
          data-testid="logout"
          onClick={() => void onLogout()}
          disabled={loggingOut}
        >
          {t('auth.logout')}
        </button>
        <button
          type="button"
          className="btn btn--ghost menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="app-nav"
          data-testid="menu-toggle"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span className="menu-icon" aria-hidden="true" />
          <span className="menu-label">{menuOpen ? t('shell.closeMenu') : t('shell.menu')}</span>
        </button>
      </header>
      <div className="app-body">
        <nav id="app-nav" className="app-nav" aria-label={t('shell.mainNav')}>
          <ul>
            {routes.map((route) => (
              <li key={route.path}>
                <NavLink to={route.path} data-testid={route.testId}>
                  {t(`nav.${route.label}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          {/* The administrator is who can set PUBLIC_URL: told on every page until it is set. */}
          {me.assignments.some((a) => a.role === 'admin') && <PublicUrlWarning />}
          <RegionsProvider paused={enrolmentOnly}>
            {enrolmentOnly && location.pathname !== ACCOUNT_PATH ? <Navigate to={ACCOUNT_PATH} replace /> : <Outlet />}
          </RegionsProvider>
        </main>
      </div>
    </div>
  );
}
