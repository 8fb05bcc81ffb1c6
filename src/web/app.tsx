import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RequirePermission } from './components/RequirePermission';
import { RequireSession } from './components/RequireSession';
import { SessionProvider } from './features/auth/session';
import { PublicConfigProvider } from './features/config/public-config';
import { PublicZonesPage } from './features/policies/PublicZonesPage';
import { LoginPage } from './routes/LoginPage';
import { ConfirmSignupPage } from './features/venues/ConfirmSignupPage';
import { SignupPage } from './features/venues/SignupPage';
import { PublicVenuePage, PublicVenuesPage } from './features/venues/PublicVenuePages';
import { RegisterVenuePage } from './features/venues/RegisterVenuePage';
import { VenueDetailPage } from './features/venues/VenueDetailPage';
import { CaseDetailPage } from './features/tracing/TracingPages';
import { ArrivalReportPage } from './features/arrivals/ArrivalReportPage';
import { MyPage } from './features/citizen/MyPage';
import { ViolationDetailPage } from './features/enforcement/ViolationPages';
import { APP_ROUTES, HOME_PATH } from './routes/nav';
import { NotFoundPage } from './routes/NotFoundPage';
import { Shell } from './routes/Shell';

export function App() {
  return (
    <PublicConfigProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/daftar-pengelola" element={<SignupPage />} />
            <Route path="/daftar-pengelola/konfirmasi" element={<ConfirmSignupPage />} />
            <Route path="/tempat" element={<PublicVenuesPage />} />
            <Route path="/tempat/:id" element={<PublicVenuePage />} />
            <Route path="/zona" element={<PublicZonesPage />} />
            <Route path="/lapor-diri" element={<ArrivalReportPage />} />
            <Route path="/saya" element={<MyPage />} />
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
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </PublicConfigProvider>
  );
}
