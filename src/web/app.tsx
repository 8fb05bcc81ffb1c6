import { BrowserRouter, matchPath, Navigate, Outlet, Route, Routes } from 'react-router';
import { RequirePermission } from './components/RequirePermission';
import { RequireSession } from './components/RequireSession';
import { SessionProvider } from './features/auth/session';
import { PublicConfigProvider } from './features/config/public-config';
import { APP_ROUTES, HOME_PATH } from './routes/nav';
import { NotFoundPage } from './routes/NotFoundPage';
import { Shell } from './routes/Shell';
import { lazyPage, type LazyPage } from './lib/lazy-page';

// Every page is its own chunk (lib/lazy-page): a resident on /saya loads their page, not the staff app.
const LoginPage = lazyPage(() => import('./routes/LoginPage'), 'LoginPage');
const ConfirmSignupPage = lazyPage(() => import('./features/venues/ConfirmSignupPage'), 'ConfirmSignupPage');
const SignupPage = lazyPage(() => import('./features/venues/SignupPage'), 'SignupPage');
const RegisterVenuePage = lazyPage(() => import('./features/venues/RegisterVenuePage'), 'RegisterVenuePage');
const VenueDetailPage = lazyPage(() => import('./features/venues/VenueDetailPage'), 'VenueDetailPage');
const CaseDetailPage = lazyPage(() => import('./features/tracing/TracingPages'), 'CaseDetailPage');
const KosReportPage = lazyPage(() => import('./features/arrivals/KosReportPage'), 'KosReportPage');
const MyPage = lazyPage(() => import('./features/citizen/MyPage'), 'MyPage');
const ViolationDetailPage = lazyPage(() => import('./features/enforcement/ViolationPages'), 'ViolationDetailPage');

const PAGES_BY_PATH: [string, unknown][] = [
  ['/login', LoginPage],
  ['/daftar-pengelola', SignupPage],
  ['/daftar-pengelola/konfirmasi', ConfirmSignupPage],
  ['/lapor-diri/kos', KosReportPage],
  ['/saya', MyPage],
  ['/venues/new', RegisterVenuePage],
  ['/venues/:id', VenueDetailPage],
  ['/cases/:id', CaseDetailPage],
  ['/enforcement/violations/:id', ViolationDetailPage],
  ...APP_ROUTES.map((r): [string, unknown] => [r.path, r.Component]),
];

/** Starts fetching the code of the page at `pathname` while the catalogue loads, rather than after the first render. */
export function preloadPageFor(pathname: string): Promise<unknown> {
  const page = PAGES_BY_PATH.find(([pattern]) => matchPath(pattern, pathname))?.[1] as Partial<LazyPage> | undefined;
  return page?.preload ? page.preload() : Promise.resolve();
}

export function App() {
  return (
    <PublicConfigProvider>
      <BrowserRouter>
        <Routes>
          {/* The public pages never ask who is signed in: an anonymous visitor's console stays free of 401s. */}
          <Route path="/daftar-pengelola" element={<SignupPage />} />
          <Route path="/lapor-diri/kos" element={<KosReportPage />} />
          <Route path="/saya" element={<MyPage />} />
          <Route element={<SessionProvider><Outlet /></SessionProvider>}>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/daftar-pengelola/konfirmasi" element={<ConfirmSignupPage />} />
            <Route
              element={
                <RequireSession>
                  <Shell />
                </RequireSession>
              }
            >
              <Route index element={<Navigate to={HOME_PATH} replace />} />
              <Route path="/venues/new" element={<RequirePermission permission="venues:register"><RegisterVenuePage /></RequirePermission>} />
              <Route path="/venues/:id" element={<VenueDetailPage />} />
              <Route path="/cases/:id" element={<RequirePermission permission="cases:read"><CaseDetailPage /></RequirePermission>} />
              <Route path="/enforcement/violations/:id" element={<RequirePermission permission="enforcement:read"><ViolationDetailPage /></RequirePermission>} />
              {APP_ROUTES.map(({ path, permission, roles, Component }) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <RequirePermission permission={permission} roles={roles}>
                      <Component />
                    </RequirePermission>
                  }
                />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </BrowserRouter>
    </PublicConfigProvider>
  );
}
